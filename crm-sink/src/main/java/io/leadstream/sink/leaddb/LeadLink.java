package io.leadstream.sink.leaddb;

import io.leadstream.sink.matching.Phones;
import io.leadstream.sink.matching.TargetResolver.Identity;
import java.util.Locale;
import java.util.Objects;

/**
 * A cached match: the lead is written to this Salesforce record. It remembers the email and phone it
 * was matched by, so a lead whose email or phone changed is matched again rather than written to a
 * record that may no longer be its own (an operator's choice from the review queue has neither).
 */
public record LeadLink(String leadId, String salesforceObject, String salesforceId, String matchedBy,
                       String matchedEmail, String matchedPhone) {

  /** Whether the lead's current identity is still the one the link was made by. */
  public boolean stillFits(Identity current) {
    boolean email = matchedEmail == null || current.email() == null
        || normal(matchedEmail).equals(normal(current.email()));
    boolean phone = matchedPhone == null || current.phone() == null
        || Objects.equals(Phones.e164(matchedPhone), Phones.e164(current.phone()));
    return email && phone;
  }

  private static String normal(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }
}
