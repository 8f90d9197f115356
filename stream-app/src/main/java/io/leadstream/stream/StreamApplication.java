package io.leadstream.stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Kafka Streams application: lead state, engagement, activities, cadences and compliance gates (SPEC §5–§7), with an HTTP endpoint for interactive queries. */
@SpringBootApplication
public class StreamApplication {

  public static void main(String[] args) {
    SpringApplication.run(StreamApplication.class, args);
  }
}
