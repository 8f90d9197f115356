package io.leadstream.sfemu.soql;

import io.leadstream.sfemu.org.FieldDef;
import io.leadstream.sfemu.org.ObjectDef;
import io.leadstream.sfemu.org.Org;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.org.SalesforceIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Runs SOQL against the org and pages results the way the REST query resource does: batches of
 * (by default) 2000 with a {@code nextRecordsUrl} of the form {@code /services/data/vXX.X/query/01g…-2000}
 * while more remain. Results are captured when the query runs, like a server-side cursor.
 */
public final class QueryService {

  public static final int DEFAULT_BATCH = 2000;
  public static final int MIN_BATCH = 200;
  private static final int MAX_CURSORS = 500;

  private final Org org;
  private final AtomicLong locatorSeq = new AtomicLong(1_000_000);
  private final Map<String, Cursor> cursors = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
      return size() > MAX_CURSORS;
    }
  };

  private record Cursor(List<Map<String, Object>> records, int batchSize) {
  }

  public QueryService(Org org) {
    this.org = org;
  }

  /** Batch size from {@code Sforce-Query-Options: batchSize=N}: 200..2000 (values outside are clamped). */
  public static int batchSize(String queryOptionsHeader) {
    if (queryOptionsHeader == null) {
      return DEFAULT_BATCH;
    }
    for (String part : queryOptionsHeader.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("batchSize")) {
        try {
          return Math.max(MIN_BATCH, Math.min(DEFAULT_BATCH, Integer.parseInt(kv[1].trim())));
        } catch (NumberFormatException e) {
          return DEFAULT_BATCH;
        }
      }
    }
    return DEFAULT_BATCH;
  }

  public Map<String, Object> query(String soql, int batchSize, String version) {
    return query(soql, batchSize, version, false);
  }

  /** {@code includeDeleted}: queryAll, which also returns the recycle bin's records (IsDeleted = true). */
  public Map<String, Object> query(String soql, int batchSize, String version, boolean includeDeleted) {
    SoqlQuery q;
    try {
      q = SoqlParser.parse(soql);
    } catch (SoqlSyntaxException e) {
      throw SalesforceException.badRequest("MALFORMED_QUERY", e.getMessage());
    }
    ObjectDef type = org.schema().object(q.object()).orElseThrow(() -> SalesforceException.badRequest("INVALID_TYPE",
        "sObject type '" + q.object() + "' is not supported. If you are attempting to use a custom object, be sure to "
            + "append the '__c' after the entity name. Please reference your WSDL or the describe call for the "
            + "appropriate names."));
    List<FieldDef> fields = q.fields().stream().map(f -> RecordFilter.field(type, f)).toList();
    Predicate<Map<String, Object>> filter = q.where().map(w -> RecordFilter.bind(type, w)).orElse(r -> true);
    List<Map<String, Object>> rows = new ArrayList<>(org.all(type).stream().filter(filter).toList());
    if (includeDeleted) {
      rows.addAll(org.deletedRecords(type).stream().filter(filter).toList());
    }
    if (!q.orderBy().isEmpty()) {
      rows.sort(comparator(type, q.orderBy()));
    }
    int offset = q.offset().orElse(0);
    int end = Math.min(rows.size(), offset + q.limit().orElse(Integer.MAX_VALUE));
    List<Map<String, Object>> selected = offset >= rows.size() ? List.of() : rows.subList(offset, end);
    if (q.count()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("totalSize", selected.size());
      body.put("done", true);
      body.put("records", List.of());
      return body;
    }
    List<Map<String, Object>> projected = selected.stream().map(r -> project(type, fields, r, version)).toList();
    return page(new Cursor(projected, batchSize), 0, newLocator(), version);
  }

  public Map<String, Object> more(String locatorWithOffset, String version) {
    int dash = locatorWithOffset.lastIndexOf('-');
    Cursor cursor;
    synchronized (cursors) {
      cursor = dash < 0 ? null : cursors.get(locatorWithOffset.substring(0, dash));
    }
    int offset;
    try {
      offset = dash < 0 ? -1 : Integer.parseInt(locatorWithOffset.substring(dash + 1));
    } catch (NumberFormatException e) {
      offset = -1;
    }
    if (cursor == null || offset < 0 || offset > cursor.records().size()) {
      throw SalesforceException.badRequest("INVALID_QUERY_LOCATOR", "invalid query locator");
    }
    return page(cursor, offset, locatorWithOffset.substring(0, dash), version);
  }

  private Map<String, Object> page(Cursor cursor, int offset, String locator, String version) {
    int end = Math.min(cursor.records().size(), offset + cursor.batchSize());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("totalSize", cursor.records().size());
    boolean done = end >= cursor.records().size();
    body.put("done", done);
    if (!done) {
      synchronized (cursors) {
        cursors.put(locator, cursor);
      }
      body.put("nextRecordsUrl", "/services/data/v" + version + "/query/" + locator + "-" + end);
    }
    body.put("records", cursor.records().subList(offset, end));
    return body;
  }

  private String newLocator() {
    String id15 = "01g8d0" + String.format("%09d", locatorSeq.incrementAndGet());
    return SalesforceIds.to18(id15);
  }

  /** A record as query returns it: attributes, then the selected fields in SELECT order. */
  public static Map<String, Object> project(ObjectDef type, List<FieldDef> fields, Map<String, Object> r, String version) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("attributes", attributes(type, (String) r.get("Id"), version));
    for (FieldDef f : fields) {
      out.put(f.name(), r.get(f.name()));
    }
    return out;
  }

  public static Map<String, Object> attributes(ObjectDef type, String id, String version) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("type", type.name());
    attributes.put("url", "/services/data/v" + version + "/sobjects/" + type.name() + "/" + id);
    return attributes;
  }

  public static Comparator<Map<String, Object>> comparator(ObjectDef type, List<SoqlQuery.OrderBy> orderBy) {
    Comparator<Map<String, Object>> result = null;
    for (SoqlQuery.OrderBy o : orderBy) {
      FieldDef f = RecordFilter.field(type, o.field());
      Comparator<Map<String, Object>> c = (a, b) -> {
        Object x = a.get(f.name());
        Object y = b.get(f.name());
        if (x == null || y == null) {
          if (x == y) {
            return 0;
          }
          return (x == null) == o.nullsFirst() ? -1 : 1;
        }
        int cmp = RecordFilter.compare(f, x, y);
        return o.descending() ? -cmp : cmp;
      };
      result = result == null ? c : result.thenComparing(c);
    }
    return result;
  }
}
