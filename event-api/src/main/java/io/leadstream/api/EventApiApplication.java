package io.leadstream.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** HTTP ingestion and lead API, Salesforce connection endpoints and ops dashboard (SPEC §10, §12). */
@SpringBootApplication
public class EventApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(EventApiApplication.class, args);
  }
}
