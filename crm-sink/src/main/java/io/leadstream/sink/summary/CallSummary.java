package io.leadstream.sink.summary;

import io.leadstream.schemas.common.DiscoveredSignals;
import io.leadstream.schemas.common.ToolCall;
import io.leadstream.schemas.crm.CallActivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The readable call summary of a Task's Description (seed 000's build_call_summary): duration,
 * discovered use case / team size / pain points, the agent's actions, and the session id.
 */
public final class CallSummary {

  private CallSummary() {
  }

  public static String describe(CallActivity call) {
    List<String> lines = new ArrayList<>();
    lines.add("Voice AI Call Summary");
    lines.add("Duration: " + duration(call.getDurationSeconds()));
    lines.add("Outcome: " + outcome(call));
    lines.add("");
    if (call.getSummary() != null && !call.getSummary().isBlank()) {
      lines.add("Summary: " + call.getSummary().strip());
      lines.add("");
    }
    DiscoveredSignals signals = call.getSignals();
    if (signals != null && (signals.getUseCase() != null || signals.getTeamSize() != null
        || !signals.getPainPoints().isEmpty())) {
      lines.add("Discovered Information:");
      if (signals.getUseCase() != null) {
        lines.add("• Use Case: " + signals.getUseCase());
      }
      if (signals.getTeamSize() != null) {
        lines.add("• Team Size: " + signals.getTeamSize());
      }
      if (!signals.getPainPoints().isEmpty()) {
        lines.add("• Pain Points: " + String.join(", ", signals.getPainPoints()));
      }
      lines.add("");
    }
    if (!call.getToolCalls().isEmpty()) {
      lines.add("Agent Actions:");
      for (ToolCall tool : call.getToolCalls()) {
        lines.add(action(tool));
      }
      lines.add("");
    }
    lines.add("Session ID: " + call.getCallId());
    return String.join("\n", lines);
  }

  static String duration(int seconds) {
    if (seconds < 60) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    int minutes = seconds / 60;
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }

  private static String outcome(CallActivity call) {
    String stage = switch (call.getStage()) {
      case PLACED -> "Placed";
      case ANSWERED -> "Answered";
      case NO_ANSWER -> "No answer";
      case COMPLETED -> "Completed";
      default -> "Unknown";
    };
    return call.getDisposition() == null ? stage : stage + " (" + call.getDisposition() + ")";
  }

  private static String action(ToolCall tool) {
    Map<String, String> args = tool.getArguments();
    String text = switch (tool.getTool()) {
      case "book_sales_meeting" -> "Booked sales meeting for " + args.getOrDefault("preferred_date", "TBD");
      case "send_documentation" -> "Sent product documentation";
      case "offer_trial", "start_trial" -> "Offered a trial";
      default -> humanize(tool.getTool()) + (args.isEmpty() ? "" : " " + args);
    };
    return Boolean.FALSE.equals(tool.getSucceeded()) ? "✗ " + text + " (failed)" : "✓ " + text;
  }

  private static String humanize(String tool) {
    String s = tool.replace('_', ' ').strip();
    return s.isEmpty() ? tool : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
