package io.leadstream.sfemu.oauth;

/** An OAuth error, rendered as {"error","error_description"} with its status (400 for the token endpoint). */
public class OAuthException extends RuntimeException {

  private final int status;
  private final String error;

  public OAuthException(int status, String error, String description) {
    super(description);
    this.status = status;
    this.error = error;
  }

  public static OAuthException invalidGrant(String description) {
    return new OAuthException(400, "invalid_grant", description);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public String description() {
    return getMessage();
  }
}
