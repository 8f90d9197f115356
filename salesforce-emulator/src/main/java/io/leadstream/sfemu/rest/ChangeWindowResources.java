package io.leadstream.sfemu.rest;

import io.leadstream.sfemu.org.FieldValues;
import io.leadstream.sfemu.org.ObjectDef;
import io.leadstream.sfemu.org.Org;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.org.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replication change windows two-way sync follows (SPEC §16):
 * {@code GET sobjects/{T}/updated/?start=…&end=…} → {@code {"ids":[…],"latestDateCovered":"…"}}
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-getupdated.html) and
 * {@code GET sobjects/{T}/deleted/?start=…&end=…} → {@code {"deletedRecords":[{"id","deletedDate"}],
 * "earliestDateAvailable","latestDateCovered"}}
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-getdeleted.md), dates in UTC in
 * Salesforce's output format.
 *
 * <p>As in real orgs: a change is dated by SystemModstamp; the API ignores the seconds of start and end (one
 * minute resolution, https://search.r-project.org/CRAN/refmans/salesforcer/html/sf_get_updated.html), so the
 * window must span at least that resolution; start may lie no more than 30 days back; latestDateCovered is at
 * most the (truncated) current time, and the next window should start there. Changes after it come in the next
 * window. Invalid windows answer 400 INVALID_REPLICATION_DATE, e.g. "startDate must be at least one minute
 * greater than endDate" — Salesforce's own (inverted) wording, https://github.com/restforce/restforce/issues/667.
 */
public final class ChangeWindowResources {

  static final Duration MAX_AGE = Duration.ofDays(30);

  private final Schema schema;
  private final Org org;
  private final Duration resolution;
  private final Clock clock;
  private final Instant earliestAvailable;

  public ChangeWindowResources(Org org, Duration resolution, Clock clock) {
    this.schema = org.schema();
    this.org = org;
    this.resolution = resolution;
    this.clock = clock;
    // Nothing is ever purged from the emulator's delete log: it is available since the emulator started.
    this.earliestAvailable = truncate(clock.instant());
  }

  private record Window(Instant start, Instant latestCovered) {
    boolean contains(Object systemModstamp) {
      Instant at = FieldValues.parseDateTime(systemModstamp.toString());
      return !at.isBefore(start) && at.isBefore(latestCovered);
    }
  }

  public HttpReply updated(ApiRequest req) {
    ObjectDef type = schema.object(req.segment(1)).orElseThrow(SalesforceException::notFound);
    Window w = window(req);
    List<Object> ids = org.all(type).stream().filter(r -> w.contains(r.get("SystemModstamp"))).map(r -> r.get("Id")).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ids", ids);
    body.put("latestDateCovered", FieldValues.formatDateTime(w.latestCovered()));
    return HttpReply.json(200, body);
  }

  public HttpReply deleted(ApiRequest req) {
    ObjectDef type = schema.object(req.segment(1)).orElseThrow(SalesforceException::notFound);
    Window w = window(req);
    List<Map<String, Object>> deleted = org.deletedRecords(type).stream()
        .filter(r -> w.contains(r.get("SystemModstamp")))
        .map(r -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", r.get("Id"));
          m.put("deletedDate", r.get("SystemModstamp"));
          return m;
        }).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deletedRecords", deleted);
    body.put("earliestDateAvailable", FieldValues.formatDateTime(earliestAvailable));
    body.put("latestDateCovered", FieldValues.formatDateTime(w.latestCovered()));
    return HttpReply.json(200, body);
  }

  private Window window(ApiRequest req) {
    Instant now = clock.instant();
    Instant start = truncate(param(req, "start"));
    Instant end = truncate(param(req, "end"));
    if (Duration.between(start, end).compareTo(resolution) < 0) {
      throw invalid("startDate must be at least one minute greater than endDate");
    }
    if (start.isBefore(now.minus(MAX_AGE))) {
      // The code is documented; this wording is the emulator's own (no public record of the real one was found).
      throw invalid("startDate can not be more than 30 days ago");
    }
    Instant latest = end.isBefore(truncate(now)) ? end : truncate(now);
    return new Window(start, latest);
  }

  private static Instant param(ApiRequest req, String name) {
    String value = req.query(name);
    if (value == null || value.isBlank()) {
      throw SalesforceException.badRequest("MISSING_ARGUMENT", name + " parameter is required");
    }
    try {
      return FieldValues.parseDateTime(value.trim());
    } catch (DateTimeParseException e) {
      throw invalid("Unable to parse " + name + ": " + value);
    }
  }

  private static SalesforceException invalid(String message) {
    return SalesforceException.badRequest("INVALID_REPLICATION_DATE", message);
  }

  private Instant truncate(Instant t) {
    long step = resolution.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), step) * step);
  }
}
