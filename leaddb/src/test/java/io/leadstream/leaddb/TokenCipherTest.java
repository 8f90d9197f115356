package io.leadstream.leaddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
  private final TokenCipher cipher = new TokenCipher("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

  @Test
  void tokensRoundTripAndTheCiphertextDoesNotContainThem() {
    byte[] sealed = cipher.encrypt("ws1", "00D!secret-token");
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret-token");
    assertThat(cipher.decrypt("ws1", sealed)).isEqualTo("00D!secret-token");
  }

  @Test
  void aTokenCopiedToAnotherWorkspaceDoesNotDecrypt() {
    byte[] sealed = cipher.encrypt("ws1", "token");
    assertThatThrownBy(() -> cipher.decrypt("ws2", sealed)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingKeyIsRefusedWithTheVariableToSet() {
    assertThatThrownBy(() -> new TokenCipher("")).hasMessageContaining("LEADSTREAM_TOKEN_KEY");
  }
}
