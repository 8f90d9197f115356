package io.leadstream.sfemu.sosl;

import io.leadstream.sfemu.org.FieldDef;
import io.leadstream.sfemu.org.FieldType;
import io.leadstream.sfemu.org.ObjectDef;
import io.leadstream.sfemu.org.Org;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.soql.QueryService;
import io.leadstream.sfemu.soql.RecordFilter;
import io.leadstream.sfemu.soql.SoqlSyntaxException;
import io.leadstream.sfemu.org.FieldValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Executes SOSL against the org. Phone matching compares digits only, so "+1 (415) 555-0100",
 * "4155550100" and "+14155550100" find each other: equal digit strings match, and so does a
 * number that ends with the other when the shorter has at least 7 digits (a missing country code).
 * Text matching: every search word must occur in some field of the scope (case-insensitive).
 *
 * <p>Real orgs index records for search asynchronously: a record created moments ago is found by SOQL but not yet
 * by SOSL ("it could take about 15 minutes or more for the updated text to become searchable",
 * https://developer.salesforce.com/docs/platform/salesforce-large-data-volumes-bp/guide/ldv-deployments-concepts-search-architecture.html).
 * With an index lag set, records created less than that long ago are left out.
 */
public final class SearchService {

  private static final int DEFAULT_LIMIT = 2000;

  private final Org org;
  private final Supplier<Duration> indexLag;
  private final Clock clock;

  public SearchService(Org org) {
    this(org, () -> Duration.ZERO, Clock.systemUTC());
  }

  public SearchService(Org org, Supplier<Duration> indexLag, Clock clock) {
    this.org = org;
    this.indexLag = indexLag;
    this.clock = clock;
  }

  public Map<String, Object> search(String sosl, String version) {
    SoslQuery q;
    try {
      q = SoslParser.parse(sosl);
    } catch (SoqlSyntaxException e) {
      throw SalesforceException.badRequest("MALFORMED_SEARCH", e.getMessage());
    }
    List<SoslQuery.Returning> specs = q.returning().isEmpty()
        ? org.schema().objects().stream().map(o -> new SoslQuery.Returning(o.name(), List.of(),
            java.util.Optional.empty(), List.of(), java.util.Optional.empty())).toList()
        : q.returning();
    int remaining = q.limit().orElse(DEFAULT_LIMIT);
    Duration lag = indexLag.get();
    Instant indexedUntil = clock.instant().minus(lag);
    Predicate<Map<String, Object>> indexed = lag.isZero() ? r -> true
        : r -> r.get("CreatedDate") == null || !FieldValues.parseDateTime(r.get("CreatedDate").toString()).isAfter(indexedUntil);
    List<Map<String, Object>> found = new ArrayList<>();
    for (SoslQuery.Returning spec : specs) {
      ObjectDef type = org.schema().object(spec.object()).orElseThrow(() -> SalesforceException.badRequest(
          "INVALID_TYPE", "sObject type '" + spec.object() + "' is not supported."));
      List<FieldDef> fields = (spec.fields().isEmpty() ? List.of("Id") : spec.fields()).stream()
          .map(f -> RecordFilter.field(type, f)).toList();
      Predicate<Map<String, Object>> where = spec.where().map(w -> RecordFilter.bind(type, w)).orElse(r -> true);
      List<Map<String, Object>> rows = new ArrayList<>(org.all(type).stream()
          .filter(indexed).filter(r -> matches(q, type, r)).filter(where).toList());
      if (!spec.orderBy().isEmpty()) {
        rows.sort(QueryService.comparator(type, spec.orderBy()));
      }
      int take = Math.min(remaining, spec.limit().orElse(Integer.MAX_VALUE));
      rows.stream().limit(take).forEach(r -> found.add(QueryService.project(type, fields, r, version)));
      remaining -= Math.min(take, rows.size());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("searchRecords", found);
    return body;
  }

  static boolean matches(SoslQuery q, ObjectDef type, Map<String, Object> record) {
    return switch (q.scope()) {
      case PHONE -> phoneMatch(q, type, record);
      case EMAIL -> wordsMatch(q, fieldsOf(type, f -> f.type() == FieldType.EMAIL), record);
      case NAME -> wordsMatch(q, fieldsOf(type, f -> f.name().endsWith("Name") && f.type().isText()
          || f.name().equals("Company") || f.name().equals("Subject")), record);
      case ALL -> phoneMatch(q, type, record) || wordsMatch(q, fieldsOf(type, f -> f.type().isText()), record);
    };
  }

  private static List<FieldDef> fieldsOf(ObjectDef type, Predicate<FieldDef> p) {
    return type.fields().stream().filter(p).toList();
  }

  private static boolean phoneMatch(SoslQuery q, ObjectDef type, Map<String, Object> record) {
    if (q.digits().length() < 2) {
      return false;
    }
    return fieldsOf(type, f -> f.type() == FieldType.PHONE).stream()
        .map(f -> record.get(f.name()))
        .filter(v -> v != null)
        .map(v -> v.toString().replaceAll("\\D", ""))
        .anyMatch(d -> samePhone(d, q.digits()));
  }

  public static boolean samePhone(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    if (a.equals(b)) {
      return true;
    }
    String shorter = a.length() < b.length() ? a : b;
    String longer = a.length() < b.length() ? b : a;
    return shorter.length() >= 7 && longer.endsWith(shorter);
  }

  private static boolean wordsMatch(SoslQuery q, List<FieldDef> fields, Map<String, Object> record) {
    if (q.words().isEmpty()) {
      return false;
    }
    for (Pattern word : q.words()) {
      boolean any = fields.stream().map(f -> record.get(f.name())).filter(v -> v != null)
          .anyMatch(v -> word.matcher(v.toString()).matches());
      if (!any) {
        return false;
      }
    }
    return true;
  }
}
