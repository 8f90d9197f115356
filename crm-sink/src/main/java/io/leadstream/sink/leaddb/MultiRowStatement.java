package io.leadstream.sink.leaddb;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * {@code INSERT ... VALUES (row), (row), ...}: one statement per chunk of rows instead of one per
 * row. A JDBC batch of single-row upserts still has PostgreSQL parse, bind, plan and execute every
 * row on its own (a 1,000-record Kafka batch was ~2,000 statements, which is where the sink's
 * Postgres time went on a loaded 2-core host); a multi-row statement pays that once per chunk.
 * Callers that need per-row outcomes add {@code RETURNING} with the row's key.
 */
public final class MultiRowStatement {
  /** pgjdbc counts bind parameters in a signed 16-bit field. */
  private static final int MAX_PARAMETERS = Short.MAX_VALUE;
  /** Rows per statement beyond which a longer statement buys nothing measurable. */
  private static final int MAX_ROWS = 500;

  private final String head;
  private final String row;
  private final int columns;
  private final String tail;

  /**
   * @param head {@code INSERT INTO t (a, b, c) VALUES}
   * @param row one row's placeholders with their casts, e.g. {@code (?, ?::jsonb, ?)}
   * @param tail {@code ON CONFLICT ...} and any {@code RETURNING}
   */
  public MultiRowStatement(String head, String row, String tail) {
    this.head = head;
    this.row = row;
    this.columns = (int) row.chars().filter(c -> c == '?').count();
    this.tail = tail;
  }

  /** The rows in chunks that each fit one statement. */
  public List<List<Object[]>> chunks(List<Object[]> rows) {
    int size = Math.max(1, Math.min(MAX_ROWS, MAX_PARAMETERS / columns));
    List<List<Object[]>> chunks = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += size) {
      chunks.add(rows.subList(from, Math.min(rows.size(), from + size)));
    }
    return chunks;
  }

  /** The statement for a chunk of that many rows. */
  public String sql(int rows) {
    StringJoiner values = new StringJoiner(", ", head + " ", "\n" + tail);
    for (int i = 0; i < rows; i++) {
      values.add(row);
    }
    return values.toString();
  }

  /** A chunk's parameters, row after row. */
  public static Object[] parameters(List<Object[]> chunk) {
    List<Object> all = new ArrayList<>();
    chunk.forEach(r -> all.addAll(java.util.Arrays.asList(r)));
    return all.toArray();
  }
}
