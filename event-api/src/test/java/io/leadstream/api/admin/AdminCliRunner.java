package io.leadstream.api.admin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@link AdminCli} in-process against an instance, for tests outside this package. */
public final class AdminCliRunner {
  private AdminCliRunner() {
  }

  public record Run(int exit, String out, String err) {
  }

  public static Run run(String adminKey, String url, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new AdminCli(Map.of("LEADSTREAM_ADMIN_KEY", adminKey, "LEADSTREAM_ADMIN_URL", url),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
