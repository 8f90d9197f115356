package io.leadstream.leaddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
  // Three distinct 32-byte keys, base64 ("0123…", "abcd…", "ABCD…" as ASCII).
  private static final String KEY_A = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final String KEY_B = "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=";
  private static final String KEY_C = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVoxMjM0NTY=";

  private final TokenCipher cipher = new TokenCipher(KEY_A);

  @Test
  void tokensRoundTripAndTheCiphertextDoesNotContainThem() {
    byte[] sealed = cipher.encrypt("ws1", "00D!secret-token");
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret-token");
    assertThat(cipher.decrypt("ws1", sealed)).isEqualTo("00D!secret-token");
  }

  @Test
  void aTokenCopiedToAnotherWorkspaceDoesNotDecrypt() {
    byte[] sealed = cipher.encrypt("ws1", "token");
    assertThatThrownBy(() -> cipher.decrypt("ws2", sealed))
        .isInstanceOf(UndecryptableTokenException.class)
        .hasMessageContaining("workspace ws2");
  }

  @Test
  void aTokenCopiedToAnotherWorkspaceDoesNotDecryptUnderAPreviousKeyEither() {
    byte[] sealed = new TokenCipher("a:" + KEY_A).encrypt("ws1", "token");
    TokenCipher rotated = new TokenCipher("b:" + KEY_B, "a:" + KEY_A);
    assertThat(rotated.decrypt("ws1", sealed)).isEqualTo("token");
    assertThatThrownBy(() -> rotated.decrypt("ws2", sealed)).isInstanceOf(UndecryptableTokenException.class);
  }

  @Test
  void aMissingKeyIsRefusedWithTheVariableToSet() {
    assertThatThrownBy(() -> new TokenCipher("")).hasMessageContaining("LEADSTREAM_TOKEN_KEY");
  }

  @Test
  void previousKeysDecryptButOnlyTheCurrentKeyEncrypts() {
    byte[] underA = new TokenCipher("a:" + KEY_A).encrypt("ws1", "old");
    TokenCipher rotated = new TokenCipher("b:" + KEY_B, "a:" + KEY_A);
    byte[] underB = rotated.encrypt("ws1", "new");

    assertThat(rotated.decrypt("ws1", underA)).isEqualTo("old");
    assertThat(new TokenCipher("b:" + KEY_B).decrypt("ws1", underB)).isEqualTo("new");
    assertThat(rotated.isUnderCurrentKey(underB)).isTrue();
    assertThat(rotated.isUnderCurrentKey(underA)).isFalse();
  }

  @Test
  void aTokenUnderAnUnconfiguredKeyFailsNamingThatKeyId() {
    byte[] underA = new TokenCipher("2025-q4:" + KEY_A).encrypt("ws1", "token");
    TokenCipher withoutA = new TokenCipher("2026-q1:" + KEY_B);
    assertThatThrownBy(() -> withoutA.decrypt("ws1", underA))
        .isInstanceOf(UndecryptableTokenException.class)
        .hasMessageContaining("key id '2025-q4'")
        .hasMessageContaining("LEADSTREAM_TOKEN_KEYS_PREVIOUS")
        .hasMessageNotContaining(KEY_A)
        .hasMessageNotContaining(KEY_B);
  }

  @Test
  void aTokenRelabelledWithAnotherConfiguredKeyIdDoesNotDecrypt() {
    TokenCipher twoKeys = new TokenCipher("aa:" + KEY_A, "bb:" + KEY_B);
    byte[] sealed = twoKeys.encrypt("ws1", "token");
    sealed[2] = 'b'; // the key id starts after the version and length bytes
    sealed[3] = 'b';
    assertThatThrownBy(() -> twoKeys.decrypt("ws1", sealed))
        .isInstanceOf(UndecryptableTokenException.class)
        .hasMessageContaining("key id 'bb'");
  }

  @Test
  void aTokenInTheRetiredVersionOneLayoutIsRefusedWithWhatToDo() {
    byte[] versionOne = new byte[40];
    versionOne[0] = 1;
    assertThatThrownBy(() -> cipher.decrypt("ws1", versionOne))
        .isInstanceOf(UndecryptableTokenException.class)
        .hasMessageContaining("version-1")
        .hasMessageContaining("reconnect");
  }

  @Test
  void aNamedKeyKeepsItsName() {
    assertThat(new TokenCipher("prod-2026.05:" + KEY_A).currentKeyId()).isEqualTo("prod-2026.05");
  }

  @Test
  void aBareKeyIsNamedByAStableFingerprint() {
    String id = new TokenCipher(KEY_A).currentKeyId();
    assertThat(id).matches("fp-[0-9a-f]{8}").isEqualTo(new TokenCipher(" " + KEY_A + "\n").currentKeyId());
    assertThat(new TokenCipher(KEY_B).currentKeyId()).isNotEqualTo(id);
  }

  @Test
  void aBareKeyMovedToThePreviousKeysStillOpensWhatItSealed() {
    byte[] sealed = new TokenCipher(KEY_A).encrypt("ws1", "token");
    assertThat(new TokenCipher(KEY_B, KEY_A).decrypt("ws1", sealed)).isEqualTo("token");
  }

  @Test
  void theEnvironmentGivesTheCurrentAndPreviousKeys() {
    TokenCipher fromEnv = TokenCipher.fromEnvironment(Map.of(
        "LEADSTREAM_TOKEN_KEY", "c:" + KEY_C,
        "LEADSTREAM_TOKEN_KEYS_PREVIOUS", "b:" + KEY_B + ", a:" + KEY_A + ","));
    assertThat(fromEnv.currentKeyId()).isEqualTo("c");
    assertThat(fromEnv.keyIds()).containsExactly("c", "b", "a");
  }

  @Test
  void describingTheCipherNamesKeyIdsOnly() {
    assertThat(new TokenCipher("b:" + KEY_B, "a:" + KEY_A)).hasToString("TokenCipher[current=b, decrypts=[b, a]]");
  }

  @Test
  void aKeyThatIsNotBase64IsRefusedWithoutQuotingIt() {
    String notBase64 = "this-is-no-base64!!";
    assertThatThrownBy(() -> new TokenCipher(notBase64))
        .hasMessage("LEADSTREAM_TOKEN_KEY: the key is not valid base64")
        .hasNoCause();
  }

  @Test
  void aKeyOfTheWrongLengthIsRefusedNamingItsEntryAndId() {
    String twentyBytes = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM=";
    assertThatThrownBy(() -> new TokenCipher("a:" + KEY_A, "b:" + KEY_B + ",old:" + twentyBytes))
        .hasMessage("LEADSTREAM_TOKEN_KEYS_PREVIOUS entry 2 (id 'old'): the key is 20 bytes;"
            + " an AES key is 16, 24 or 32 bytes (openssl rand -base64 32)");
  }

  @Test
  void aRepeatedKeyIdIsRefusedNamingBothEntries() {
    assertThatThrownBy(() -> new TokenCipher("a:" + KEY_A, "b:" + KEY_B + ",a:" + KEY_C))
        .hasMessage("LEADSTREAM_TOKEN_KEYS_PREVIOUS entry 2: key id 'a' is already used by LEADSTREAM_TOKEN_KEY;"
            + " key ids must be unique");
  }

  @Test
  void theSameKeyListedTwiceIsRefusedNamingBothIds() {
    assertThatThrownBy(() -> new TokenCipher("new:" + KEY_A, KEY_B + ",again:" + KEY_A))
        .hasMessageContaining("LEADSTREAM_TOKEN_KEYS_PREVIOUS entry 2 (id 'again') is the same key as"
            + " LEADSTREAM_TOKEN_KEY (id 'new')")
        .hasMessageNotContaining(KEY_A);
  }

  @Test
  void aMalformedKeyIdIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> new TokenCipher("a:" + KEY_A, "my key:" + KEY_B))
        .hasMessageStartingWith("LEADSTREAM_TOKEN_KEYS_PREVIOUS entry 1: a key id must be")
        .hasMessageNotContaining("my key");
  }

  @Test
  void anIdWithoutAKeyIsRefused() {
    assertThatThrownBy(() -> new TokenCipher("a:"))
        .hasMessage("LEADSTREAM_TOKEN_KEY (id 'a'): no key after the id");
  }
}
