package io.leadstream.sink.leaddb;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Which domain a PostgreSQL error belongs to (SPEC §8), by SQLSTATE class, never by exception type:
 * class 22 (data exception: a NUL byte, a value out of range, a bad encoding) and 23 (integrity
 * constraint) are about the row being written; everything else (08 connection, 53 resources, 57
 * operator intervention, no SQLSTATE at all) is the database being unavailable.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
public final class SqlErrors {
  private SqlErrors() {
  }

  /** True when {@code e} is about the data written, not the database's availability. */
  public static boolean isRecordError(Throwable e) {
    return sqlState(e).map(state -> state.startsWith("22") || state.startsWith("23")).orElse(false);
  }

  /** The SQLSTATE and message, for the DLQ reason. */
  public static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return sqlState(e).map(s -> "SQLSTATE " + s + ": ").orElse("") + root.getMessage();
  }

  static Optional<String> sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return Optional.of(sql.getSQLState());
      }
    }
    return Optional.empty();
  }
}
