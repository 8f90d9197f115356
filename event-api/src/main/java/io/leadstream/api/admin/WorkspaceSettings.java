package io.leadstream.api.admin;

import io.leadstream.api.ingest.JsonFields;
import io.leadstream.api.salesforce.LoginUrl;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator's settings of a workspace (SPEC §14 PATCH): validated here, stored as JSON, read by
 * the services that act on them. A JSON {@code null} removes a setting (back to the default).
 * <ul>
 *   <li>{@code crmProvider}: salesforce | hubspot | zoho</li>
 *   <li>{@code loginUrl}: the org's OAuth host — {@code https://login.salesforce.com} (production),
 *       {@code https://test.salesforce.com} (sandbox) or the org's My Domain URL; https, host only
 *       (plain http only for a loopback host: a local emulator)</li>
 *   <li>{@code fieldMapping}: logical field → the CRM's API name ({@code Voice_Call_Id__c})</li>
 *   <li>{@code createMissingLeads}: create a CRM lead for a lead no match found</li>
 *   <li>{@code consentPolicy}: {@code outreach_written_required} | {@code not_required}</li>
 * </ul>
 */
final class WorkspaceSettings {
  static final Set<String> KEYS = Set.of("crmProvider", "loginUrl", "fieldMapping", "createMissingLeads",
      "consentPolicy");
  static final List<String> PROVIDERS = List.of("salesforce", "hubspot", "zoho");
  static final List<String> CONSENT_POLICIES = List.of("outreach_written_required", "not_required");
  private static final Pattern API_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,79}$");

  private WorkspaceSettings() {
  }

  /** The settings present in {@code f} as a JSON patch (explicit nulls kept: they remove); errors added to f. */
  static ObjectNode patch(JsonFields f) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    for (String key : KEYS) {
      JsonNode raw = f.raw(key);
      if (raw == null) {
        continue;
      }
      if (raw.isNull()) {
        patch.putNull(key);
        continue;
      }
      switch (key) {
        case "crmProvider" -> putIfValid(patch, key, f.oneOf(key, PROVIDERS, false));
        case "consentPolicy" -> putIfValid(patch, key, f.oneOf(key, CONSENT_POLICIES, false));
        case "loginUrl" -> putIfValid(patch, key, loginUrl(f));
        case "createMissingLeads" -> {
          Boolean b = f.bool(key, false);
          if (b != null) {
            patch.put(key, b);
          }
        }
        case "fieldMapping" -> {
          Map<String, String> mapping = f.scalarMap(key, JsonFields.LIST_MAX);
          if (mapping != null) {
            ObjectNode m = patch.putObject(key);
            mapping.forEach((logical, apiName) -> {
              if (!API_NAME.matcher(apiName).matches()) {
                f.error(key + "." + logical, "must be a field API name (letters, digits, _; e.g. Voice_Call_Id__c)");
              }
              m.put(logical, apiName);
            });
          }
        }
        default -> throw new IllegalStateException(key);
      }
    }
    return patch;
  }

  private static void putIfValid(ObjectNode patch, String key, String value) {
    if (value != null) {
      patch.put(key, value);
    }
  }

  private static String loginUrl(JsonFields f) {
    String s = f.string("loginUrl", 256, false);
    if (s == null) {
      return null;
    }
    return LoginUrl.normalize(s).orElseGet(() -> {
      f.error("loginUrl", "must be an https origin such as https://login.salesforce.com, https://test.salesforce.com "
          + "or the org's My Domain (http only for a loopback emulator)");
      return null;
    });
  }
}
