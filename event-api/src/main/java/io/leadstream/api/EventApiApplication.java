package io.leadstream.api;

import io.leadstream.api.admin.AdminCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** HTTP ingestion and lead API, Salesforce connection endpoints and ops dashboard (SPEC §10, §12). */
@SpringBootApplication
public class EventApiApplication {

  /** The service; or, with {@code admin …} as arguments, the admin command line (no service started). */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("admin")) {
      AdminCli.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    SpringApplication.run(EventApiApplication.class, args);
  }
}
