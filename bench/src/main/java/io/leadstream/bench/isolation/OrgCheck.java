package io.leadstream.bench.isolation;

import io.leadstream.bench.e2e.EventTimeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one workspace's org holds after a phase, counted in the org itself (not from what the sink
 * says): one Task per call id produced, none missing, none extra; Tasks written more than once
 * (LastModifiedDate after CreatedDate: the Task was upserted again, idempotent but not once); and
 * every lead's Contact showing its newest state (Voice_Agent_Total_Calls__c = the last version
 * produced). Then the phase's Tasks are purged so that the next phase starts from an org of the same
 * size: the emulator copies its whole org for every collection request, so a growing org would slow
 * later phases and bias their comparison with earlier ones.
 */
record OrgCheck(String workspaceId, int callsProduced, int tasks, int missing, int extra, int duplicated,
                int rewritten, int leads, int leadsNewest, String firstProblem) {

  static final String CALL_ID_FIELD = "Voice_Call_Id__c";
  static final String TOTAL_CALLS_FIELD = "Voice_Agent_Total_Calls__c";

  boolean exactlyOnce() {
    return missing == 0 && extra == 0 && duplicated == 0 && leadsNewest == leads;
  }

  /** Counts the org's Tasks against the calls of {@code timelines} and its Contacts against the leads' versions. */
  static OrgCheck of(BenchWorkspace ws, List<EventTimeline> timelines) {
    List<Map<String, Object>> tasks = ws.org().records("Task");
    Map<String, Integer> perCall = new HashMap<>();
    int rewritten = 0;
    for (Map<String, Object> t : tasks) {
      Object callId = t.get(CALL_ID_FIELD);
      perCall.merge(String.valueOf(callId), 1, Integer::sum);
      if (!Objects.equals(t.get("CreatedDate"), t.get("LastModifiedDate"))) {
        rewritten++;
      }
    }
    int produced = 0;
    int missing = 0;
    int duplicated = 0;
    String firstProblem = null;
    Map<String, Integer> unexpected = new HashMap<>(perCall);
    for (EventTimeline t : timelines) {
      for (int seq = 0; seq < t.size(); seq++) {
        String callId = t.callId(seq);
        produced++;
        Integer n = unexpected.remove(callId);
        if (n == null) {
          missing++;
          firstProblem = firstProblem != null ? firstProblem : "no Task for call " + callId;
        } else if (n > 1) {
          duplicated++;
          firstProblem = firstProblem != null ? firstProblem : n + " Tasks for call " + callId;
        }
      }
    }
    int extra = unexpected.values().stream().mapToInt(Integer::intValue).sum();
    if (extra > 0 && firstProblem == null) {
      firstProblem = "Tasks for calls not produced in this phase: " + unexpected.keySet().stream().limit(3).toList();
    }
    Map<String, Object> totalByEmail = new HashMap<>();
    for (Map<String, Object> c : ws.org().records("Contact")) {
      totalByEmail.put(String.valueOf(c.get("Email")), c.get(TOTAL_CALLS_FIELD));
    }
    int newest = 0;
    for (int lead = 0; lead < ws.leads(); lead++) {
      Object total = totalByEmail.get(ws.email(lead));
      if (total instanceof Number n && n.longValue() == ws.version(lead)) {
        newest++;
      } else if (firstProblem == null) {
        firstProblem = ws.leadId(lead) + ": " + TOTAL_CALLS_FIELD + " = " + total + ", newest state " + ws.version(lead);
      }
    }
    return new OrgCheck(ws.id(), produced, tasks.size(), missing, extra, duplicated, rewritten, ws.leads(), newest,
        firstProblem);
  }

  /** Forgets every Task of the org (its Contacts stay). */
  static void purgeTasks(BenchWorkspace ws) {
    List<String> ids = new ArrayList<>();
    ws.org().records("Task").forEach(t -> ids.add((String) t.get("Id")));
    ws.org().admin().purge("Task", ids);
  }
}
