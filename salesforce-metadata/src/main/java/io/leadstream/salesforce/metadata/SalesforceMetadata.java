package io.leadstream.salesforce.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The custom fields of the org setup, read from the SFDX project an admin deploys
 * ({@code salesforce/} at the repository's root, bundled in this module's jar under the same name):
 * the manifest {@code manifest/package.xml} lists every CustomField as {@code Object.Field}, and each
 * is defined in {@code force-app/main/default/objects/<Object>/fields/<Field>.field-meta.xml}.
 * Package manifest: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/manifest_samples.htm
 */
public final class SalesforceMetadata {
  /** Where the SFDX project sits on the classpath (and, relative to the repository's root, on disk). */
  public static final String ROOT = "salesforce";
  public static final String MANIFEST = "manifest/package.xml";
  public static final String SOURCE = "force-app/main/default";

  private static volatile SalesforceMetadata bundled;

  private final List<CustomFieldDefinition> fields;

  private SalesforceMetadata(List<CustomFieldDefinition> fields) {
    this.fields = List.copyOf(fields);
  }

  /** The metadata in this module's jar: the repository's {@code salesforce/} project at build time. */
  public static SalesforceMetadata bundled() {
    SalesforceMetadata m = bundled;
    if (m == null) {
      ClassLoader loader = SalesforceMetadata.class.getClassLoader();
      m = read(path -> {
        InputStream in = loader.getResourceAsStream(ROOT + "/" + path);
        if (in == null) {
          throw new IllegalStateException("missing from the classpath: " + ROOT + "/" + path);
        }
        return in;
      });
      bundled = m;
    }
    return m;
  }

  /** The metadata of an SFDX project directory (the one with {@code sfdx-project.json}). */
  public static SalesforceMetadata read(Path project) {
    return read(path -> {
      try {
        return Files.newInputStream(project.resolve(path));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private interface Source {
    InputStream open(String relativePath);
  }

  private static SalesforceMetadata read(Source source) {
    List<CustomFieldDefinition> fields = new ArrayList<>();
    for (String member : customFieldMembers(parse(source, MANIFEST))) {
      int dot = member.indexOf('.');
      if (dot <= 0 || dot == member.length() - 1) {
        throw new IllegalStateException(MANIFEST + ": a CustomField member is Object.Field, not " + member);
      }
      String object = member.substring(0, dot);
      String name = member.substring(dot + 1);
      String path = fieldPath(object, name);
      fields.add(field(object, name, path, parse(source, path)));
    }
    return new SalesforceMetadata(fields);
  }

  /** The source file of a custom field, relative to the project. */
  public static String fieldPath(String object, String apiName) {
    return SOURCE + "/objects/" + object + "/fields/" + apiName + ".field-meta.xml";
  }

  /** Every custom field of the setup, in manifest order. */
  public List<CustomFieldDefinition> customFields() {
    return fields;
  }

  /** The custom fields that appear on an sObject (Task and Event: the Activity fields). */
  public List<CustomFieldDefinition> customFieldsOf(String sObject) {
    return fields.stream().filter(f -> f.sObjects().stream().anyMatch(o -> o.equalsIgnoreCase(sObject))).toList();
  }

  public Optional<CustomFieldDefinition> customField(String sObject, String apiName) {
    String lower = apiName.toLowerCase(Locale.ROOT);
    return customFieldsOf(sObject).stream().filter(f -> f.apiName().toLowerCase(Locale.ROOT).equals(lower)).findFirst();
  }

  private static List<String> customFieldMembers(Element pkg) {
    List<String> members = new ArrayList<>();
    for (Element types : children(pkg, "types")) {
      if ("CustomField".equals(text(types, "name"))) {
        children(types, "members").forEach(m -> members.add(m.getTextContent().trim()));
      }
    }
    if (members.isEmpty()) {
      throw new IllegalStateException(MANIFEST + " lists no CustomField");
    }
    return members;
  }

  private static CustomFieldDefinition field(String object, String name, String path, Element f) {
    if (!name.equals(text(f, "fullName"))) {
      throw new IllegalStateException(path + ": fullName is " + text(f, "fullName") + ", not " + name);
    }
    String type = text(f, "type");
    if (type == null || CustomFieldDefinition.describeType(type).isEmpty()) {
      throw new IllegalStateException(path + ": unsupported type " + type);
    }
    int length = integer(f, "length");
    if ("Text".equals(type) && (length < 1 || length > 255)) {
      throw new IllegalStateException(path + ": a Text field needs a length of 1 to 255, not " + length);
    }
    List<String> values = new ArrayList<>();
    boolean restricted = false;
    Optional<Element> valueSet = children(f, "valueSet").stream().findFirst();
    if (valueSet.isPresent()) {
      restricted = "true".equals(text(valueSet.get(), "restricted"));
      for (Element definition : children(valueSet.get(), "valueSetDefinition")) {
        children(definition, "value").forEach(v -> values.add(text(v, "fullName")));
      }
    }
    return new CustomFieldDefinition(object, name, text(f, "label"), type, length, integer(f, "precision"),
        integer(f, "scale"), "true".equals(text(f, "externalId")), "true".equals(text(f, "unique")), values,
        restricted);
  }

  private static Element parse(Source source, String path) {
    try (InputStream in = source.open(path)) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // Metadata files are plain XML: no DTDs, no external entities.
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      return builder.parse(in).getDocumentElement();
    } catch (IOException e) {
      throw new UncheckedIOException(path, e);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException(path + ": " + e.getMessage(), e);
    }
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getTagName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0).getTextContent().trim();
  }

  private static int integer(Element parent, String name) {
    String t = text(parent, name);
    return t == null ? 0 : Integer.parseInt(t);
  }
}
