package io.leadstream.sink.matching;

/** One way of finding a lead's Salesforce record; a workspace lists them in the order to try. */
public enum MatchStrategy {
  /** Contact.Email equals the lead's email. */
  CONTACT_EMAIL,
  /** Lead.Email equals it and IsConverted = false; a converted Lead leads to its ConvertedContactId. */
  LEAD_EMAIL,
  /** SOSL over phone fields on the E.164-normalised number. */
  PHONE
}
