package io.leadstream.sfemu.rest;

import io.leadstream.sfemu.org.FieldDef;
import io.leadstream.sfemu.org.ObjectDef;
import io.leadstream.sfemu.org.RecordService;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.org.SalesforceIds;
import io.leadstream.sfemu.org.Schema;
import io.leadstream.sfemu.org.SfError;
import io.leadstream.sfemu.soql.QueryService;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** sobjects/{T}, sobjects/{T}/{id} and sobjects/{T}/{extField}/{value}. */
public final class SObjectResources {

  /** Upserts answer 200 with a body (instead of 204) and carry "created" from this version on. */
  static final double UPSERT_BODY_VERSION = 46.0;

  private final Schema schema;
  private final RecordService records;

  public SObjectResources(Schema schema, RecordService records) {
    this.schema = schema;
    this.records = records;
  }

  ObjectDef type(String name) {
    return schema.object(name).orElseThrow(SalesforceException::notFound);
  }

  public HttpReply create(ApiRequest req) {
    ObjectDef type = type(req.segment(1));
    String id = records.create(type, req.body());
    return HttpReply.json(201, saveResult(id))
        .withHeader("Location", "/services/data/v" + req.version() + "/sobjects/" + type.name() + "/" + id);
  }

  public HttpReply get(ApiRequest req) {
    ObjectDef type = type(req.segment(1));
    String id = recordId(type, req.segment(2));
    Map<String, Object> full = records.get(type, id);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("attributes", QueryService.attributes(type, id, req.version()));
    String fields = req.query("fields");
    if (fields == null || fields.isBlank()) {
      out.putAll(full);
    } else {
      for (String f : Arrays.stream(fields.split(",")).map(String::trim).toList()) {
        FieldDef def = type.field(f).orElseThrow(() -> SalesforceException.badRequest("INVALID_FIELD",
            "No such column '" + f + "' on entity '" + type.name() + "'", f));
        out.put(def.name(), full.get(def.name()));
      }
    }
    return HttpReply.json(200, out);
  }

  public HttpReply update(ApiRequest req) {
    ObjectDef type = type(req.segment(1));
    records.update(type, recordId(type, req.segment(2)), req.body());
    return HttpReply.noContent();
  }

  public HttpReply delete(ApiRequest req) {
    ObjectDef type = type(req.segment(1));
    records.delete(type, recordId(type, req.segment(2)));
    return HttpReply.noContent();
  }

  /**
   * A second path segment that is not an id of this type is read as an external id field name,
   * which is why Salesforce answers such requests with this NOT_FOUND message.
   */
  String recordId(ObjectDef type, String segment) {
    String id = SalesforceIds.normalize(segment).orElseThrow(() -> new SalesforceException(404,
        SfError.of("NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + segment)));
    if (!id.startsWith(type.keyPrefix())) {
      throw SalesforceException.notFound();
    }
    return id;
  }

  public HttpReply upsert(ApiRequest req) {
    ObjectDef type = type(req.segment(1));
    FieldDef field = externalIdField(type, req.segment(2));
    String value = req.segment(3);
    RecordService.UpsertOutcome outcome;
    try {
      outcome = records.upsert(type, field, value, req.body());
    } catch (SalesforceException e) {
      if (e.status() == 300) {
        // 300 Multiple Choices: the body lists the matching records' URLs.
        List<String> urls = e.errors().stream()
            .map(err -> "/services/data/v" + req.version() + "/sobjects/" + type.name() + "/" + err.message()).toList();
        return HttpReply.json(300, urls);
      }
      throw e;
    }
    boolean withCreated = req.versionNumber() >= UPSERT_BODY_VERSION;
    Map<String, Object> body = saveResult(outcome.id());
    if (withCreated) {
      body.put("created", outcome.created());
    }
    if (outcome.created()) {
      return HttpReply.json(201, body)
          .withHeader("Location", "/services/data/v" + req.version() + "/sobjects/" + type.name() + "/" + outcome.id());
    }
    return withCreated ? HttpReply.json(200, body) : HttpReply.noContent();
  }

  public HttpReply getByExternalId(ApiRequest req) {
    ObjectDef type = type(req.segment(1));
    FieldDef field = externalIdField(type, req.segment(2));
    List<String> ids = records.findByExternalId(type, field, req.segment(3));
    if (ids.isEmpty()) {
      throw SalesforceException.notFound();
    }
    if (ids.size() > 1) {
      return HttpReply.json(300, ids.stream()
          .map(id -> "/services/data/v" + req.version() + "/sobjects/" + type.name() + "/" + id).toList());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("attributes", QueryService.attributes(type, ids.get(0), req.version()));
    out.putAll(records.get(type, ids.get(0)));
    return HttpReply.json(200, out);
  }

  /**
   * Unknown field: 404 NOT_FOUND (documented); a field that exists but is no external id: 400
   * INVALID_FIELD.
   */
  public static FieldDef externalIdField(ObjectDef type, String name) {
    FieldDef field = type.field(name).orElseThrow(() -> new SalesforceException(404,
        SfError.of("NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + name)));
    if (!field.externalId()) {
      throw SalesforceException.badRequest("INVALID_FIELD",
          "Field " + field.name() + " is not an External ID or indexed field for " + type.name(), field.name());
    }
    return field;
  }

  static Map<String, Object> saveResult(String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("success", true);
    body.put("errors", List.of());
    return body;
  }
}
