package io.leadstream.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The path access is decided on is the path the router matches; ambiguous URIs are refused (SPEC §14). */
class RequestPathsTest {

  @ParameterizedTest
  @CsvSource({
      "/api/v1/crm/leads/lead_001, /api/v1/crm/leads/lead_001",
      "/%61pi/v1/crm/events, /api/v1/crm/events",
      "/api/v1/crm/leads/a%40b.com, /api/v1/crm/leads/a@b.com",
      "/api/v1/crm/leads/caf%C3%A9, /api/v1/crm/leads/café",
      "/, /",
      "/admin/v1/workspaces/, /admin/v1/workspaces/",
  })
  void percentEncodingIsDecodedSegmentBySegment(String raw, String expected) {
    assertThat(RequestPaths.normalized(raw, "")).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/api;x=y/v1/crm/leads/x",
      "/api/v1/crm/leads/x;jsessionid=1",
      "/api/v1/../v1/crm/leads/x",
      "/api/./v1/crm/leads/x",
      "/api/v1/%2e%2e/v1/crm/leads/x",
      "/api%2Fv1/crm/leads/x",
      "/api%5cv1/crm/leads/x",
      "/api\\v1/crm/leads/x",
      "/api//v1/crm/leads/x",
      "/%2561pi/v1/crm/leads/x",
      "/api/v1/crm/leads/%00",
      "/api/v1/crm/leads/%0a",
      "/api/v1/crm/leads/%C3",
      "/api/v1/crm/leads/%zz",
      "/api/v1/crm/leads/%4",
      "api/v1/crm/leads/x",
  })
  void ambiguousUrisAreRefused(String raw) {
    assertThat(RequestPaths.normalized(raw, "")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"/ctx/api/v1/crm/events, /api/v1/crm/events"})
  void theContextPathIsNotPartOfThePath(String raw, String expected) {
    assertThat(RequestPaths.normalized(raw, "/ctx")).contains(expected);
  }
}
