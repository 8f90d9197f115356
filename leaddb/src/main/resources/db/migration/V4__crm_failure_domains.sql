-- crm-sink failure domains (SPEC §8): what the sink could not write to a workspace's CRM yet is kept
-- here, durably, instead of stalling every workspace or flooding the DLQ; each workspace's sync state
-- is shared by every sink instance, event-api's status endpoint and the admin API.

-- One row per workspace the sink has met. 'connected' writes live; every other state routes the
-- workspace's records into crm_pending until the sink retries (retry_at) and succeeds.
CREATE TABLE crm_sync_state (
    workspace_id    TEXT        PRIMARY KEY,
    state           TEXT        NOT NULL CHECK (state IN ('connected', 'throttled', 'needs_reconnect',
                                    'setup_incomplete', 'budget_exhausted', 'not_connected')),
    reason          TEXT,
    since           TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Consecutive failed attempts, for the capped exponential back-off; 0 once an attempt succeeds.
    failures        INTEGER     NOT NULL DEFAULT 0,
    retry_at        TIMESTAMPTZ,
    -- Which sink instance drains the workspace's pending records, until when (a lease, not a lock).
    drain_owner     TEXT,
    drain_until     TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The newest not-yet-written value of each entity (a lead's state or engagement, a call, an
-- appointment) of a workspace, as the record's wire bytes: a newer value replaces an older one, so a
-- drain writes each entity once with its newest values. reason says why it waits:
--   held          the workspace is not 'connected' (throttled, needs_reconnect, …) — drained on recovery
--   not_connected the workspace has no CRM connection — drained when it connects (its backfill)
--   not_found     no CRM record matches the lead — re-matched periodically and on demand
--   ambiguous     several records match — drained once an operator resolves the match (review queue)
CREATE TABLE crm_pending (
    workspace_id    TEXT        NOT NULL,
    entity_type     TEXT        NOT NULL CHECK (entity_type IN ('lead', 'engagement', 'call', 'appointment')),
    entity_id       TEXT        NOT NULL,
    lead_id         TEXT        NOT NULL,
    version         BIGINT      NOT NULL,
    topic           TEXT        NOT NULL,
    record_key      TEXT        NOT NULL,
    record_value    BYTEA       NOT NULL,
    opt_out         BOOLEAN     NOT NULL DEFAULT FALSE,
    reason          TEXT        NOT NULL CHECK (reason IN ('held', 'not_connected', 'not_found', 'ambiguous')),
    detail          TEXT,
    retry_at        TIMESTAMPTZ,
    held_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, entity_type, entity_id)
);
CREATE INDEX crm_pending_lead_idx ON crm_pending (workspace_id, lead_id);
CREATE INDEX crm_pending_reason_idx ON crm_pending (workspace_id, reason, retry_at);

-- sync_log: an entity waiting in crm_pending is 'held' (its pending row says why).
ALTER TABLE sync_log DROP CONSTRAINT sync_log_status_check;
ALTER TABLE sync_log ADD CONSTRAINT sync_log_status_check
    CHECK (status IN ('success', 'not_found', 'ambiguous', 'error', 'held'));

-- optout_audit: every opt-out, also a second one after a re-consent (its own opted_out_at) and one no
-- CRM record matches (status no_crm_record, no Salesforce id); a redelivered one still counts once.
DO $$
DECLARE c TEXT;
BEGIN
    -- The old unique key (workspace, lead, Salesforce id, flags) dropped a second opt-out after a re-consent.
    SELECT conname INTO c FROM pg_constraint WHERE conrelid = 'optout_audit'::regclass AND contype = 'u';
    EXECUTE format('ALTER TABLE optout_audit DROP CONSTRAINT %I', c);
END $$;
ALTER TABLE optout_audit ALTER COLUMN salesforce_object DROP NOT NULL;
ALTER TABLE optout_audit ALTER COLUMN salesforce_id DROP NOT NULL;
ALTER TABLE optout_audit ALTER COLUMN acknowledged_at DROP NOT NULL;
ALTER TABLE optout_audit ADD COLUMN status TEXT NOT NULL DEFAULT 'acknowledged'
    CHECK (status IN ('acknowledged', 'no_crm_record'));
CREATE UNIQUE INDEX optout_audit_occurrence_idx ON optout_audit
    (workspace_id, lead_id, (COALESCE(opted_out_at, 'epoch'::timestamptz)), do_not_call, do_not_email, status);

-- DLQ records an operator replayed (admin API), so a replay is not repeated by accident.
CREATE TABLE dlq_replays (
    dlq_topic       TEXT        NOT NULL,
    dlq_partition   INTEGER     NOT NULL,
    dlq_offset      BIGINT      NOT NULL,
    workspace_id    TEXT,
    replayed_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
);

-- A cached link remembers the email and phone it was matched by: when the lead's change, the link is
-- re-validated instead of writing to a record that no longer is this lead's.
ALTER TABLE crm_links ADD COLUMN matched_email TEXT;
ALTER TABLE crm_links ADD COLUMN matched_phone TEXT;
