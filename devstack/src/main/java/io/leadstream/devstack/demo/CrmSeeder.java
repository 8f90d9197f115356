package io.leadstream.devstack.demo;

import io.leadstream.sfemu.SalesforceEmulator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seeds the emulator's org as a sales team's would look: one Account per company, Contacts (with
 * their Account) and open Leads for most demo leads, and none for the rest (their calls end as
 * {@code not_found} in the sync log). Never used against a real org.
 */
public final class CrmSeeder {

    private CrmSeeder() {
    }

    /** @return records created by type */
    public static Map<String, Integer> seed(SalesforceEmulator emulator, DemoPlan plan) {
        Map<String, String> accounts = new HashMap<>();
        Map<String, Integer> created = new LinkedHashMap<>();
        for (DemoPlan.DemoLead l : plan.leads()) {
            if (l.crm() == DemoPlan.CrmRecord.NONE) {
                continue;
            }
            if (l.crm() == DemoPlan.CrmRecord.CONTACT) {
                String account = accounts.computeIfAbsent(l.company(), c -> {
                    created.merge("Account", 1, Integer::sum);
                    return emulator.seed("Account", Map.of("Name", c, "Industry", "Technology",
                            "Type", "Prospect", "BillingCountry", "United States"));
                });
                Map<String, Object> c = new HashMap<>();
                c.put("FirstName", l.firstName());
                c.put("LastName", l.lastName());
                c.put("Email", l.email());
                c.put("Phone", l.phone());
                c.put("AccountId", account);
                emulator.seed("Contact", c);
                created.merge("Contact", 1, Integer::sum);
            } else {
                Map<String, Object> lead = new HashMap<>();
                lead.put("FirstName", l.firstName());
                lead.put("LastName", l.lastName());
                lead.put("Email", l.email());
                lead.put("Phone", l.phone());
                lead.put("Company", l.company());
                lead.put("Status", "Open - Not Contacted");
                lead.put("LeadSource", "Web");
                emulator.seed("Lead", lead);
                created.merge("Lead", 1, Integer::sum);
            }
        }
        return created;
    }
}
