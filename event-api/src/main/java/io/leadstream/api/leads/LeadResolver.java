package io.leadstream.api.leads;

import io.leadstream.leaddb.LeadReads;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Which lead a webhook or session export is about: the lead database's lead with that email, else
 * with that phone; else a new lead whose id is derived from the workspace and the email (or phone
 * digits), so a retried webhook, or a second call before crm-sink wrote the first, lands on the
 * same new lead instead of creating two.
 */
public final class LeadResolver {
  /** The lead, and whether it is new (the caller then sends its profile as LEAD_UPSERTED). */
  public record Resolution(String leadId, boolean isNew) {
  }

  private final LeadReads leads;

  public LeadResolver(LeadReads leads) {
    this.leads = leads;
  }

  public Resolution resolve(String workspaceId, String email, String phone) {
    Optional<String> found = Optional.empty();
    if (email != null) {
      found = leads.leadIdByEmail(workspaceId, email);
    }
    if (found.isEmpty() && phone != null) {
      found = leads.leadIdByPhone(workspaceId, phone);
    }
    if (found.isPresent()) {
      return new Resolution(found.get(), false);
    }
    String identity = email != null ? "email:" + email.strip().toLowerCase(Locale.ROOT)
        : "phone:" + phoneKey(phone);
    return new Resolution("lead-" + UUID.nameUUIDFromBytes((workspaceId + "|" + identity)
        .getBytes(StandardCharsets.UTF_8)), true);
  }

  /** Digits, NANP numbers without their country code, so +1 305… and 305… agree. */
  static String phoneKey(String phone) {
    String digits = phone.replaceAll("\\D", "");
    return digits.length() == 11 && digits.startsWith("1") ? digits.substring(1) : digits;
  }
}
