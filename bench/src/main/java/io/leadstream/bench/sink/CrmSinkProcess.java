package io.leadstream.bench.sink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The real crm-sink, {@code java -jar crm-sink.jar}, as a child process of the bench, configured only
 * through its environment (as it is deployed), its output in a log file.
 */
public final class CrmSinkProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private CrmSinkProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code jar} with {@code jvmOptions} and {@code environment} added to this process's own,
   * output (both streams) to {@code log}.
   */
  public static CrmSinkProcess start(Path jar, List<String> jvmOptions, Map<String, String> environment, Path log)
      throws java.io.IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("crm-sink jar not found: " + jar + " (mvn -pl crm-sink -am package)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(environment);
    Files.createDirectories(log.toAbsolutePath().getParent());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    System.out.println("crm-sink log: " + log);
    return new CrmSinkProcess(pb.start(), log);
  }

  /** bench/target/{@code name} when run from the repository root, else the temporary directory. */
  public static Path logFile(String name) {
    return Path.of("bench/target").toFile().isDirectory() ? Path.of("bench/target", name)
        : Path.of(System.getProperty("java.io.tmpdir"), name);
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** CPU time the sink's JVM has used so far (zero when the platform cannot tell). */
  public Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /**
   * Polls {@code sql} (a single count) in the sink's database every 50 ms until it reaches
   * {@code expected}; fails fast when the sink exits. A missing table counts as not yet (the sink
   * migrates the database as it starts).
   */
  public void awaitCount(DataSource db, String sql, long expected, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    long last = -1;
    while (Instant.now().isBefore(deadline)) {
      requireAlive(last + "/" + expected);
      try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        last = rs.getLong(1);
        if (last >= expected) {
          return;
        }
      } catch (SQLException e) {
        // tables not migrated yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("timed out at " + last + "/" + expected + " for " + sql);
  }

  /** Throws when the sink exited (its log says why); {@code progress} goes into the message. */
  public void requireAlive(String progress) {
    if (!process.isAlive()) {
      throw new IllegalStateException("crm-sink exited with " + process.exitValue() + " (see " + log + ") at " + progress);
    }
  }

  /** SIGTERM (a graceful shutdown), then waits for the process to end. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
