package io.leadstream.sfemu.soql;

import java.util.List;

/** The WHERE clause tree. */
public sealed interface Condition {

  record And(List<Condition> terms) implements Condition {
  }

  record Or(List<Condition> terms) implements Condition {
  }

  record Not(Condition term) implements Condition {
  }

  record Comparison(String field, String operator, Literal value) implements Condition {
  }

  record In(String field, boolean negated, List<Literal> values) implements Condition {
  }

  record Like(String field, String pattern) implements Condition {
  }
}
