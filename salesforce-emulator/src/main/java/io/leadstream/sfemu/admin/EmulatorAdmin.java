package io.leadstream.sfemu.admin;

import io.leadstream.sfemu.fault.Faults;
import io.leadstream.sfemu.oauth.OAuthService;
import io.leadstream.sfemu.org.FieldDef;
import io.leadstream.sfemu.org.ObjectDef;
import io.leadstream.sfemu.org.Org;
import io.leadstream.sfemu.org.RecordListener;
import io.leadstream.sfemu.org.RecordService;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.rest.ApiUsage;
import io.leadstream.sfemu.rest.Json;
import io.leadstream.sfemu.rest.RequestStats;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Test and bench control of the emulator — not part of Salesforce. The same operations are served
 * over HTTP under /__admin by {@link AdminEndpoints}.
 */
public final class EmulatorAdmin {

  private final Org org;
  private final RecordService records;
  private final OAuthService oauth;
  private final Faults faults;
  private final ApiUsage usage;
  private final RequestStats stats;

  public EmulatorAdmin(Org org, RecordService records, OAuthService oauth, Faults faults, ApiUsage usage, RequestStats stats) {
    this.org = org;
    this.records = records;
    this.oauth = oauth;
    this.faults = faults;
    this.usage = usage;
    this.stats = stats;
  }

  /**
   * Inserts a record directly, bypassing create/update access and required-field checks (so
   * e.g. converted Leads with IsConverted/ConvertedContactId can be set up); returns its 18-char id.
   */
  public String seed(String type, Map<String, ?> fields) {
    String id = records.seed(objectType(type), Json.MAPPER.valueToTree(fields));
    org.persist();
    return id;
  }

  /** All live records of a type, every field (null when unset). */
  public List<Map<String, Object>> records(String type) {
    ObjectDef t = objectType(type);
    return org.all(t).stream().map(r -> RecordService.fullRecord(t, r)).toList();
  }

  /** Reports every record the REST API creates from now on (in-JVM only), see {@link RecordListener}. */
  public void addRecordListener(RecordListener listener) {
    records.addListener(listener);
  }

  public void removeRecordListener(RecordListener listener) {
    records.removeListener(listener);
  }

  /**
   * Forgets records of a type as if they never existed (no tombstone, unlike a REST delete): lets a long
   * bench keep the org at a steady size, since lookups by external id scan a type's records. Ids that are
   * not there are ignored; returns how many were removed.
   */
  public int purge(String type, Collection<String> ids) {
    ObjectDef t = objectType(type);
    int removed = org.locked(() -> {
      int n = 0;
      for (String id : ids) {
        if (org.purge(t, id)) {
          n++;
        }
      }
      return n;
    });
    if (removed > 0) {
      org.persist();
    }
    return removed;
  }

  /** REST requests received for one operation, e.g. "collections.upsert", "query", "search", "oauth.token". */
  public long requestCount(String operation) {
    return stats.count(operation);
  }

  /** Requests per operation. */
  public Map<String, Long> requestCounts() {
    return stats.snapshot();
  }

  /** All REST (/services/data) requests received, whatever their outcome. */
  public long totalApiRequests() {
    return stats.restTotal();
  }

  public void resetRequestCounts() {
    stats.reset();
  }

  public void failNextRequestsWithServerUnavailable(int count) {
    faults.serverUnavailableFor(count);
  }

  /** REST requests answer 503 SERVER_UNAVAILABLE for the next {@code window} of wall-clock time. */
  public void failRequestsWithServerUnavailableDuring(Duration window) {
    faults.serverUnavailableDuring(window);
  }

  /** The next {@code count} authenticated REST requests answer 403 REQUEST_LIMIT_EXCEEDED (usage is not touched). */
  public void failNextRequestsWithRequestLimitExceeded(int count) {
    faults.requestLimitExceededFor(count);
  }

  /** Authenticated REST requests answer 403 REQUEST_LIMIT_EXCEEDED for the next {@code window}. */
  public void failRequestsWithRequestLimitExceededDuring(Duration window) {
    faults.requestLimitExceededDuring(window);
  }

  /** The next {@code count} requests (REST and OAuth) get an HTML error page with {@code status}, 502 or 503. */
  public void failNextRequestsWithHtmlError(int status, int count) {
    faults.htmlErrorFor(checkedHtmlStatus(status), count);
  }

  /** Requests (REST and OAuth) get an HTML error page with {@code status}, 502 or 503, for the next {@code window}. */
  public void failRequestsWithHtmlErrorDuring(int status, Duration window) {
    faults.htmlErrorDuring(checkedHtmlStatus(status), window);
  }

  private static int checkedHtmlStatus(int status) {
    if (status != 502 && status != 503) {
      throw SalesforceException.badRequest("INVALID_FIELD", "status must be 502 or 503, not " + status, "status");
    }
    return status;
  }

  /** Every web-flow grant ends: refreshes answer 400 invalid_grant, the grants' access tokens 401. */
  public void revokeRefreshTokens() {
    oauth.revokeAllRefreshTokens();
  }

  /** One grant ends (a workspace's, say); false if the refresh token is not a live one. */
  public boolean revokeRefreshToken(String refreshToken) {
    return oauth.revokeRefreshToken(refreshToken);
  }

  /** A validation rule of the org: records of {@code object} whose {@code field} equals {@code value} are refused. */
  public void addValidationRule(String object, String field, String value, String message) {
    org.addValidationRule(new io.leadstream.sfemu.org.ValidationRule(object, field, value, message));
  }

  /** The org's admin deactivated its validation rules. */
  public void clearValidationRules() {
    org.clearValidationRules();
  }

  /** Records created less than {@code lag} ago are not found by SOSL ({@link #clearFaults} restores the configured lag). */
  public void soslIndexLag(Duration lag) {
    faults.soslIndexLag(lag);
  }

  /** The org's id (18 chars, 00D…), as the token response's identity URL names it. */
  public String orgId() {
    return org.orgId();
  }

  /** The integration user every API request runs as (LastModifiedById of the emulator's own writes). */
  public String integrationUserId() {
    return org.userId();
  }

  /** The sales rep whose edits {@link #updateAsRep} and {@link #deleteAsRep} simulate. */
  public String repUserId() {
    return org.repUserId();
  }

  /**
   * Changes a record as the sales rep would in the Salesforce UI: any field (read-only ones too, e.g. to convert a
   * Lead), no access or required checks; LastModifiedById becomes the rep, SystemModstamp now.
   */
  public void updateAsRep(String type, String id, Map<String, ?> fields) {
    records.updateAs(org.repUserId(), objectType(type), recordId(id), Json.MAPPER.valueToTree(fields));
    org.persist();
  }

  /** Deletes a record as the sales rep: it shows in the deleted change window and in queryAll. */
  public void deleteAsRep(String type, String id) {
    records.deleteAs(org.repUserId(), objectType(type), recordId(id));
    org.persist();
  }

  private static String recordId(String id) {
    return io.leadstream.sfemu.org.SalesforceIds.normalize(id).orElseThrow(SalesforceException::notFound);
  }

  public void failNextRecordsWithUnableToLockRow(int count) {
    faults.unableToLockRowFor(count);
  }

  public void latency(Duration latency) {
    faults.latency(latency);
  }

  public void expireAccessTokens() {
    oauth.expireAllAccessTokens();
  }

  public void exhaustDailyLimit() {
    usage.exhaust();
  }

  public void resetApiUsage() {
    usage.reset();
  }

  public void dailyLimit(long max) {
    usage.setMax(max);
  }

  /** Sets the day's usage, also beyond the limit: Sforce-Limit-Info then shows e.g. api-usage=110018/100000. */
  public void apiUsage(long used) {
    usage.setUsed(used);
  }

  /** Reports a connected app's usage in Sforce-Limit-Info: per-app-api-usage=N/max(appName=name); null: no longer. */
  public void perAppApiLimit(String appName, long max) {
    usage.perApp(appName, max);
  }

  public long apiUsage() {
    return usage.used();
  }

  public long dailyLimit() {
    return usage.max();
  }

  /** A valid access token without an OAuth round trip. */
  public String issueAccessToken() {
    return oauth.issueAccessToken();
  }

  public void clearFaults() {
    faults.clear();
  }

  // ------------------------------------------------------------------ the org's setup, changed by its admin
  // Describe, writes, upserts and queries see each change at once, as the integration user would. A custom field of
  // Task or Event is one Activity field: changing it on either (or on "Activity") changes it on both.

  /**
   * The org's admin deletes a custom field: describe no longer lists it, a write naming it fails with INVALID_FIELD
   * "No such column", an upsert on it with 404 NOT_FOUND. {@link #restoreSchema} brings it back with its values.
   */
  public void deleteField(String object, String field) {
    List<ObjectDef> types = customFieldHolders(object, field);
    org.changeSchema(() -> types.forEach(t -> t.delete(field)));
  }

  /** The org's admin edits a custom field: its External ID or Unique flag, its length (describe shows it). */
  public void editField(String object, String field, FieldEdit edit) {
    List<ObjectDef> types = customFieldHolders(object, field);
    org.changeSchema(() -> types.forEach(t -> t.redefine(field, f -> {
      FieldDef out = f.withKeys(edit.externalId() != null ? edit.externalId() : f.externalId(),
          edit.unique() != null ? edit.unique() : f.unique());
      return edit.length() != null ? out.withLength(edit.length()) : out;
    })));
  }

  /**
   * The integration user's field-level security on a field: not readable hides it (as if missing), readable but not
   * editable makes it read-only (describe: createable and updateable false; writes fail with
   * INVALID_FIELD_FOR_INSERT_UPDATE).
   */
  public void setFieldPermission(String object, String field, boolean readable, boolean editable) {
    List<ObjectDef> types = holders(object, field);
    org.changeSchema(() -> types.forEach(t -> t.permit(field, new ObjectDef.FieldPermission(readable, editable))));
  }

  /** Every object's fields back as deployed, every field fully accessible to the integration user. */
  public void restoreSchema() {
    org.changeSchema(() -> org.schema().restore());
  }

  /** The objects holding a custom field: Task and Event share theirs (Activity fields). */
  private List<ObjectDef> customFieldHolders(String object, String field) {
    if (!field.endsWith("__c")) {
      throw SalesforceException.badRequest("INVALID_FIELD", "only custom fields can be changed here, not " + field, field);
    }
    return holders(object, field);
  }

  private List<ObjectDef> holders(String object, String field) {
    List<String> names = object.equalsIgnoreCase("Activity") || field.endsWith("__c")
        && (object.equalsIgnoreCase("Task") || object.equalsIgnoreCase("Event")) ? List.of("Task", "Event")
        : List.of(object);
    List<ObjectDef> types = names.stream().map(this::objectType).filter(t -> t.defines(field)).toList();
    if (types.isEmpty()) {
      throw SalesforceException.badRequest("INVALID_FIELD", "No such field " + object + "." + field, field);
    }
    return types;
  }

  /** Empties the org and restores its fields; clears faults, usage and request counts; issued tokens stay valid. */
  public void reset() {
    org.clear();
    restoreSchema();
    org.clearValidationRules();
    faults.clear();
    usage.reset();
    stats.reset();
  }

  private ObjectDef objectType(String type) {
    return org.schema().object(type).orElseThrow(SalesforceException::notFound);
  }
}
