/**
 * HTTP ingestion and lead API, Salesforce connection endpoints and ops dashboard (SPEC §10,
 * §12).
 *
 * <p>Code is organised by feature in sub-packages of this one (e.g. {@code ingest}, {@code
 * leads}, {@code salesforce}, {@code dashboard}), each holding its own configuration, domain
 * and adapters. Operations endpoints ({@code /health}, {@code /metrics}) come from Spring Boot
 * Actuator, served on a management port of their own, and are configured in {@code
 * application.properties}.
 */
package io.leadstream.api;
