package io.leadstream.salesforce.metadata;

import java.util.List;
import java.util.Optional;

/**
 * One custom field of the org setup, as its {@code .field-meta.xml} defines it (Metadata API
 * CustomField: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm).
 *
 * @param object   the object folder it is deployed under: Lead, Contact, or Activity (one field of Task and Event)
 * @param type     the Metadata API type: Text, Number, Checkbox, Date, Picklist, …
 * @param length   characters, for Text; 0 otherwise
 */
public record CustomFieldDefinition(String object, String apiName, String label, String type, int length,
                                    int precision, int scale, boolean externalId, boolean unique,
                                    List<String> picklistValues, boolean restrictedPicklist) {
  /**
   * Custom fields of tasks and events are defined once, on Activity, and appear on both
   * (Metadata API rejects Task and Event as the object of a custom field).
   */
  public static final String ACTIVITY = "Activity";

  public CustomFieldDefinition {
    picklistValues = List.copyOf(picklistValues);
  }

  /** The sObjects the field appears on: an Activity field on Task and Event, any other on its own object. */
  public List<String> sObjects() {
    return ACTIVITY.equals(object) ? List.of("Task", "Event") : List.of(object);
  }

  /**
   * The type describe reports for the field (describeSObjects FieldType:
   * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm):
   * a custom Number is a {@code double} whatever its scale.
   */
  public String describeType() {
    return describeType(type).orElseThrow(() -> new IllegalStateException("unsupported field type " + type));
  }

  static Optional<String> describeType(String metadataType) {
    return Optional.ofNullable(switch (metadataType) {
      case "Text" -> "string";
      case "TextArea", "LongTextArea" -> "textarea";
      case "Number" -> "double";
      case "Checkbox" -> "boolean";
      case "Date" -> "date";
      case "DateTime" -> "datetime";
      case "Picklist" -> "picklist";
      case "Email" -> "email";
      case "Phone" -> "phone";
      case "Url" -> "url";
      default -> null;
    });
  }

  /** Object.Field, as a permission set or package.xml names it. */
  public String fullName() {
    return object + "." + apiName;
  }
}
