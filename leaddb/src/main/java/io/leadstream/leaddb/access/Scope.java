package io.leadstream.leaddb.access;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What an API token may do (SPEC §14); each endpoint requires one. */
public enum Scope {
  EVENTS_WRITE("events:write"),
  LEADS_READ("leads:read"),
  LEADS_WRITE("leads:write"),
  CADENCES_WRITE("cadences:write"),
  CRM_CONNECT("crm:connect"),
  DASHBOARD_READ("dashboard:read");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  /** The name tokens, the admin API and the documentation use, e.g. {@code events:write}. */
  public String wireName() {
    return wireName;
  }

  public static Optional<Scope> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.wireName.equals(n)).findFirst();
  }

  public static Set<Scope> parseAll(Collection<String> names) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String n : names) {
      scopes.add(parse(n).orElseThrow(() -> new IllegalArgumentException("unknown scope '" + n + "'; known: "
          + wireNames())));
    }
    return scopes;
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Scope::wireName).toList();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
