package io.leadstream.sfemu.sosl;

import io.leadstream.sfemu.soql.Condition;
import io.leadstream.sfemu.soql.SoqlQuery;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed SOSL search. {@code words} are the search words as case-insensitive patterns
 * (wildcards * and ? applied, escaped reserved characters literal); {@code digits} is every digit
 * of the term, for phone matching.
 */
public record SoslQuery(String term, List<Pattern> words, String digits, Scope scope,
                        List<Returning> returning, Optional<Integer> limit) {

  public enum Scope { ALL, NAME, EMAIL, PHONE }

  public record Returning(String object, List<String> fields, Optional<Condition> where,
                          List<SoqlQuery.OrderBy> orderBy, Optional<Integer> limit) {
  }
}
