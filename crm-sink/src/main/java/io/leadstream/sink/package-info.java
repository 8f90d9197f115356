/**
 * Consumer group writing the derived topics to Salesforce and PostgreSQL (SPEC §8, §9).
 *
 * <p>Code is organised by feature in sub-packages of this one (e.g. {@code salesforce}, {@code
 * leaddb}), each holding its own configuration, domain and adapters. Operations endpoints
 * ({@code /health}, {@code /metrics}) come from Spring Boot Actuator, served on a management port
 * of their own, and are configured in {@code application.properties}.
 */
package io.leadstream.sink;
