package io.leadstream.sink.matching;

/** A Salesforce Lead or Contact the sink writes to. */
public record Target(String objectType, String id) {
  public static Target lead(String id) {
    return new Target("Lead", id);
  }

  public static Target contact(String id) {
    return new Target("Contact", id);
  }
}
