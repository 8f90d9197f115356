package io.leadstream.sfemu.support;

import io.leadstream.sfemu.EmulatorConfig;
import io.leadstream.sfemu.SalesforceEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One emulator per test class, reset before each test, and a client holding a valid token. */
public abstract class EmulatorTest {

  protected static SalesforceEmulator emulator;
  protected EmulatorClient api;

  @BeforeAll
  static void startEmulator() {
    emulator = SalesforceEmulator.start(EmulatorConfig.defaults());
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void resetEmulator() {
    emulator.admin().reset();
    api = new EmulatorClient(emulator.baseUrl(), emulator.accessToken());
  }
}
