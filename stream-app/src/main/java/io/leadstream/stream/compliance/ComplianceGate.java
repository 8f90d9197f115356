package io.leadstream.stream.compliance;

import io.leadstream.schemas.common.Channel;
import io.leadstream.schemas.common.ConsentKind;
import io.leadstream.schemas.common.LeadStatus;
import io.leadstream.schemas.compliance.Decision;
import io.leadstream.schemas.compliance.DncEntry;
import io.leadstream.schemas.compliance.GateRule;
import io.leadstream.schemas.lead.Consent;
import io.leadstream.schemas.lead.LeadState;
import io.leadstream.schemas.topic.DncKey;
import io.leadstream.stream.geo.PhoneNumbers;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The compliance gates of SPEC §7, evaluated for one would-be trigger, in this order:
 * <ol>
 *   <li>lead opted out / {@code doNotCall} / phone on the <em>internal</em> DNC list of the lead's own
 *       workspace (scope = its workspaceId) → CANCEL
 *       ({@link GateRule#OPTED_OUT}, {@link GateRule#DO_NOT_CALL}, {@link GateRule#INTERNAL_DNC});</li>
 *   <li>outreach consent required by config and no granted OUTREACH_WRITTEN consent captured for the lead's
 *       phone → BLOCK ({@link GateRule#CONSENT_MISSING}): a consent for another number never allows this one;</li>
 *   <li>phone on a national/state (scope {@link DncKey#GLOBAL}) DNC list (or no valid phone to check it
 *       with) → BLOCK ({@link GateRule#DNC_LIST});</li>
 *   <li>outside the lead-local calling window ∩ step window → DEFER to the next allowed slot
 *       ({@link GateRule#CALLING_WINDOW});</li>
 *   <li>a frequency cap reached → DEFER to the earliest instant the caps allow
 *       ({@link GateRule#FREQUENCY_CAP_24H}, {@link GateRule#FREQUENCY_CAP_7D}).</li>
 * </ol>
 * Another workspace's internal list never applies: its opt-outs are its own customers' (SPEC §3).
 * Gates 4 and 5 are re-checked against each other until the deferral time passes both (bounded by
 * {@link ComplianceConfig#maxDeferralRounds()}); the verdict names the first of them that moved it.
 *
 * <p>Channels: CALL runs all five. SMS runs 1–4 and is also cancelled by {@code doNotEmail}: a text
 * is a call under the TCPA (so windows, DNC and consent apply) and electronic marketing like an email.
 * The caps count calls only. EMAIL is cancelled on opt-out ({@link GateRule#OPTED_OUT}) or
 * {@code doNotEmail} ({@link GateRule#DO_NOT_EMAIL}); TASK (work for a sales rep) only on opt-out.
 *
 * <p>Pure and thread-safe: the same request and DNC list always give the same verdict.
 */
public final class ComplianceGate {
    private final ComplianceConfig config;
    private final CallingWindows windows;
    private final NextAllowedSlot slots;
    private final LeadLocalityResolver localities;

    public ComplianceGate(ComplianceConfig config, CallingWindows windows, LeadLocalityResolver localities) {
        this.config = Objects.requireNonNull(config, "config");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.slots = new NextAllowedSlot(windows);
        this.localities = Objects.requireNonNull(localities, "localities");
    }

    public ComplianceConfig config() {
        return config;
    }

    public NextAllowedSlot slots() {
        return slots;
    }

    public LeadLocalityResolver localities() {
        return localities;
    }

    /** Decides {@code request}; {@code dnc} answers for the lead's E.164 phone in the global scope and the lead's workspace. */
    public GateVerdict evaluate(GateRequest request, DncLookup dnc) {
        LeadState lead = request.lead();
        LeadLocality locality = localities.resolve(lead.getProfile());
        Verdicts v = new Verdicts(request.at(), locality);
        Channel channel = request.channel();

        if (lead.getStatus() == LeadStatus.OPTED_OUT) {
            return v.of(Decision.CANCEL, GateRule.OPTED_OUT, "lead opted out"
                    + (lead.getOptedOutAt() != null ? " at " + lead.getOptedOutAt() : "")
                    + (lead.getOptOutReason() != null ? " (" + lead.getOptOutReason() + ")" : ""));
        }
        if (channel == Channel.TASK) {
            return v.allow();
        }
        if (channel == Channel.EMAIL) {
            return lead.getDoNotEmail() ? v.of(Decision.CANCEL, GateRule.DO_NOT_EMAIL, "lead is doNotEmail") : v.allow();
        }
        // CALL, SMS and anything unknown get the call gates: the strict reading.
        if (lead.getDoNotCall()) {
            return v.of(Decision.CANCEL, GateRule.DO_NOT_CALL, "lead is doNotCall");
        }
        if (channel == Channel.SMS && lead.getDoNotEmail()) {
            return v.of(Decision.CANCEL, GateRule.DO_NOT_EMAIL, "lead is doNotEmail: no electronic marketing, texts included");
        }
        Optional<String> phone = PhoneNumbers.normalize(lead.getProfile().getPhone());
        Optional<DncEntry> internal = phone.flatMap(p -> dnc.find(lead.getWorkspaceId(), p)).filter(e -> inForce(e, request.at()));
        if (internal.isPresent()) {
            return v.of(Decision.CANCEL, GateRule.INTERNAL_DNC, phone.get() + " is on workspace " + lead.getWorkspaceId()
                    + "'s internal do-not-call list since " + internal.get().getAddedAt() + reasonSuffix(internal.get()));
        }
        // Without a valid phone the DNC gate below blocks: no consent can be bound to an unusable number.
        if (config.outreachConsentRequired() && phone.isPresent() && !hasOutreachConsent(lead, phone.get())) {
            return v.of(Decision.BLOCK, GateRule.CONSENT_MISSING, "no granted OUTREACH_WRITTEN consent for " + phone.get()
                    + " on record and the configuration requires it" + otherNumbers(lead, phone.get()));
        }
        if (phone.isEmpty()) {
            return v.of(Decision.BLOCK, GateRule.DNC_LIST, "phone '" + lead.getProfile().getPhone()
                    + "' is missing or not a valid number, so the do-not-call list cannot be checked");
        }
        Optional<DncEntry> listed = dnc.find(DncKey.GLOBAL, phone.get()).filter(e -> inForce(e, request.at()));
        if (listed.isPresent()) {
            return v.of(Decision.BLOCK, GateRule.DNC_LIST, phone.get() + " is on the " + listed.get().getSource()
                    + " do-not-call list since " + listed.get().getAddedAt() + reasonSuffix(listed.get()));
        }
        return timing(request, locality, v, channel == Channel.CALL);
    }

    /** When the calling window (legal ∩ {@code stepWindow}) that allows {@code at} closes for {@code locality}. */
    public Instant windowClosesAt(Instant at, LeadLocality locality, LocalWindow stepWindow) {
        return slots.closesAt(at, locality, stepWindow);
    }

    /** Gates 4 and 5, re-checked against each other until the time passes both. */
    private GateVerdict timing(GateRequest request, LeadLocality locality, Verdicts v, boolean capped) {
        Instant t = request.at();
        GateRule first = null;
        String firstWhy = null;
        for (int round = 0; round < config.maxDeferralRounds(); round++) {
            Optional<Instant> slot = slots.next(t, locality, request.stepWindow());
            if (slot.isEmpty()) {
                return v.of(Decision.BLOCK, GateRule.CALLING_WINDOW, "no allowed calling slot within " + NextAllowedSlot.DEFAULT_HORIZON.toDays()
                        + " days for " + locality.describe() + " and step window " + request.stepWindow());
            }
            if (slot.get().isAfter(t)) {
                if (first == null) {
                    first = GateRule.CALLING_WINDOW;
                    firstWhy = windowReason(t, locality, request.stepWindow());
                }
                t = slot.get();
            }
            if (capped) {
                Optional<FrequencyCaps.Cap> exceeded = config.caps().exceeded(t, request.recentCalls());
                if (exceeded.isPresent()) {
                    if (first == null) {
                        first = exceeded.get().rule();
                        firstWhy = "frequency cap of " + exceeded.get() + " reached (" + request.recentCalls().size() + " recent calls)";
                    }
                    t = config.caps().earliestAllowed(t, request.recentCalls());
                    continue;
                }
            }
            if (first == null) {
                return v.allow();
            }
            return v.defer(first, firstWhy, t);
        }
        return v.of(Decision.BLOCK, first == null ? GateRule.CALLING_WINDOW : first, "no time passing both the calling window and the frequency caps within "
                + config.maxDeferralRounds() + " rounds");
    }

    private String windowReason(Instant at, LeadLocality locality, LocalWindow stepWindow) {
        Optional<ZoneId> zone = locality.zone();
        String step = stepWindow == null ? "" : " ∩ step window " + stepWindow;
        if (zone.isPresent()) {
            LocalDate date = LocalDate.ofInstant(at, zone.get());
            Optional<LocalWindow> w = slots.windowOn(date, locality, stepWindow);
            String state = locality.state().orElse(null);
            String today = w.map(LocalWindow::toString).orElseGet(() -> "closed (" + date.getDayOfWeek()
                    + windows.noCallDayName(state, date).map(n -> ", " + n).orElse("") + ")");
            return "outside the calling window for " + locality.describe() + step + ": on " + date + " it is " + today;
        }
        return "outside the strictest calling window" + step + ": zone unknown (" + locality.describe()
                + "), so a call must be legal in every candidate zone";
    }

    /** The latest written outreach decision captured for {@code e164Phone} is a grant: consent is bound to its number. */
    static boolean hasOutreachConsent(LeadState lead, String e164Phone) {
        Consent latest = null;
        for (Consent c : lead.getConsents()) {
            if (c.getKind() == ConsentKind.OUTREACH_WRITTEN && e164Phone.equals(c.getPhone())
                    && (latest == null || c.getCapturedAt().isAfter(latest.getCapturedAt()))) {
                latest = c;
            }
        }
        return latest != null && latest.getGranted();
    }

    private static String otherNumbers(LeadState lead, String e164Phone) {
        String others = lead.getConsents().stream()
                .filter(c -> c.getKind() == ConsentKind.OUTREACH_WRITTEN && c.getGranted() && !e164Phone.equals(c.getPhone()))
                .map(c -> c.getPhone() == null ? "no number" : c.getPhone()).distinct().sorted()
                .collect(java.util.stream.Collectors.joining(", "));
        return others.isEmpty() ? "" : " (written consent on record only for " + others + ")";
    }

    private static boolean inForce(DncEntry entry, Instant at) {
        return entry.getExpiresAt() == null || entry.getExpiresAt().isAfter(at);
    }

    private static String reasonSuffix(DncEntry entry) {
        return entry.getReason() == null ? "" : " (" + entry.getReason() + ")";
    }

    /** Builds verdicts carrying the lead-local time the gate saw. */
    private static final class Verdicts {
        private final Instant at;
        private final LeadLocality locality;

        Verdicts(Instant at, LeadLocality locality) {
            this.at = at;
            this.locality = locality;
        }

        GateVerdict allow() {
            return new GateVerdict(Decision.ALLOW, GateRule.UNKNOWN, "all gates passed at " + seen(at), at, Optional.empty(),
                    locality.zone(), local(at));
        }

        GateVerdict of(Decision decision, GateRule rule, String why) {
            return new GateVerdict(decision, rule, why + "; lead-local time " + seen(at), at, Optional.empty(), locality.zone(), local(at));
        }

        GateVerdict defer(GateRule rule, String why, Instant until) {
            return new GateVerdict(Decision.DEFER, rule, why + "; lead-local time " + seen(at) + "; deferred to " + seen(until),
                    at, Optional.of(until), locality.zone(), local(at));
        }

        private Optional<String> local(Instant t) {
            return locality.zone().map(z -> LocalDateTime.ofInstant(t, z).truncatedTo(ChronoUnit.SECONDS).toString());
        }

        private String seen(Instant t) {
            return locality.zone().map(z -> LocalDateTime.ofInstant(t, z).truncatedTo(ChronoUnit.SECONDS) + " " + z)
                    .orElse(t.truncatedTo(ChronoUnit.SECONDS) + " (zone unknown)");
        }
    }
}
