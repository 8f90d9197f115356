package io.leadstream.sink.salesforce;

/** Told about every Salesforce request: for metrics and the API budget. */
public interface CallObserver {
  /** @param outcome success, client_error, unauthorized, throttled, server_error, io_error, timeout,
   *     deadline (the workspace's write deadline passed), rejected (circuit open) */
  void onCall(String workspaceId, String operation, String outcome);

  void onLimitInfo(String workspaceId, LimitInfo info);

  CallObserver NONE = new CallObserver() {
    @Override
    public void onCall(String workspaceId, String operation, String outcome) {
    }

    @Override
    public void onLimitInfo(String workspaceId, LimitInfo info) {
    }
  };
}
