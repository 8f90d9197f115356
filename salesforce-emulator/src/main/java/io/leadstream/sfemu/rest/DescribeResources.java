package io.leadstream.sfemu.rest;

import io.leadstream.sfemu.org.FieldDef;
import io.leadstream.sfemu.org.FieldType;
import io.leadstream.sfemu.org.ObjectDef;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.org.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Versions list, version resources, describeGlobal, describe, sObject basic info and limits. */
public final class DescribeResources {

  public static final double MIN_VERSION = 31.0;
  /** Spring '26, the newest version orgs serve (https://developer.salesforce.com/docs/atlas.ja-jp.234.0.api_rest.meta/api/headers_api_usage.htm lists it). */
  public static final double MAX_VERSION = 66.0;

  private final Schema schema;
  private final ApiUsage usage;

  public DescribeResources(Schema schema, ApiUsage usage) {
    this.schema = schema;
    this.usage = usage;
  }

  /** GET /services/data/: one entry per version, labelled by release (v60.0 = Spring '24). */
  public static List<Map<String, Object>> versions() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int v = (int) MIN_VERSION; v <= (int) MAX_VERSION; v++) {
      int k = v - 60;
      int season = Math.floorMod(k, 3);
      int year = 24 + Math.floorDiv(k, 3) + (season == 2 ? 1 : 0);
      String label = new String[] {"Spring", "Summer", "Winter"}[season] + " '" + year;
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("label", label);
      entry.put("url", "/services/data/v" + v + ".0");
      entry.put("version", v + ".0");
      out.add(entry);
    }
    return out;
  }

  public static boolean supported(String version) {
    if (!version.matches("\\d{2}\\.0")) {
      return false;
    }
    double v = Double.parseDouble(version);
    return v >= MIN_VERSION && v <= MAX_VERSION;
  }

  public HttpReply resources(ApiRequest req) {
    String base = "/services/data/v" + req.version();
    Map<String, Object> out = new LinkedHashMap<>();
    for (String r : List.of("composite", "limits", "query", "queryAll", "search", "sobjects")) {
      out.put(r, base + "/" + r);
    }
    return HttpReply.json(200, out);
  }

  public HttpReply limits(ApiRequest req) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("DailyApiRequests", Map.of("Max", usage.max(), "Remaining", usage.remaining()));
    out.put("DataStorageMB", Map.of("Max", 5, "Remaining", 5));
    return HttpReply.json(200, out);
  }

  public HttpReply describeGlobal(ApiRequest req) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("encoding", "UTF-8");
    out.put("maxBatchSize", 200);
    out.put("sobjects", schema.objects().stream().map(o -> objectSummary(o, req.version())).toList());
    return HttpReply.json(200, out);
  }

  public HttpReply basicInfo(ApiRequest req) {
    ObjectDef type = schema.object(req.segment(1)).orElseThrow(SalesforceException::notFound);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("objectDescribe", objectSummary(type, req.version()));
    out.put("recentItems", List.of());
    return HttpReply.json(200, out);
  }

  public HttpReply describe(ApiRequest req) {
    ObjectDef type = schema.object(req.segment(1)).orElseThrow(SalesforceException::notFound);
    Map<String, Object> out = objectSummary(type, req.version());
    out.put("fields", type.fields().stream().map(DescribeResources::field).toList());
    return HttpReply.json(200, out);
  }

  private static Map<String, Object> objectSummary(ObjectDef o, String version) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", o.name());
    m.put("label", o.label());
    m.put("keyPrefix", o.keyPrefix());
    m.put("custom", false);
    m.put("createable", true);
    m.put("updateable", true);
    m.put("deletable", true);
    m.put("queryable", true);
    m.put("searchable", true);
    String base = "/services/data/v" + version + "/sobjects/" + o.name();
    m.put("urls", Map.of("sobject", base, "describe", base + "/describe", "rowTemplate", base + "/{ID}"));
    return m;
  }

  private static Map<String, Object> field(FieldDef f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name());
    m.put("label", f.label());
    m.put("type", f.type().describeName());
    m.put("length", f.type().isText() || f.type() == FieldType.ID || f.type() == FieldType.REFERENCE ? f.length() : 0);
    m.put("nillable", f.nillable());
    m.put("createable", f.createable());
    m.put("updateable", f.updateable());
    m.put("defaultedOnCreate", f.defaultedOnCreate());
    m.put("externalId", f.externalId());
    m.put("unique", f.unique());
    m.put("idLookup", f.externalId() || f.type() == FieldType.ID);
    m.put("custom", f.isCustom());
    m.put("calculated", false);
    m.put("filterable", true);
    m.put("sortable", f.type() != FieldType.TEXTAREA);
    m.put("restrictedPicklist", f.restrictedPicklist());
    m.put("picklistValues", f.picklistValues().stream().map(v -> Map.of(
        "value", v, "label", v, "active", true, "defaultValue", false)).toList());
    m.put("referenceTo", f.referenceTo());
    return m;
  }
}
