package io.leadstream.sink.salesforce;

/** What the sink does about a failed Salesforce request or record (SPEC §8). */
public enum ErrorClass {
  /** 401 INVALID_SESSION_ID: refresh the token, retry once. */
  REFRESH,
  /** REQUEST_LIMIT_EXCEEDED, 503: pause consumption and come back later; nothing is parked. */
  THROTTLE,
  /** UNABLE_TO_LOCK_ROW, other 5xx, network: retry with backoff. */
  RETRY,
  /** The linked record was converted or deleted: forget the cached link, match again. */
  RELINK,
  /** Validation and other 4xx: park the record in the DLQ, log it, continue with the rest. */
  PARK
}
