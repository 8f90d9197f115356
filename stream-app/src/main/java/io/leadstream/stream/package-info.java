/**
 * Kafka Streams application: lead state, engagement, activities, cadences and compliance gates
 * (SPEC §5–§7), with an HTTP endpoint for interactive queries.
 *
 * <p>Code is organised by feature in sub-packages of this one (e.g. {@code state}, {@code
 * engagement}, {@code cadence}, {@code compliance}, {@code query}), each holding its own
 * configuration, domain and adapters. Operations endpoints ({@code /health}, {@code /metrics})
 * come from Spring Boot Actuator, served on a management port of their own, and are configured in
 * {@code application.properties}.
 */
package io.leadstream.stream;
