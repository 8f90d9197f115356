package io.leadstream.schemas.topic;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identity of a lead, and the record key of every lead-keyed topic (SPEC §3): a lead is the pair
 * (workspaceId, leadId), written {@code <workspaceId>/<leadId>}. Two workspaces may use the same
 * leadId; they are two leads everywhere. The workspace id cannot contain {@code /}, so the first
 * {@code /} separates the two parts unambiguously (a leadId may contain {@code /}).
 */
public record LeadKey(String workspaceId, String leadId) {
    /** SPEC §3: lower-case letters, digits, {@code _} and {@code -}, starting with a letter or digit, ≤ 63 characters. */
    public static final Pattern WORKSPACE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /**
     * Not a workspace: {@code global} is the scope of the shared do-not-call lists in {@code compliance.dnc.v1}
     * ({@code global/<E.164>}); a workspace of that name would make its internal list everyone's.
     */
    public static final String RESERVED_GLOBAL_SCOPE = "global";
    public static final int MAX_LEAD_ID_LENGTH = 128;
    public static final char SEPARATOR = '/';

    public LeadKey {
        Optional<String> problem = problem(workspaceId, leadId);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** The record key {@code <workspaceId>/<leadId>}. */
    public static String of(String workspaceId, String leadId) {
        return new LeadKey(workspaceId, leadId).toString();
    }

    /** Parses a record key; empty when it is not {@code <valid workspaceId>/<valid leadId>}. */
    public static Optional<LeadKey> parse(String key) {
        return keyProblem(key).isPresent() ? Optional.empty() : Optional.of(split(key));
    }

    /** Why {@code key} is not a lead key; empty when it is one. */
    public static Optional<String> keyProblem(String key) {
        if (key == null) {
            return Optional.of("record key is missing (lead-keyed topics are keyed <workspaceId>/<leadId>)");
        }
        int slash = key.indexOf(SEPARATOR);
        if (slash < 0) {
            return Optional.of("record key '" + abbreviate(key) + "' has no '/': lead-keyed topics are keyed <workspaceId>/<leadId>");
        }
        return problem(key.substring(0, slash), key.substring(slash + 1)).map(p -> "record key '" + abbreviate(key) + "': " + p);
    }

    /**
     * Why a record keyed {@code key} cannot carry a value of {@code workspaceId} / {@code leadId}:
     * a malformed key, or a key naming another lead than the value (SPEC §3: such a record goes to the DLQ).
     */
    public static Optional<String> mismatch(String key, String workspaceId, String leadId) {
        Optional<String> problem = problem(workspaceId, leadId);
        if (problem.isPresent()) {
            return problem;
        }
        Optional<String> keyProblem = keyProblem(key);
        if (keyProblem.isPresent()) {
            return keyProblem;
        }
        if (!key.equals(workspaceId + SEPARATOR + leadId)) {
            return Optional.of("record key '" + abbreviate(key) + "' is not the value's lead '" + abbreviate(workspaceId + SEPARATOR + leadId)
                    + "': lead-keyed records are keyed <workspaceId>/<leadId> of their value");
        }
        return Optional.empty();
    }

    /** Why (workspaceId, leadId) is not a lead identity; empty when it is one. */
    public static Optional<String> problem(String workspaceId, String leadId) {
        if (workspaceId == null || workspaceId.isEmpty()) {
            return Optional.of("workspaceId is missing");
        }
        if (!validWorkspaceId(workspaceId)) {
            return Optional.of(RESERVED_GLOBAL_SCOPE.equals(workspaceId)
                    ? "workspaceId 'global' is reserved (the scope of the shared do-not-call lists)"
                    : "workspaceId '" + abbreviate(workspaceId) + "' must match " + WORKSPACE_ID.pattern());
        }
        if (leadId == null || leadId.isEmpty()) {
            return Optional.of("leadId is missing");
        }
        if (leadId.length() > MAX_LEAD_ID_LENGTH) {
            return Optional.of("leadId has " + leadId.length() + " characters, more than " + MAX_LEAD_ID_LENGTH);
        }
        return Optional.empty();
    }

    public static boolean validWorkspaceId(String workspaceId) {
        return workspaceId != null && WORKSPACE_ID.matcher(workspaceId).matches() && !RESERVED_GLOBAL_SCOPE.equals(workspaceId);
    }

    @Override
    public String toString() {
        return workspaceId + SEPARATOR + leadId;
    }

    private static LeadKey split(String key) {
        int slash = key.indexOf(SEPARATOR);
        return new LeadKey(key.substring(0, slash), key.substring(slash + 1));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
