package io.leadstream.leaddb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** TIMESTAMPTZ ↔ {@link Instant}, null-safe, for every store of the lead database. */
public final class SqlTimes {
  private SqlTimes() {
  }

  public static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  public static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
