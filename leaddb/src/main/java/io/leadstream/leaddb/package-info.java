/**
 * The PostgreSQL lead database shared by crm-sink and event-api (SPEC §9): its Flyway migrations
 * ({@code classpath:db/migration}, run by each service at start; Flyway's lock makes concurrent
 * runs safe), the AES-GCM {@link io.leadstream.leaddb.TokenCipher} sealing CRM tokens (current key
 * from {@code LEADSTREAM_TOKEN_KEY}, older ones from {@code LEADSTREAM_TOKEN_KEYS_PREVIOUS}; {@link
 * io.leadstream.leaddb.TokenKeyRotation} re-encrypts stored tokens under the current key), the
 * {@link io.leadstream.leaddb.ConnectionStore} of per-workspace CRM connections and {@link io.leadstream.leaddb.LeadReads} for the lead API. crm-sink owns the
 * writes of leads, calls, appointments, links and the sync log.
 */
package io.leadstream.leaddb;
