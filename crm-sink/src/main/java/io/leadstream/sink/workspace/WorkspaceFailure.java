package io.leadstream.sink.workspace;

import io.leadstream.sink.salesforce.ErrorClass;
import io.leadstream.sink.salesforce.OAuthTokenSource;
import io.leadstream.sink.salesforce.SalesforceApiException;
import io.leadstream.sink.salesforce.SfError;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A failure whose domain is one workspace (SPEC §8): the workspace's records are held and the sink
 * goes on with the others. Classified from what Salesforce answered; plain rules, no I/O.
 *
 * @param state  the state the workspace is in until it recovers
 * @param reason what an operator reads (no secrets: Salesforce's own codes and messages)
 */
public record WorkspaceFailure(SyncState state, String reason) {
  /** A field, object or permission the sink needs is missing: the org's setup, not one record. */
  static final Set<String> SETUP = Set.of("INVALID_FIELD", "INVALID_TYPE", "NOT_FOUND", "INVALID_FIELD_FOR_INSERT_UPDATE",
      "INSUFFICIENT_ACCESS_OR_READONLY", "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY", "API_DISABLED_FOR_ORG",
      "INVALID_OPERATION_WITH_EXPIRED_PASSWORD", "NO_SUCH_COLUMN");
  /** What the token endpoint answers when the grant itself is gone: a human must reconnect. */
  static final Set<String> GRANT = Set.of("invalid_grant", "invalid_client", "invalid_client_id", "unauthorized_client",
      "NO_REFRESH_TOKEN", "inactive_user", "inactive_org");

  /** The workspace-level meaning of a failed request; empty when the failure is not about the workspace. */
  public static Optional<WorkspaceFailure> of(SalesforceApiException e) {
    String reason = e.operation() + ": HTTP " + e.status() + " " + e.errors();
    if (e.operation().startsWith("oauth")) {
      if (e.errors().stream().anyMatch(WorkspaceFailure::loginHostConfigured)) {
        return Optional.of(new WorkspaceFailure(SyncState.SETUP_INCOMPLETE, reason)); // fix the login URL, no reconnect
      }
      if (e.errors().stream().anyMatch(err -> GRANT.contains(err.code()))) {
        return Optional.of(new WorkspaceFailure(SyncState.NEEDS_RECONNECT, reason));
      }
      return Optional.of(new WorkspaceFailure(SyncState.THROTTLED, reason)); // the login host is down or slow
    }
    if (dailyLimit(e.errors())) {
      return Optional.of(new WorkspaceFailure(SyncState.BUDGET_EXHAUSTED, reason));
    }
    if (e.errors().stream().anyMatch(err -> SETUP.contains(err.code()))) {
      return Optional.of(new WorkspaceFailure(SyncState.SETUP_INCOMPLETE, reason));
    }
    ErrorClass c = e.errorClass();
    if (c == ErrorClass.THROTTLE || c == ErrorClass.RETRY || c == ErrorClass.REFRESH) {
      return Optional.of(new WorkspaceFailure(SyncState.THROTTLED, reason));
    }
    return Optional.empty();
  }

  /** A per-record error that is really the org's setup (a missing field the mapping names): the workspace's. */
  public static Optional<WorkspaceFailure> ofRecord(List<SfError> errors) {
    return errors.stream().filter(err -> SETUP.contains(err.code())
            && !(err.code().equals("INVALID_FIELD_FOR_INSERT_UPDATE") && mentions(err, "TaskSubtype")))
        .findFirst().map(err -> new WorkspaceFailure(SyncState.SETUP_INCOMPLETE, "record rejected: " + err));
  }

  public static WorkspaceFailure budgetExhausted(long used, long max, double headroom) {
    return new WorkspaceFailure(SyncState.BUDGET_EXHAUSTED, "API usage " + used + "/" + max + " reached the allowance"
        + " (headroom " + Math.round(headroom * 100) + "% kept for the org's other integrations)");
  }

  /**
   * REQUEST_LIMIT_EXCEEDED is also the concurrency limit ("ConcurrentPerOrgLongTxn Limit exceeded"): only
   * "TotalRequests Limit exceeded" is the daily allowance, which no retry within minutes can fix.
   * https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm
   */
  private static boolean dailyLimit(List<SfError> errors) {
    return errors.stream().anyMatch(err -> "REQUEST_LIMIT_EXCEEDED".equals(err.code())
        && (err.message() == null || !err.message().contains("Concurrent")));
  }

  /**
   * client_credentials sent to a login host (login.salesforce.com, test.salesforce.com): refused by the sink before
   * any call, or by Salesforce with invalid_grant "request not supported on this domain"
   * (https://github.com/pozil/pub-sub-api-node-client/issues/58). The grant is fine; the login URL is not.
   */
  private static boolean loginHostConfigured(SfError err) {
    return OAuthTokenSource.CLIENT_CREDENTIALS_NEED_MY_DOMAIN.equals(err.code())
        || ("invalid_grant".equals(err.code()) && err.message() != null
            && err.message().contains("not supported on this domain"));
  }

  private static boolean mentions(SfError err, String field) {
    return err.fields().contains(field) || (err.message() != null && err.message().contains(field));
  }
}
