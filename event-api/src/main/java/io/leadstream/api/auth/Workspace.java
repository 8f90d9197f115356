package io.leadstream.api.auth;

/** The request attribute holding the caller's workspace, set by {@link ApiRequestFilter}. */
public final class Workspace {
  public static final String ATTRIBUTE = "leadstream.workspace";

  private Workspace() {
  }
}
