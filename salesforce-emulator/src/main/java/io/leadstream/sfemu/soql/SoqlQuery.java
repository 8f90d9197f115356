package io.leadstream.sfemu.soql;

import java.util.List;
import java.util.Optional;

/** A parsed SELECT. {@code count} is SELECT COUNT(). */
public record SoqlQuery(String object, List<String> fields, boolean count, Optional<Condition> where,
                        List<OrderBy> orderBy, Optional<Integer> limit, Optional<Integer> offset) {

  public record OrderBy(String field, boolean descending, boolean nullsFirst) {
  }
}
