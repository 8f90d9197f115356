package io.leadstream.stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Kafka Streams application: lead state, engagement, activities, cadences and compliance gates (SPEC §5–§7), with an HTTP endpoint for interactive queries. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StreamApplication {

  public static void main(String[] args) {
    SpringApplication.run(StreamApplication.class, args);
  }
}
