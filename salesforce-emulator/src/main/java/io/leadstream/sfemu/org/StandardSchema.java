package io.leadstream.sfemu.org;

import static io.leadstream.sfemu.org.FieldType.BOOLEAN;
import static io.leadstream.sfemu.org.FieldType.COMBOBOX;
import static io.leadstream.sfemu.org.FieldType.CURRENCY;
import static io.leadstream.sfemu.org.FieldType.DATE;
import static io.leadstream.sfemu.org.FieldType.DATETIME;
import static io.leadstream.sfemu.org.FieldType.EMAIL;
import static io.leadstream.sfemu.org.FieldType.INT;
import static io.leadstream.sfemu.org.FieldType.PERCENT;
import static io.leadstream.sfemu.org.FieldType.PHONE;
import static io.leadstream.sfemu.org.FieldType.PICKLIST;
import static io.leadstream.sfemu.org.FieldType.REFERENCE;
import static io.leadstream.sfemu.org.FieldType.STRING;
import static io.leadstream.sfemu.org.FieldType.TEXTAREA;
import static io.leadstream.sfemu.org.FieldType.URL;
import static io.leadstream.sfemu.org.Schema.object;

import io.leadstream.salesforce.metadata.CustomFieldDefinition;
import io.leadstream.salesforce.metadata.SalesforceMetadata;
import io.leadstream.sfemu.org.Schema.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lead, Contact, Account, Task, Event and Opportunity with the standard fields the product uses,
 * their real key prefixes, and the custom fields of an org set up for Leadstream: exactly those the
 * SFDX project in {@code salesforce/} deploys (read by salesforce-metadata, the one definition of them).
 */
public final class StandardSchema {

  private StandardSchema() {
  }

  public static Schema create() {
    return new Schema(List.of(lead(), contact(), account(), task(), event(), opportunity()));
  }

  /** The custom fields the org setup deploys on an sObject (Task and Event: the Activity fields). */
  private static List<Field> customFields(String sObject) {
    return SalesforceMetadata.bundled().customFieldsOf(sObject).stream().map(StandardSchema::field).toList();
  }

  private static Field field(CustomFieldDefinition def) {
    Field f = Field.of(def.apiName(), FieldType.valueOf(def.describeType().toUpperCase(Locale.ROOT))).label(def.label());
    if (def.length() > 0) {
      f.length(def.length());
    }
    if (def.externalId()) {
      f.externalId();
    }
    if (def.unique()) {
      f.unique();
    }
    if (!def.picklistValues().isEmpty()) {
      f.picklist(def.picklistValues().toArray(String[]::new));
    }
    if (def.restrictedPicklist()) {
      f.restricted();
    }
    return f;
  }

  private static Field[] with(List<Field> base, List<Field> extra) {
    List<Field> all = new ArrayList<>(base);
    all.addAll(extra);
    return all.toArray(Field[]::new);
  }

  static ObjectDef lead() {
    return object("Lead", "Lead", "00Q", with(List.of(
        Field.of("FirstName", STRING).length(40),
        Field.of("LastName", STRING).length(80).required(),
        Field.of("Name", STRING).length(121).label("Full Name").readOnly(),
        Field.of("Company", STRING).length(255).required(),
        Field.of("Title", STRING).length(128),
        Field.of("Email", EMAIL),
        Field.of("Phone", PHONE),
        Field.of("MobilePhone", PHONE).label("Mobile Phone"),
        Field.of("Status", PICKLIST).required().defaulted()
            .picklist("Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"),
        Field.of("LeadSource", PICKLIST).label("Lead Source").picklist("Web", "Phone Inquiry", "Partner Referral", "Other"),
        Field.of("Description", TEXTAREA),
        Field.of("DoNotCall", BOOLEAN).label("Do Not Call"),
        Field.of("HasOptedOutOfEmail", BOOLEAN).label("Email Opt Out"),
        // Conversion happens through convertLead, not REST writes: read-only here, seedable via the admin API.
        Field.of("IsConverted", BOOLEAN).label("Converted").readOnly(),
        Field.of("ConvertedContactId", REFERENCE).label("Converted Contact ID").references("Contact").readOnly(),
        Field.of("ConvertedAccountId", REFERENCE).label("Converted Account ID").references("Account").readOnly(),
        Field.of("ConvertedDate", DATE).label("Converted Date").readOnly()),
        customFields("Lead")));
  }

  static ObjectDef contact() {
    return object("Contact", "Contact", "003", with(List.of(
        Field.of("AccountId", REFERENCE).label("Account ID").references("Account"),
        Field.of("FirstName", STRING).length(40),
        Field.of("LastName", STRING).length(80).required(),
        Field.of("Name", STRING).length(121).label("Full Name").readOnly(),
        Field.of("Title", STRING).length(128),
        Field.of("Email", EMAIL),
        Field.of("Phone", PHONE).label("Business Phone"),
        Field.of("MobilePhone", PHONE).label("Mobile Phone"),
        Field.of("HomePhone", PHONE).label("Home Phone"),
        Field.of("OtherPhone", PHONE).label("Other Phone"),
        Field.of("LeadSource", PICKLIST).label("Lead Source").picklist("Web", "Phone Inquiry", "Partner Referral", "Other"),
        Field.of("Description", TEXTAREA),
        Field.of("DoNotCall", BOOLEAN).label("Do Not Call"),
        Field.of("HasOptedOutOfEmail", BOOLEAN).label("Email Opt Out")),
        customFields("Contact")));
  }

  static ObjectDef account() {
    return object("Account", "Account", "001",
        Field.of("Name", STRING).label("Account Name").required(),
        Field.of("Phone", PHONE).label("Account Phone"),
        Field.of("Website", URL),
        Field.of("Industry", PICKLIST).picklist("Agriculture", "Banking", "Technology", "Other"),
        Field.of("Type", PICKLIST).label("Account Type").picklist("Prospect", "Customer - Direct", "Partner", "Other"),
        Field.of("BillingCity", STRING).length(40).label("Billing City"),
        Field.of("BillingCountry", STRING).length(80).label("Billing Country"),
        Field.of("Description", TEXTAREA));
  }

  static ObjectDef task() {
    return object("Task", "Task", "00T", with(List.of(
        Field.of("Subject", COMBOBOX),
        Field.of("WhoId", REFERENCE).label("Name ID").references("Lead", "Contact"),
        Field.of("WhatId", REFERENCE).label("Related To ID").references("Account", "Opportunity"),
        Field.of("ActivityDate", DATE).label("Due Date Only"),
        Field.of("Status", PICKLIST).required().defaulted()
            .picklist("Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"),
        Field.of("Priority", PICKLIST).required().defaulted().picklist("High", "Normal", "Low"),
        Field.of("IsClosed", BOOLEAN).label("Closed").readOnly(),
        // TaskSubtype is set on create only and, like CallType, is a restricted picklist.
        Field.of("TaskSubtype", PICKLIST).label("Task Subtype").createOnly().restricted()
            .picklist("Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"),
        Field.of("Type", PICKLIST).picklist("Call", "Email", "Meeting", "Other"),
        Field.of("CallType", PICKLIST).label("Call Type").restricted().picklist("Internal", "Inbound", "Outbound"),
        Field.of("CallDurationInSeconds", INT).label("Call Duration"),
        Field.of("CallDisposition", STRING).label("Call Result"),
        Field.of("CallObject", STRING).label("Call Object Identifier"),
        Field.of("Description", TEXTAREA).label("Comments")),
        customFields("Task")));
  }

  static ObjectDef event() {
    return object("Event", "Event", "00U", with(List.of(
        Field.of("Subject", COMBOBOX),
        Field.of("WhoId", REFERENCE).label("Name ID").references("Lead", "Contact"),
        Field.of("WhatId", REFERENCE).label("Related To ID").references("Account", "Opportunity"),
        Field.of("StartDateTime", DATETIME).label("Start Date Time").required(),
        Field.of("EndDateTime", DATETIME).label("End Date Time").defaulted(),
        Field.of("ActivityDateTime", DATETIME).label("Due Date Time"),
        Field.of("ActivityDate", DATE).label("Due Date Only"),
        // DurationInMinutes is derived from EndDateTime when absent (and vice versa).
        Field.of("DurationInMinutes", INT).label("Duration").defaulted(),
        Field.of("IsAllDayEvent", BOOLEAN).label("All-Day Event"),
        Field.of("IsReminderSet", BOOLEAN).label("Reminder Set"),
        Field.of("ReminderDateTime", DATETIME).label("Reminder Date/Time"),
        Field.of("Location", STRING),
        Field.of("ShowAs", PICKLIST).label("Show Time As").picklist("Busy", "OutOfOffice", "Free"),
        Field.of("Type", PICKLIST).picklist("Call", "Email", "Meeting", "Other"),
        Field.of("Description", TEXTAREA)),
        customFields("Event")));
  }

  static ObjectDef opportunity() {
    return object("Opportunity", "Opportunity", "006",
        Field.of("Name", STRING).length(120).required(),
        Field.of("AccountId", REFERENCE).label("Account ID").references("Account"),
        Field.of("StageName", PICKLIST).label("Stage").required().restricted()
            .picklist("Prospecting", "Qualification", "Needs Analysis", "Meeting Scheduled",
                "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"),
        Field.of("CloseDate", DATE).label("Close Date").required(),
        Field.of("Amount", CURRENCY),
        Field.of("Probability", PERCENT).label("Probability (%)"),
        Field.of("LeadSource", PICKLIST).label("Lead Source").picklist("Web", "Phone Inquiry", "Partner Referral", "Other"),
        Field.of("Description", TEXTAREA));
  }
}
