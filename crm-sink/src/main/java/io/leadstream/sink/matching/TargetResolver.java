package io.leadstream.sink.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Matches leads to Salesforce records, trying the workspace's strategies in order: the first
 * strategy that finds exactly one record wins; one that finds several stops the search as
 * ambiguous (never a guess); when none finds anything the lead is not found. Each strategy is asked
 * once for all still-unresolved leads of a batch.
 */
public final class TargetResolver {

  /** What is known about a lead to search by. */
  public record Identity(String email, String phone) {
  }

  private final Lookups lookups;
  private final List<MatchStrategy> order;

  public TargetResolver(Lookups lookups, List<MatchStrategy> order) {
    this.lookups = lookups;
    this.order = List.copyOf(order);
  }

  public Map<String, MatchOutcome> resolve(Map<String, Identity> leads) {
    Map<String, MatchOutcome> outcomes = new LinkedHashMap<>();
    Map<String, Identity> open = new LinkedHashMap<>(leads);
    for (MatchStrategy strategy : order) {
      if (open.isEmpty()) {
        break;
      }
      Map<String, List<Target>> found = find(strategy, open);
      for (var e : found.entrySet()) {
        List<Target> distinct = new ArrayList<>(new LinkedHashSet<>(e.getValue()));
        if (distinct.size() == 1) {
          outcomes.put(e.getKey(), MatchOutcome.matched(distinct.get(0), strategy));
          open.remove(e.getKey());
        } else if (distinct.size() > 1) {
          outcomes.put(e.getKey(), MatchOutcome.ambiguous(distinct, strategy));
          open.remove(e.getKey());
        }
      }
    }
    open.keySet().forEach(lead -> outcomes.put(lead, MatchOutcome.notFound()));
    return outcomes;
  }

  private Map<String, List<Target>> find(MatchStrategy strategy, Map<String, Identity> open) {
    Map<String, List<Target>> byLead = new HashMap<>();
    switch (strategy) {
      case CONTACT_EMAIL, LEAD_EMAIL -> {
        Map<String, List<String>> leadsByEmail = new HashMap<>();
        open.forEach((lead, id) -> email(id).ifPresent(
            email -> leadsByEmail.computeIfAbsent(email, k -> new ArrayList<>()).add(lead)));
        if (leadsByEmail.isEmpty()) {
          return byLead;
        }
        Map<String, List<Target>> found = strategy == MatchStrategy.CONTACT_EMAIL
            ? lookups.contactsByEmail(leadsByEmail.keySet()) : lookups.leadsByEmail(leadsByEmail.keySet());
        leadsByEmail.forEach((email, ids) -> {
          List<Target> targets = found.getOrDefault(email, List.of());
          ids.forEach(lead -> byLead.put(lead, targets));
        });
      }
      case PHONE -> {
        Map<String, List<Target>> cache = new HashMap<>();
        open.forEach((lead, id) -> Phones.e164(id.phone()).ifPresent(
            phone -> byLead.put(lead, cache.computeIfAbsent(phone, lookups::byPhone))));
      }
      default -> throw new IllegalStateException("unknown strategy " + strategy);
    }
    return byLead;
  }

  private static Optional<String> email(Identity id) {
    return Optional.ofNullable(id.email()).map(String::strip).filter(e -> !e.isEmpty())
        .map(e -> e.toLowerCase(Locale.ROOT));
  }
}
