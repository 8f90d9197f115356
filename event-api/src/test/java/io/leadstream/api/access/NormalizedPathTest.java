package io.leadstream.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.api.ApiTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §14: access is decided on the normalized path, so path parameters, percent-encoding and dot
 * segments cannot open a protected endpoint. Sent over a raw socket: an HTTP client library might
 * normalize the path before it leaves, which would test the library instead of the service.
 */
class NormalizedPathTest extends ApiTestSupport {

  @ParameterizedTest
  @ValueSource(strings = {
      "/api;a=b/v1/crm/leads/x",
      "/%61pi/v1/crm/leads/x",
      "/api/v1/../v1/crm/leads/x",
      "/api/v1/crm/leads/x;jsessionid=1",
      "/api/v1/%2e%2e/v1/crm/leads/x",
      "/api/v1/crm/leads%2Fx",
      "//api/v1/crm/leads/x",
      "/admin;x=1/v1/workspaces",
      "/%61dmin/v1/workspaces",
      "/v3/api-docs/../../api/v1/crm/leads/x",
      "/api/salesforce/oauth/callback/../../v1/crm/leads/x",
  })
  void withoutATokenNoSpellingOfAProtectedPathAnswers2xx(String path) throws IOException {
    int status = rawGet(path);
    assertThat(status).as(path).isBetween(400, 499);
  }

  private static int rawGet(String path) throws IOException {
    try (Socket socket = new Socket("localhost", PORT)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }
}
