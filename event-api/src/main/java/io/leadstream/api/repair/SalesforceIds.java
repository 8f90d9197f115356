package io.leadstream.api.repair;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Salesforce record ids as an operator pastes them. The first three characters of an id are its
 * object's key prefix — {@code 00Q} Lead, {@code 003} Contact — per Salesforce's "Standard Field Record
 * ID Prefix Decoder" (https://help.salesforce.com/s/articleView?id=000385203&type=1). An 18-character id
 * is the case-sensitive 15-character id plus a 3-character case checksum, so a 15-character id names the
 * same record as the 18-character id it begins.
 */
public final class SalesforceIds {
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$");

  private SalesforceIds() {
  }

  public static boolean wellFormed(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Lead or Contact by the id's key prefix; empty for any other object. */
  public static Optional<String> leadOrContact(String id) {
    if (id.startsWith("00Q")) {
      return Optional.of("Lead");
    }
    if (id.startsWith("003")) {
      return Optional.of("Contact");
    }
    return Optional.empty();
  }

  /** Whether {@code given} (15 or 18 characters) names the record {@code candidate}. */
  public static boolean sameRecord(String given, String candidate) {
    if (given.equals(candidate)) {
      return true;
    }
    return given.length() == 15 && candidate.length() == 18 && candidate.startsWith(given);
  }
}
