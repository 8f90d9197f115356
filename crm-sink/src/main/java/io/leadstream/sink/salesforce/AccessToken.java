package io.leadstream.sink.salesforce;

import java.time.Instant;

/** An OAuth access token and the instance it is valid for. {@link #toString()} never shows the token. */
public record AccessToken(String value, String instanceUrl, Instant expiresAt) {
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "AccessToken[instance=" + instanceUrl + ", expiresAt=" + expiresAt + "]";
  }
}
