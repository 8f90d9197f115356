package io.leadstream.leaddb;

/**
 * A stored token that {@link TokenCipher} cannot open: unknown key id, another workspace's token,
 * corrupted or in a layout it does not read. The message names the workspace and the key id, never
 * the token or a key. An {@link IllegalArgumentException}, as callers already expect of a bad token.
 */
public final class UndecryptableTokenException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  UndecryptableTokenException(String message) {
    super(message);
  }

  UndecryptableTokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
