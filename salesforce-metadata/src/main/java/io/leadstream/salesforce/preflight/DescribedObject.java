package io.leadstream.salesforce.preflight;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An sObject as {@code GET /services/data/vXX.X/sobjects/{sObject}/describe} reports it to the
 * integration user: only the fields that user can see, each with what that user may do with it
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm,
 * field properties: https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm).
 */
public record DescribedObject(String name, boolean createable, boolean updateable, Map<String, DescribedField> fields) {

  public DescribedObject {
    Map<String, DescribedField> byLowerName = new LinkedHashMap<>();
    fields.values().forEach(f -> byLowerName.put(f.name().toLowerCase(Locale.ROOT), f));
    fields = Map.copyOf(byLowerName);
  }

  /** From a describe answer's JSON. */
  public static DescribedObject fromDescribe(JsonNode describe) {
    Map<String, DescribedField> fields = new LinkedHashMap<>();
    for (JsonNode f : describe.path("fields")) {
      String name = f.path("name").asString("");
      if (!name.isEmpty()) {
        fields.put(name, new DescribedField(name, f.path("type").asString(""), f.path("length").asInt(0),
            f.path("externalId").asBoolean(false), f.path("unique").asBoolean(false),
            f.path("createable").asBoolean(false), f.path("updateable").asBoolean(false)));
      }
    }
    return new DescribedObject(describe.path("name").asString(""), describe.path("createable").asBoolean(false),
        describe.path("updateable").asBoolean(false), fields);
  }

  /** A field by API name, case-insensitively (as the API matches names). */
  public Optional<DescribedField> field(String apiName) {
    return Optional.ofNullable(fields.get(apiName.toLowerCase(Locale.ROOT)));
  }
}
