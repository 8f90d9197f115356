package io.leadstream.sink.pipeline;

import io.leadstream.sink.salesforce.SalesforceWriter;
import io.leadstream.sink.workspace.Pending;
import io.leadstream.sink.workspace.SyncState;
import io.leadstream.sink.workspace.SyncStates;
import io.leadstream.sink.workspace.WorkspaceConnections;
import io.leadstream.sink.workspace.WorkspaceConnections.Connection;
import java.util.List;
import java.util.Optional;

/**
 * Stage 3: where one workspace's items go (SPEC §8 failure domains). A connected workspace with no
 * backlog is written live; a workspace without a connection keeps its items for its backfill; a
 * workspace that failed (or is still draining what it held) queues them behind its backlog, so each
 * entity reaches the CRM once and in version order — except opt-outs, which are written right away
 * unless the grant itself is gone.
 */
public final class WorkspaceRouter {
  private final WorkspaceConnections connections;
  private final SyncStates states;
  private final SalesforceWriter writer;

  public WorkspaceRouter(WorkspaceConnections connections, SyncStates states, SalesforceWriter writer) {
    this.connections = connections;
    this.states = states;
    this.writer = writer;
  }

  /** @param hasBacklog whether the workspace has held records still to drain (they go first) */
  public WriteReport route(String workspaceId, List<Item> items, boolean hasBacklog) {
    Optional<Connection> conn = connections.forWorkspace(workspaceId);
    if (conn.isEmpty()) {
      states.notConnected(workspaceId);
      return WriteReport.holding(workspaceId, items, Pending.Reason.NOT_CONNECTED,
          "workspace " + workspaceId + " has no CRM connection");
    }
    SyncState state = states.state(workspaceId);
    if (state == SyncState.CONNECTED && !hasBacklog) {
      return writer.write(conn.get(), items);
    }
    String why = state == SyncState.CONNECTED || state == SyncState.NOT_CONNECTED
        ? "queued behind the workspace's held records" : "workspace " + state.dbName();
    if (state.optOutsMayBeWritten() && items.stream().anyMatch(Item::isOptOut)) {
      return writer.writeOptOuts(conn.get(), items, why);
    }
    return WriteReport.holding(workspaceId, items, Pending.Reason.HELD, why);
  }
}
