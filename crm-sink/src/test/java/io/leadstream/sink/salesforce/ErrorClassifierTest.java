package io.leadstream.sink.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {
  @Test
  void rowLocksAreRetriedValidationErrorsParkedAndConvertedLeadsRelinked() {
    assertThat(ErrorClassifier.ofRecord(List.of(SfError.of("UNABLE_TO_LOCK_ROW", "x")))).isEqualTo(ErrorClass.RETRY);
    assertThat(ErrorClassifier.ofRecord(List.of(SfError.of("INVALID_FIELD", "x")))).isEqualTo(ErrorClass.PARK);
    assertThat(ErrorClassifier.ofRecord(List.of(SfError.of("REQUIRED_FIELD_MISSING", "x")))).isEqualTo(ErrorClass.PARK);
    assertThat(ErrorClassifier.ofRecord(List.of(SfError.of("CANNOT_UPDATE_CONVERTED_LEAD", "x"))))
        .isEqualTo(ErrorClass.RELINK);
  }

  @Test
  void requestLevelStatusesMapToRefreshThrottleRetryAndPark() {
    assertThat(ErrorClassifier.ofRequest(401, List.of(SfError.of("INVALID_SESSION_ID", "")))).isEqualTo(ErrorClass.REFRESH);
    assertThat(ErrorClassifier.ofRequest(403, List.of(SfError.of("REQUEST_LIMIT_EXCEEDED", ""))))
        .isEqualTo(ErrorClass.THROTTLE);
    assertThat(ErrorClassifier.ofRequest(503, List.of(SfError.of("SERVER_UNAVAILABLE", "")))).isEqualTo(ErrorClass.THROTTLE);
    assertThat(ErrorClassifier.ofRequest(500, List.of(SfError.of("UNKNOWN_EXCEPTION", "")))).isEqualTo(ErrorClass.RETRY);
    assertThat(ErrorClassifier.ofRequest(0, List.of(SfError.of("IO_ERROR", "")))).isEqualTo(ErrorClass.RETRY);
    assertThat(ErrorClassifier.ofRequest(400, List.of(SfError.of("MALFORMED_QUERY", "")))).isEqualTo(ErrorClass.PARK);
  }

  @Test
  void limitInfoIsReadFromTheHeaderAmongOtherParts() {
    assertThat(LimitInfo.parse("api-usage=123/15000, per-app-api-usage=3/100(appName=x)"))
        .contains(new LimitInfo(123, 15000));
    assertThat(LimitInfo.parse(null)).isEmpty();
  }
}
