package io.leadstream.sink.matching;

import io.leadstream.sink.salesforce.SalesforceClient;
import io.leadstream.sink.salesforce.Soql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@link Lookups} over the REST API: SOQL with escaped IN lists (chunked), SOSL for phones. */
public final class SalesforceLookups implements Lookups {
  private static final int EMAILS_PER_QUERY = 100;

  private final SalesforceClient client;

  public SalesforceLookups(SalesforceClient client) {
    this.client = client;
  }

  @Override
  public Map<String, List<Target>> contactsByEmail(Collection<String> emails) {
    Map<String, List<Target>> found = new HashMap<>();
    for (List<String> chunk : chunks(emails)) {
      for (JsonNode r : client.query("SELECT Id, Email FROM Contact WHERE Email IN " + Soql.inList(chunk))) {
        add(found, r.path("Email").asString(""), Target.contact(r.path("Id").asString()));
      }
    }
    return found;
  }

  @Override
  public Map<String, List<Target>> leadsByEmail(Collection<String> emails) {
    Map<String, List<Target>> found = new HashMap<>();
    for (List<String> chunk : chunks(emails)) {
      String soql = "SELECT Id, Email, IsConverted, ConvertedContactId FROM Lead WHERE Email IN " + Soql.inList(chunk);
      for (JsonNode r : client.query(soql)) {
        String email = r.path("Email").asString("");
        if (!r.path("IsConverted").asBoolean(false)) {
          add(found, email, Target.lead(r.path("Id").asString()));
        } else if (r.hasNonNull("ConvertedContactId")) {
          add(found, email, Target.contact(r.path("ConvertedContactId").asString()));
        }
      }
    }
    return found;
  }

  @Override
  public List<Target> byPhone(String e164) {
    String digits = e164.replaceAll("\\D", "");
    String sosl = "FIND {" + Soql.soslTerm(digits) + "} IN PHONE FIELDS RETURNING "
        + "Lead(Id, Phone WHERE IsConverted = false), Contact(Id, Phone)";
    List<Target> targets = new ArrayList<>();
    for (JsonNode r : client.search(sosl)) {
      String type = r.path("attributes").path("type").asString("");
      if (type.equals("Lead") || type.equals("Contact")) {
        targets.add(new Target(type, r.path("Id").asString()));
      }
    }
    return targets;
  }

  private static void add(Map<String, List<Target>> found, String email, Target target) {
    found.computeIfAbsent(email.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(target);
  }

  private static List<List<String>> chunks(Collection<String> values) {
    List<String> all = new ArrayList<>(values);
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += EMAILS_PER_QUERY) {
      chunks.add(all.subList(i, Math.min(all.size(), i + EMAILS_PER_QUERY)));
    }
    return chunks;
  }
}
