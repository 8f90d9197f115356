package io.leadstream.salesforce.preflight;

import io.leadstream.salesforce.metadata.CustomFieldDefinition;
import io.leadstream.salesforce.metadata.SalesforceMetadata;
import io.leadstream.salesforce.metadata.SinkField;
import io.leadstream.salesforce.preflight.SetupProblem.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an org against the setup Leadstream needs, from the describe answers of its objects (the
 * caller makes the calls: four per check, so it runs on connect, test-sync and when the sink meets a
 * workspace or retries one that failed its setup — not per write). For every field the sink writes,
 * under the API name the workspace maps it to (SPEC §8): it exists and the integration user sees it,
 * has the type, length, External ID and Unique flags of its definition in the SFDX project, and its
 * field-level security lets that user write it as the sink does. Pure: no I/O.
 */
public final class Preflight {
  /** The objects to describe. */
  public static final List<String> OBJECTS = List.of("Lead", "Contact", "Task", "Event");
  /** The standard fields the sink writes are checkboxes (DoNotCall, HasOptedOutOfEmail). */
  private static final String STANDARD_FIELD_TYPE = "boolean";

  private final SalesforceMetadata metadata;

  public Preflight(SalesforceMetadata metadata) {
    this.metadata = metadata;
  }

  /** The preflight of the setup bundled in this jar. */
  public static Preflight bundled() {
    return new Preflight(SalesforceMetadata.bundled());
  }

  /**
   * @param fieldNames   logical key → API name (SinkField keys; a key not given has its default name)
   * @param createsLeads whether the workspace creates Leads for leads nothing matched (createMissingLeads)
   * @param describes    sObject → its describe; an object missing here is one describe refused
   * @return every problem, in object order; empty when the org is ready
   */
  public List<SetupProblem> check(Map<String, String> fieldNames, boolean createsLeads,
                                  Map<String, DescribedObject> describes) {
    List<SetupProblem> problems = new ArrayList<>();
    for (String object : OBJECTS) {
      DescribedObject described = describes.get(object);
      if (described == null) {
        problems.add(new SetupProblem(object, null, Kind.OBJECT_NOT_ACCESSIBLE,
            object + " is not accessible to the integration user"));
        continue;
      }
      boolean mustCreate = !object.equals("Contact") && (!object.equals("Lead") || createsLeads);
      if (!described.updateable() || mustCreate && !described.createable()) {
        problems.add(new SetupProblem(object, null, Kind.OBJECT_NOT_WRITABLE, "the integration user may not "
            + (mustCreate ? "create and edit " : "edit ") + object + " records"));
      }
      for (SinkField role : SinkField.values()) {
        if (role.objects().contains(object) && (createsLeads || !role.onlyWhenCreatingLeads())) {
          String apiName = fieldNames.getOrDefault(role.key(), role.defaultApiName());
          checkField(object, role, apiName, described.field(apiName), problems);
        }
      }
    }
    return problems;
  }

  private void checkField(String object, SinkField role, String apiName, Optional<DescribedField> found,
                          List<SetupProblem> problems) {
    String where = object + "." + apiName;
    if (found.isEmpty()) {
      problems.add(new SetupProblem(object, apiName, Kind.MISSING, where + " is missing or hidden from the integration"
          + " user (deploy salesforce/force-app and assign the Leadstream_Integration permission set)"));
      return;
    }
    DescribedField f = found.get();
    if (role.custom()) {
      CustomFieldDefinition def = definition(object, role);
      if (!def.describeType().equals(f.type())) {
        problems.add(new SetupProblem(object, apiName, Kind.WRONG_TYPE, where + " is of type " + f.type()
            + ", needs " + def.describeType() + " (" + def.type() + ")"));
      } else if (def.length() > 0 && f.length() < def.length()) {
        problems.add(new SetupProblem(object, apiName, Kind.TOO_SHORT, where + " holds " + f.length()
            + " characters, needs " + def.length()));
      }
      if (def.externalId() && !f.externalId()) {
        problems.add(new SetupProblem(object, apiName, Kind.NOT_EXTERNAL_ID, where + " is not an External ID"));
      }
      if (def.unique() && !f.unique()) {
        problems.add(new SetupProblem(object, apiName, Kind.NOT_UNIQUE, where + " is not Unique"));
      }
    } else if (!STANDARD_FIELD_TYPE.equals(f.type())) {
      problems.add(new SetupProblem(object, apiName, Kind.WRONG_TYPE, where + " is of type " + f.type()
          + ", needs " + STANDARD_FIELD_TYPE));
    }
    boolean creates = role.write().creates();
    if (!f.updateable() || creates && !f.createable()) {
      problems.add(new SetupProblem(object, apiName, Kind.NOT_WRITABLE, where + " is read-only for the integration"
          + " user (field-level security: grant Edit, e.g. with the Leadstream_Integration permission set)"));
    }
  }

  /** What the role's field must be: the definition of its default field in the SFDX project. */
  private CustomFieldDefinition definition(String object, SinkField role) {
    return metadata.customField(object, role.defaultApiName()).orElseThrow(() -> new IllegalStateException(
        "the SFDX project defines no " + object + "." + role.defaultApiName()));
  }
}
