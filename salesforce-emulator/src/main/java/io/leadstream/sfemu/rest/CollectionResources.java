package io.leadstream.sfemu.rest;

import io.leadstream.sfemu.org.FieldDef;
import io.leadstream.sfemu.org.ObjectDef;
import io.leadstream.sfemu.org.Org;
import io.leadstream.sfemu.org.RecordService;
import io.leadstream.sfemu.org.SalesforceException;
import io.leadstream.sfemu.org.SalesforceIds;
import io.leadstream.sfemu.org.Schema;
import io.leadstream.sfemu.org.SfError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * sObject Collections: POST (create), PATCH (update) composite/sobjects and PATCH
 * composite/sobjects/{T}/{extField} (upsert). At most 200 records; per-record results in request
 * order, always HTTP 200 for a well-formed request. With allOrNone every change is rolled back when
 * any record fails: failed records report their own errors, the others
 * ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
public final class CollectionResources {

  static final int MAX_RECORDS = 200;

  private final Schema schema;
  private final RecordService records;
  private final Org org;

  public CollectionResources(Schema schema, RecordService records) {
    this.schema = schema;
    this.records = records;
    this.org = records.org();
  }

  private interface RecordOp {
    Map<String, Object> apply(JsonNode record);
  }

  /** Thrown inside the transaction to undo it; carries the results computed so far. */
  private static final class Rollback extends RuntimeException {
    final List<Map<String, Object>> results;

    Rollback(List<Map<String, Object>> results) {
      super(null, null, false, false);
      this.results = results;
    }
  }

  public HttpReply create(ApiRequest req) {
    return run(req, rec -> {
      ObjectDef type = typeOf(rec);
      return success(records.create(type, rec));
    });
  }

  public HttpReply update(ApiRequest req) {
    return run(req, rec -> {
      ObjectDef type = typeOf(rec);
      JsonNode idNode = rec.get("Id") == null ? rec.get("id") : rec.get("Id");
      if (idNode == null || idNode.isNull()) {
        throw SalesforceException.badRequest("MISSING_ARGUMENT", "Id not specified in an update call", "Id");
      }
      String raw = idNode.asString();
      String id = SalesforceIds.normalize(raw).filter(i -> i.startsWith(type.keyPrefix()))
          .orElseThrow(() -> SalesforceException.badRequest("MALFORMED_ID", "malformed id " + raw, "Id"));
      try {
        records.update(type, id, rec);
      } catch (SalesforceException e) {
        if ("NOT_FOUND".equals(e.first().errorCode())) {
          throw SalesforceException.badRequest("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        throw e;
      }
      return success(id);
    });
  }

  public HttpReply upsert(ApiRequest req) {
    ObjectDef type = schema.object(req.segment(2)).orElseThrow(SalesforceException::notFound);
    FieldDef field = SObjectResources.externalIdField(type, req.segment(3));
    Set<String> repeated = repeatedValues(req.body(), field);
    return run(req, rec -> {
      ObjectDef recordType = typeOf(rec);
      if (recordType != type) {
        throw SalesforceException.badRequest("INVALID_TYPE",
            "Record type " + recordType.name() + " does not match the type " + type.name() + " of the request");
      }
      JsonNode value = rec.get(field.name());
      if (value == null || value.isNull() || value.asString().isEmpty()) {
        throw SalesforceException.badRequest("MISSING_ARGUMENT", field.name() + " not specified", field.name());
      }
      String v = value.asString();
      // Every row sharing an external id with another row of the request fails, the first one too; a client that
      // classifies errors tells this (DUPLICATE_VALUE, "Duplicate external id specified") from several existing
      // records matching one id (DUPLICATE_EXTERNAL_ID), e.g. castled's SalesforceErrorParser (https://github.com/
      // mkstayalive/castled/blob/main/connectors/src/main/java/io/castled/apps/connectors/salesforce/SalesforceErrorParser.java).
      if (repeated.contains(v.toLowerCase(Locale.ROOT))) {
        throw SalesforceException.badRequest("DUPLICATE_VALUE", "Duplicate external id specified: " + v);
      }
      RecordService.UpsertOutcome outcome;
      try {
        outcome = records.upsert(type, field, v, rec);
      } catch (SalesforceException e) {
        if (e.status() == 300) {
          throw SalesforceException.badRequest("DUPLICATE_EXTERNAL_ID",
              field.name() + ": more than one record found for external id field: "
                  + e.errors().stream().map(SfError::message).toList(), field.name());
        }
        throw e;
      }
      Map<String, Object> result = success(outcome.id());
      result.put("created", outcome.created());
      return result;
    });
  }

  /** External id values (lower-cased: external ids match case-insensitively) that occur on more than one record. */
  private static Set<String> repeatedValues(JsonNode body, FieldDef field) {
    Set<String> seen = new HashSet<>();
    Set<String> repeated = new HashSet<>();
    for (JsonNode rec : body.path("records")) {
      JsonNode value = rec.isObject() ? rec.get(field.name()) : null;
      if (value != null && !value.isNull() && !value.asString().isEmpty()
          && !seen.add(value.asString().toLowerCase(Locale.ROOT))) {
        repeated.add(value.asString().toLowerCase(Locale.ROOT));
      }
    }
    return repeated;
  }

  private ObjectDef typeOf(JsonNode rec) {
    JsonNode t = rec.path("attributes").path("type");
    if (!t.isString() || t.asString().isEmpty()) {
      throw SalesforceException.badRequest("INVALID_TYPE", "No type specified in attributes of the record");
    }
    return schema.object(t.asString()).orElseThrow(() -> SalesforceException.badRequest("INVALID_TYPE",
        "sObject type '" + t.asString() + "' is not supported."));
  }

  private HttpReply run(ApiRequest req, RecordOp op) {
    JsonNode body = req.body();
    JsonNode list = body.get("records");
    if (!body.isObject() || list == null || !list.isArray()) {
      throw SalesforceException.badRequest("JSON_PARSER_ERROR", "The request body must contain a records array");
    }
    if (list.size() > MAX_RECORDS) {
      throw SalesforceException.badRequest("EXCEEDED_ID_LIMIT",
          "record limit reached. cannot submit more than " + MAX_RECORDS + " records into this call");
    }
    boolean allOrNone = body.path("allOrNone").asBoolean(false);
    List<JsonNode> items = new ArrayList<>();
    list.forEach(items::add);
    try {
      return HttpReply.json(200, org.transaction(() -> {
        List<Map<String, Object>> results = new ArrayList<>();
        boolean failed = false;
        for (JsonNode item : items) {
          Map<String, Object> result;
          try {
            if (!item.isObject()) {
              throw SalesforceException.badRequest("JSON_PARSER_ERROR", "Each record must be a JSON object");
            }
            result = op.apply(item);
          } catch (SalesforceException e) {
            result = failure(idOf(item), e.errors());
            failed = true;
          }
          results.add(result);
        }
        if (allOrNone && failed) {
          throw new Rollback(results);
        }
        return results;
      }));
    } catch (Rollback r) {
      List<Map<String, Object>> rolledBack = new ArrayList<>();
      for (Map<String, Object> result : r.results) {
        rolledBack.add(Boolean.TRUE.equals(result.get("success"))
            ? failure(req.method().equals("POST") ? null : (String) result.get("id"), List.of(SfError.of(
                "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                "Record rolled back because not all records were valid and the request was using AllOrNone header")))
            : result);
      }
      return HttpReply.json(200, rolledBack);
    }
  }

  private static String idOf(JsonNode item) {
    JsonNode id = item.isObject() ? ((ObjectNode) item).get("Id") : null;
    return id == null || id.isNull() ? null : id.asString();
  }

  private static Map<String, Object> success(String id) {
    return SObjectResources.saveResult(id);
  }

  private static Map<String, Object> failure(String id, List<SfError> errors) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (id != null) {
      m.put("id", id);
    }
    m.put("success", false);
    m.put("errors", Json.collectionErrors(errors));
    return m;
  }
}
