package io.leadstream.sink.leaddb;

/** A cached match: the lead is written to this Salesforce record. */
public record LeadLink(String leadId, String salesforceObject, String salesforceId, String matchedBy) {
}
