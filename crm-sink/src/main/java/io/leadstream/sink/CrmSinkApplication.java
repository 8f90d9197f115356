package io.leadstream.sink;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Consumer group writing the derived topics to Salesforce and PostgreSQL (SPEC §8, §9). */
@SpringBootApplication
public class CrmSinkApplication {

  public static void main(String[] args) {
    SpringApplication.run(CrmSinkApplication.class, args);
  }
}
