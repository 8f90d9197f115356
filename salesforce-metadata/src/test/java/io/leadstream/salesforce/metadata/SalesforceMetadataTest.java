package io.leadstream.salesforce.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SFDX project in the repository is the one definition of the org setup, and it is complete. */
class SalesforceMetadataTest {
  static final Path PROJECT = Path.of(System.getProperty("leadstream.root", ".."), SalesforceMetadata.ROOT);

  @Test
  void everyFieldFileOfTheProjectIsInTheManifestAndRead() throws IOException {
    Set<String> files;
    try (Stream<Path> walk = Files.walk(PROJECT.resolve(SalesforceMetadata.SOURCE + "/objects"))) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".field-meta.xml"))
          .map(p -> p.getParent().getParent().getFileName() + "." + p.getFileName().toString()
              .replace(".field-meta.xml", ""))
          .collect(Collectors.toSet());
    }
    List<CustomFieldDefinition> read = SalesforceMetadata.read(PROJECT).customFields();

    assertThat(files).hasSize(15);
    assertThat(read).extracting(CustomFieldDefinition::fullName).containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void theJarCarriesTheRepositorysProject() {
    assertThat(SalesforceMetadata.bundled().customFields())
        .containsExactlyElementsOf(SalesforceMetadata.read(PROJECT).customFields());
  }

  @Test
  void definitionsCarryTypeLengthAndFlags() {
    SalesforceMetadata m = SalesforceMetadata.bundled();

    CustomFieldDefinition callId = m.customField("Task", "voice_call_id__c").orElseThrow();
    assertThat(callId.object()).isEqualTo("Activity");
    assertThat(callId.sObjects()).containsExactly("Task", "Event");
    assertThat(callId.describeType()).isEqualTo("string");
    assertThat(callId.length()).isEqualTo(255);
    assertThat(callId.externalId()).isTrue();
    assertThat(callId.unique()).isTrue();
    assertThat(m.customField("Event", "Voice_Appointment_Id__c")).get()
        .extracting(CustomFieldDefinition::externalId).isEqualTo(true);
    assertThat(m.customField("Lead", "Voice_Lead_Key__c")).get().extracting(CustomFieldDefinition::unique)
        .isEqualTo(true);
    assertThat(m.customField("Contact", "Voice_Lead_Key__c")).as("only Leads are created").isEmpty();

    CustomFieldDefinition calls = m.customField("Contact", "Voice_Agent_Total_Calls__c").orElseThrow();
    assertThat(calls.type()).isEqualTo("Number");
    assertThat(calls.describeType()).isEqualTo("double");
    assertThat(calls.scale()).isZero();
    assertThat(m.customField("Lead", "Voice_Agent_Team_Size__c").orElseThrow().picklistValues())
        .containsExactly("1-10", "10-50", "50-200", "200+");
    assertThat(m.customField("Lead", "Voice_Agent_Meeting_Booked__c").orElseThrow().describeType()).isEqualTo("boolean");
    assertThat(m.customField("Lead", "Voice_Agent_Last_Call_Date__c").orElseThrow().describeType()).isEqualTo("date");
  }

  @Test
  void everyFieldTheSinkWritesIsDefinedAndEveryDefinitionIsWritten() {
    SalesforceMetadata m = SalesforceMetadata.bundled();
    for (SinkField role : SinkField.values()) {
      for (String object : role.objects()) {
        assertThat(m.customField(object, role.defaultApiName()).isPresent())
            .as("%s.%s", object, role.defaultApiName()).isEqualTo(role.custom());
      }
    }
    for (CustomFieldDefinition def : m.customFields()) {
      assertThat(SinkField.values()).as(def.fullName()).anyMatch(role -> role.defaultApiName().equals(def.apiName())
          && def.sObjects().stream().anyMatch(role.objects()::contains));
    }
  }

  @Test
  void thePermissionSetGrantsEditOnEveryFieldTheSinkWritesAndTheObjectAccessItNeeds() throws Exception {
    Element set = xml(PROJECT.resolve(SalesforceMetadata.SOURCE
        + "/permissionsets/Leadstream_Integration.permissionset-meta.xml"));
    Set<String> editable = new HashSet<>();
    for (Element fp : elements(set, "fieldPermissions")) {
      if ("true".equals(text(fp, "editable")) && "true".equals(text(fp, "readable"))) {
        editable.add(text(fp, "field"));
      }
    }
    Set<String> expected = new HashSet<>();
    for (CustomFieldDefinition def : SalesforceMetadata.bundled().customFields()) {
      // An Activity field is granted as Task.<field>; Salesforce mirrors the grant to Event.
      expected.add((def.object().equals(CustomFieldDefinition.ACTIVITY) ? "Task" : def.object()) + "." + def.apiName());
    }
    for (SinkField role : SinkField.values()) {
      if (!role.custom()) {
        role.objects().forEach(o -> expected.add(o + "." + role.defaultApiName()));
      }
    }
    assertThat(editable).containsExactlyInAnyOrderElementsOf(expected);

    Set<String> objectGrants = new HashSet<>();
    for (Element op : elements(set, "objectPermissions")) {
      objectGrants.add(text(op, "object") + ":read=" + text(op, "allowRead") + ",create=" + text(op, "allowCreate")
          + ",edit=" + text(op, "allowEdit") + ",delete=" + text(op, "allowDelete"));
    }
    assertThat(objectGrants).contains("Lead:read=true,create=true,edit=true,delete=false",
        "Contact:read=true,create=false,edit=true,delete=false", "Account:read=true,create=false,edit=false,delete=false");
    assertThat(elements(set, "userPermissions")).extracting(u -> text(u, "name"))
        .contains("ApiEnabled", "EditTask", "EditEvent");
  }

  @Test
  void theProjectDeploysForceAppAndTheManifestNamesThePermissionSet() throws Exception {
    JsonNode project = JsonMapper.builder().build().readTree(Files.readString(PROJECT.resolve("sfdx-project.json")));
    assertThat(project.path("packageDirectories").get(0).path("path").asString()).isEqualTo("force-app");
    assertThat(PROJECT.resolve("force-app")).isDirectory();

    Element pkg = xml(PROJECT.resolve(SalesforceMetadata.MANIFEST));
    assertThat(elements(pkg, "types")).anySatisfy(t -> {
      assertThat(text(t, "name")).isEqualTo("PermissionSet");
      assertThat(text(t, "members")).isEqualTo("Leadstream_Integration");
    });
    assertThat(text(pkg, "version")).isEqualTo(project.path("sourceApiVersion").asString());
  }

  @Test
  void aFieldFileThatIsNotWhatTheManifestSaysIsRefusedByName(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("manifest"));
    Files.writeString(dir.resolve(SalesforceMetadata.MANIFEST), """
        <Package xmlns="http://soap.sforce.com/2006/04/metadata">
          <types><members>Lead.Odd__c</members><name>CustomField</name></types>
          <version>60.0</version>
        </Package>""");
    Path field = dir.resolve(SalesforceMetadata.fieldPath("Lead", "Odd__c"));
    Files.createDirectories(field.getParent());
    Files.writeString(field, """
        <CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
          <fullName>Odd__c</fullName><label>Odd</label><type>Geolocation</type>
        </CustomField>""");

    assertThatThrownBy(() -> SalesforceMetadata.read(dir)).hasMessageContaining("Lead/fields/Odd__c.field-meta.xml")
        .hasMessageContaining("unsupported type Geolocation");

    Files.writeString(field, """
        <CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
          <fullName>Even__c</fullName><label>Odd</label><type>Text</type><length>10</length>
        </CustomField>""");
    assertThatThrownBy(() -> SalesforceMetadata.read(dir)).hasMessageContaining("fullName is Even__c, not Odd__c");
  }

  private static Element xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
  }

  private static List<Element> elements(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagName(name);
    return java.util.stream.IntStream.range(0, nodes.getLength()).mapToObj(i -> (Element) nodes.item(i)).toList();
  }

  private static String text(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagName(name);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }
}
