package io.leadstream.leaddb;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code leads} as crm-sink wrote it from {@code lead.state.v1} and {@code
 * lead.engagement.v1}: the seed-004 profile, the SPEC §5 state and the engagement score.
 */
public record Lead(String workspaceId, String leadId, String email, String firstName, String lastName,
                   String phone, String company, String segment, String status, String preferredContactTime,
                   String timeZone, String state, boolean doNotCall, boolean doNotEmail, Instant optedOutAt,
                   String optOutReason, int callsPlaced, int callsAnswered, int noAnswerStreak,
                   long totalTalkSeconds, Instant lastContactedAt, String lastCallId, boolean trialOffered,
                   boolean trialAccepted, boolean upgradeOffered, boolean upgradeAccepted, boolean meetingBooked,
                   String useCase, String teamSize, List<String> painPoints, Integer lastQualificationScore,
                   String nextAction, String activeCadenceId, int engagementScore, Instant engagementAsOf,
                   Instant createdAt, Instant lastEventAt, Instant updatedAt, long version) {
}
