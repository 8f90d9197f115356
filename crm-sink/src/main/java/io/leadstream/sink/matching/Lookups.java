package io.leadstream.sink.matching;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The Salesforce searches matching needs, answered in bulk (one request serves many leads). */
public interface Lookups {
  /** Contacts by email; keys are the lower-cased emails asked for. */
  Map<String, List<Target>> contactsByEmail(Collection<String> emails);

  /**
   * Leads by email; unconverted ones as Lead targets, converted ones as their ConvertedContactId
   * Contact targets. Keys are lower-cased emails.
   */
  Map<String, List<Target>> leadsByEmail(Collection<String> emails);

  /** Unconverted Leads and Contacts with this phone (E.164, searched by its digits). */
  List<Target> byPhone(String e164);
}
