package io.leadstream.sink.salesforce;

/** The server-to-server and connected-app flows the sink can use (SPEC §8). */
public enum OAuthGrant {
  CLIENT_CREDENTIALS, JWT_BEARER, REFRESH_TOKEN
}
