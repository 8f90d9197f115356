package io.leadstream.sfemu;

import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar salesforce-emulator.jar}: configured from env vars / system properties (see {@link
 * EmulatorConfig#fromEnvironment}), e.g. {@code SF_EMULATOR_ADMIN_PORT=9788} or {@code -Dsfemu.adminPort=9788}.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) throws InterruptedException {
    EmulatorConfig config = EmulatorConfig.fromEnvironment(System.getenv(), System.getProperties());
    SalesforceEmulator emulator = SalesforceEmulator.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      stopped.countDown();
    }));
    // Never prints the client secret.
    System.out.println("Salesforce emulator listening on " + emulator.baseUrl()
        + " (login/instance URL; client id " + config.clientId()
        + ", JWT bearer " + (config.jwtPublicKey().isPresent() ? "enabled" : "disabled")
        + ", token TTL " + config.accessTokenTtl().toSeconds() + "s, daily API limit " + config.dailyApiLimit()
        + config.dataFile().map(f -> ", data file " + f).orElse("") + ")");
    if (!config.behaviours().equals(OrgBehaviours.defaults())) {
      System.out.println("Real-org behaviours: " + config.behaviours());
    }
    System.out.println("Login host (refuses client_credentials like login.salesforce.com): " + emulator.loginHostUrl());
    System.out.println("Admin API (data and fault injection, no authentication) at " + emulator.adminBaseUrl()
        + "/__admin" + (emulator.adminAddress().getAddress().isLoopbackAddress() ? " (loopback only)" : ""));
    stopped.await();
  }
}
