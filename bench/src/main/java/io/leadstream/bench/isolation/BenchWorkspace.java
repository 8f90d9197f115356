package io.leadstream.bench.isolation;

import io.leadstream.bench.e2e.TaskAcknowledgements;
import io.leadstream.bench.sink.SinkRecords;
import io.leadstream.sfemu.SalesforceEmulator;

/**
 * One workspace of the bench: its id, how it is connected, its own Salesforce org (an emulator) with
 * one Contact per lead, the listener that hears the org's Tasks, and each lead's state version so far
 * (versions only grow, across every phase, as stream-app's do). Its leads are called round robin.
 */
final class BenchWorkspace {

  private final String id;
  private final String connection;
  private final SalesforceEmulator org;
  private final TaskAcknowledgements acks;
  private final long[] versions;
  private int nextLead;

  BenchWorkspace(String id, String connection, SalesforceEmulator org, int leads) {
    this.id = id;
    this.connection = connection;
    this.org = org;
    this.versions = new long[leads];
    SinkRecords.seedContacts(org, leads, this::email);
    this.acks = TaskAcknowledgements.keepingTasks(org);
  }

  String id() {
    return id;
  }

  /** How the sink reaches the org, for the report. */
  String connection() {
    return connection;
  }

  SalesforceEmulator org() {
    return org;
  }

  TaskAcknowledgements acks() {
    return acks;
  }

  int leads() {
    return versions.length;
  }

  String leadId(int lead) {
    return "lead-" + lead;
  }

  String email(int lead) {
    return "lead" + lead + "@" + id + ".example";
  }

  /** The lead the next call goes to (the sender's thread only). */
  int nextLead() {
    int lead = nextLead;
    nextLead = (nextLead + 1) % versions.length;
    return lead;
  }

  /** The lead's next state version: one more call placed. */
  long nextVersion(int lead) {
    return ++versions[lead];
  }

  /** The newest version produced for the lead; what its Contact must show once everything landed. */
  long version(int lead) {
    return versions[lead];
  }

  @Override
  public String toString() {
    return id;
  }
}
