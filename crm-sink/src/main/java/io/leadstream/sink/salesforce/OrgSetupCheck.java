package io.leadstream.sink.salesforce;

import io.leadstream.salesforce.preflight.DescribedObject;
import io.leadstream.salesforce.preflight.Preflight;
import io.leadstream.salesforce.preflight.SetupProblem;
import io.leadstream.sink.summary.FieldNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Whether one workspace's org has what the sink writes (salesforce-metadata's preflight over the
 * describes of Lead, Contact, Task and Event, under the workspace's field names). Describes cost API
 * budget, so a passed check is kept for the life of the connection — a reconnect or new settings
 * build a new one — and only a check that found problems runs again, which the sink does on the
 * workspace's setup back-off, or after a write failed with a field error ({@link #recheck}). Its
 * describes also give {@link FieldLimits} the field lengths it would otherwise fetch itself.
 */
public final class OrgSetupCheck {
  private final SalesforceClient client;
  private final FieldNames fields;
  private final boolean createsLeads;
  private final FieldLimits limits;
  private final Preflight preflight;
  private boolean passed;

  public OrgSetupCheck(SalesforceClient client, FieldNames fields, boolean createsLeads, FieldLimits limits,
                       Preflight preflight) {
    this.client = client;
    this.fields = fields;
    this.createsLeads = createsLeads;
    this.limits = limits;
    this.preflight = preflight;
  }

  /**
   * The org's setup problems, each naming its object and field; empty when it is ready.
   *
   * @throws SalesforceApiException when a describe fails other than for an object the integration user cannot see
   *     (the org throttled, the grant is gone, …): the workspace's failure of that kind
   */
  public synchronized List<SetupProblem> problems() {
    if (passed) {
      return List.of();
    }
    Map<String, DescribedObject> described = new LinkedHashMap<>();
    for (String object : Preflight.OBJECTS) {
      JsonNode describe;
      try {
        describe = client.describe(object);
      } catch (SalesforceApiException e) {
        if (e.status() == 404 || e.hasCode("NOT_FOUND") || e.hasCode("INVALID_TYPE")) {
          continue; // the preflight reports it as not accessible
        }
        throw e;
      }
      described.put(object, DescribedObject.fromDescribe(describe));
      limits.learn(object, describe);
    }
    List<SetupProblem> problems = preflight.check(fields.asMap(), createsLeads, described);
    passed = problems.isEmpty();
    return problems;
  }

  /** A write failed for the org's setup: the next attempt checks the org again, naming what is wrong. */
  public synchronized void recheck() {
    passed = false;
  }
}
