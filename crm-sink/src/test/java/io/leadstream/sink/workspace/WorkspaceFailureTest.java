package io.leadstream.sink.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.sink.salesforce.OAuthTokenSource;
import io.leadstream.sink.salesforce.SalesforceApiException;
import io.leadstream.sink.salesforce.SfError;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which failures are one workspace's (SPEC §8), and what state each puts it in. */
class WorkspaceFailureTest {

  private static SalesforceApiException failed(String operation, int status, String code, String message) {
    return new SalesforceApiException(operation, status, List.of(SfError.of(code, message)));
  }

  @Test
  void aRevokedOrExpiredGrantNeedsAReconnect() {
    assertThat(WorkspaceFailure.of(failed("oauth.token", 400, "invalid_grant", "expired access/refresh token")))
        .hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SyncState.NEEDS_RECONNECT));
  }

  @Test
  void clientCredentialsOnALoginHostIsTheSetupNotAReconnect() {
    assertThat(WorkspaceFailure.of(failed("oauth.token", 400, "invalid_grant", "request not supported on this domain")))
        .hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SyncState.SETUP_INCOMPLETE));
    assertThat(WorkspaceFailure.of(failed("oauth.token", 400, OAuthTokenSource.CLIENT_CREDENTIALS_NEED_MY_DOMAIN,
        "set loginUrl"))).hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SyncState.SETUP_INCOMPLETE));
  }

  @Test
  void anUnreachableLoginHostIsAThrottleNotAReconnect() {
    assertThat(WorkspaceFailure.of(failed("oauth.token", 503, "IO_ERROR", "connection refused")))
        .hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SyncState.THROTTLED));
  }

  @Test
  void theDailyLimitIsASpentBudgetButTheConcurrencyLimitIsAThrottle() {
    assertThat(WorkspaceFailure.of(failed("collections.upsert", 403, "REQUEST_LIMIT_EXCEEDED",
        "TotalRequests Limit exceeded."))).hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SyncState.BUDGET_EXHAUSTED));
    assertThat(WorkspaceFailure.of(failed("collections.upsert", 403, "REQUEST_LIMIT_EXCEEDED",
        "ConcurrentPerOrgLongTxn Limit exceeded."))).hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SyncState.THROTTLED));
  }

  @Test
  void aMissingFieldIsTheOrgsSetupWhetherTheRequestOrARecordSaysSo() {
    assertThat(WorkspaceFailure.of(failed("collections.update", 400, "INVALID_FIELD", "No such column 'X__c'")))
        .hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SyncState.SETUP_INCOMPLETE));
    assertThat(WorkspaceFailure.ofRecord(List.of(SfError.of("INVALID_FIELD", "No such column"))))
        .hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SyncState.SETUP_INCOMPLETE));
  }

  @Test
  void aCreateOnlyTaskSubtypeIsNotAMissingSetup() {
    assertThat(WorkspaceFailure.ofRecord(List.of(new SfError("INVALID_FIELD_FOR_INSERT_UPDATE",
        "Unable to create/update fields: TaskSubtype", List.of("TaskSubtype"))))).isEmpty();
  }

  @Test
  void serverErrorsAndGatewayPagesAreThrottles() {
    assertThat(WorkspaceFailure.of(failed("query", 503, "SERVER_UNAVAILABLE", "down")))
        .hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SyncState.THROTTLED));
    assertThat(WorkspaceFailure.of(failed("query", 502, "HTTP_502", "<html>Bad gateway</html>")))
        .hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(SyncState.THROTTLED));
  }

  @Test
  void aRequestRefusedForItsContentIsNotTheWorkspaces() {
    assertThat(WorkspaceFailure.of(failed("collections.upsert", 400, "JSON_PARSER_ERROR", "bad body"))).isEmpty();
  }

  @Test
  void backOffDoublesUpToItsCapWithJitterInTheUpperHalf() {
    Backoff top = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), () -> 0.999);
    Backoff bottom = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), () -> 0.0);
    assertThat(top.after(1)).isEqualTo(Duration.ofMillis(499));
    assertThat(bottom.after(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(bottom.after(3)).isEqualTo(Duration.ofMillis(1000));
    assertThat(top.after(30)).isLessThanOrEqualTo(Duration.ofSeconds(4)).isGreaterThan(Duration.ofMillis(3990));
  }
}
