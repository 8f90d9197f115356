package io.leadstream.sfemu.org;

/**
 * A customer's validation rule, reduced to what a test needs: records of {@code object} whose
 * {@code field} equals {@code value} are refused with FIELD_CUSTOM_VALIDATION_EXCEPTION and the rule's
 * {@code message}, the error a real org answers when one of its validation rules fails — a record-level
 * error no retry fixes until the org's admin changes the rule or the record's data.
 * https://rubydoc.info/gems/restforce/Restforce/ErrorCode/FieldCustomValidationException
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
public record ValidationRule(String object, String field, String value, String message) {
  boolean refuses(ObjectDef type, java.util.Map<String, Object> record) {
    return type.name().equals(object) && value.equals(String.valueOf(record.get(field)));
  }
}
