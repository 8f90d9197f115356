package io.leadstream.salesforce.preflight;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One thing the org lacks for Leadstream, named so an admin can fix it: the object, the field (null
 * for the object itself), what is wrong, and a sentence saying so.
 */
public record SetupProblem(String object, String field, Kind kind, String message) {

  public enum Kind {
    /** Describe refused the object: the integration user cannot see it. */
    OBJECT_NOT_ACCESSIBLE,
    /** The integration user may not create or edit records of the object. */
    OBJECT_NOT_WRITABLE,
    /** No such field, or the integration user cannot see it (field-level security). */
    MISSING,
    WRONG_TYPE,
    TOO_SHORT,
    NOT_EXTERNAL_ID,
    NOT_UNIQUE,
    /** The field is read-only for the integration user (field-level security). */
    NOT_WRITABLE
  }

  /** Object.Field, or the object. */
  public String where() {
    return field == null ? object : object + "." + field;
  }

  @Override
  public String toString() {
    return message;
  }

  /** One line for a status or a log: every problem by name. */
  public static String summary(List<SetupProblem> problems) {
    return "org setup incomplete: " + problems.stream().map(SetupProblem::message).collect(Collectors.joining("; "));
  }
}
