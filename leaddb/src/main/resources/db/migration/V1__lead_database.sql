-- PostgreSQL lead database of crm-sink (SPEC §9). Every row is keyed by workspace; upserts are keyed
-- by natural ids and guarded by the state version / call revision, so a row never moves backwards.

CREATE TABLE leads (
    workspace_id            TEXT        NOT NULL,
    lead_id                 TEXT        NOT NULL,
    email                   TEXT,
    first_name              TEXT,
    last_name               TEXT,
    phone                   TEXT,
    company                 TEXT,
    segment                 TEXT,
    preferred_contact_time  TEXT,
    time_zone               TEXT,
    state_code              TEXT,
    status                  TEXT,
    calls_placed            INTEGER     NOT NULL DEFAULT 0,
    calls_answered          INTEGER     NOT NULL DEFAULT 0,
    no_answer_streak        INTEGER     NOT NULL DEFAULT 0,
    total_talk_seconds      BIGINT      NOT NULL DEFAULT 0,
    last_contacted_at       TIMESTAMPTZ,
    last_answered_at        TIMESTAMPTZ,
    last_call_id            TEXT,
    trial_offered           BOOLEAN     NOT NULL DEFAULT FALSE,
    trial_accepted          BOOLEAN     NOT NULL DEFAULT FALSE,
    upgrade_offered         BOOLEAN     NOT NULL DEFAULT FALSE,
    upgrade_accepted        BOOLEAN     NOT NULL DEFAULT FALSE,
    meeting_booked          BOOLEAN     NOT NULL DEFAULT FALSE,
    last_appointment_id     TEXT,
    use_case                TEXT,
    team_size               TEXT,
    pain_points             TEXT[]      NOT NULL DEFAULT '{}',
    last_qualification_score INTEGER,
    next_action             TEXT,
    do_not_call             BOOLEAN     NOT NULL DEFAULT FALSE,
    do_not_email            BOOLEAN     NOT NULL DEFAULT FALSE,
    opted_out_at            TIMESTAMPTZ,
    opt_out_reason          TEXT,
    active_cadence_id       TEXT,
    state_created_at        TIMESTAMPTZ,
    last_event_at           TIMESTAMPTZ,
    version                 BIGINT      NOT NULL DEFAULT 0,
    engagement_score        INTEGER     NOT NULL DEFAULT 0,
    engagement_components   JSONB,
    engagement_as_of        TIMESTAMPTZ,
    engagement_state_version BIGINT     NOT NULL DEFAULT 0,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, lead_id)
);
CREATE INDEX leads_email_idx ON leads (workspace_id, lower(email));
CREATE INDEX leads_status_idx ON leads (workspace_id, status);

CREATE TABLE call_activities (
    workspace_id        TEXT        NOT NULL,
    call_id             TEXT        NOT NULL,
    lead_id             TEXT        NOT NULL,
    campaign_id         TEXT,
    agent_id            TEXT,
    stage               TEXT        NOT NULL,
    revision            INTEGER     NOT NULL,
    placed_at           TIMESTAMPTZ,
    answered_at         TIMESTAMPTZ,
    ended_at            TIMESTAMPTZ,
    duration_seconds    INTEGER     NOT NULL DEFAULT 0,
    direction           TEXT,
    disposition         TEXT,
    summary             TEXT,
    use_case            TEXT,
    team_size           TEXT,
    pain_points         TEXT[]      NOT NULL DEFAULT '{}',
    tool_calls          JSONB,
    recording_url       TEXT,
    occurred_at         TIMESTAMPTZ NOT NULL,
    salesforce_task_id  TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, call_id)
);
CREATE INDEX call_activities_lead_idx ON call_activities (workspace_id, lead_id);

CREATE TABLE appointments (
    workspace_id        TEXT        NOT NULL,
    appointment_id      TEXT        NOT NULL,
    lead_id             TEXT        NOT NULL,
    call_id             TEXT,
    type                TEXT        NOT NULL,
    start_at            TIMESTAMPTZ,
    end_at              TIMESTAMPTZ,
    duration_minutes    INTEGER     NOT NULL,
    time_zone           TEXT,
    requested_date      TEXT,
    requested_time      TEXT,
    notes               TEXT,
    validation_error    TEXT,
    booked_at           TIMESTAMPTZ NOT NULL,
    event_id            TEXT        NOT NULL,
    salesforce_event_id TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, appointment_id)
);
CREATE INDEX appointments_lead_idx ON appointments (workspace_id, lead_id);

-- Which Salesforce record a lead is written to, so a lead is looked up once.
CREATE TABLE crm_links (
    workspace_id        TEXT        NOT NULL,
    lead_id             TEXT        NOT NULL,
    salesforce_object   TEXT        NOT NULL CHECK (salesforce_object IN ('Lead', 'Contact')),
    salesforce_id       TEXT        NOT NULL,
    matched_by          TEXT        NOT NULL,
    linked_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, lead_id)
);

-- The latest sync outcome of every call, appointment and lead (seed 001's sync log), one row each.
-- Status ambiguous rows with review_status 'open' are the review queue.
CREATE TABLE sync_log (
    id                      BIGSERIAL   PRIMARY KEY,
    workspace_id            TEXT        NOT NULL,
    entity_type             TEXT        NOT NULL CHECK (entity_type IN ('call', 'appointment', 'lead')),
    entity_id               TEXT        NOT NULL,
    lead_id                 TEXT        NOT NULL,
    call_id                 TEXT,
    salesforce_record_id    TEXT,
    salesforce_task_id      TEXT,
    salesforce_event_id     TEXT,
    status                  TEXT        NOT NULL CHECK (status IN ('success', 'not_found', 'ambiguous', 'error')),
    error_message           TEXT,
    candidates              TEXT[],
    review_status           TEXT        CHECK (review_status IN ('open', 'resolved')),
    phone_number            TEXT,
    email                   TEXT,
    attempts                INTEGER     NOT NULL DEFAULT 1,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, entity_type, entity_id)
);
CREATE INDEX sync_log_status_idx ON sync_log (workspace_id, status);
CREATE INDEX sync_log_call_idx ON sync_log (workspace_id, call_id);

-- One Salesforce connection per workspace; tokens AES-GCM encrypted (key from the environment).
CREATE TABLE crm_connections (
    workspace_id            TEXT        PRIMARY KEY,
    provider                TEXT        NOT NULL DEFAULT 'salesforce',
    instance_url            TEXT,
    access_token_enc        BYTEA,
    refresh_token_enc       BYTEA,
    expires_at              TIMESTAMPTZ,
    last_sync_at            TIMESTAMPTZ,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every opt-out confirmed in Salesforce, with the acknowledgement time. Kept at least 5 years:
-- nothing in the sink deletes from it.
CREATE TABLE optout_audit (
    id                      BIGSERIAL   PRIMARY KEY,
    workspace_id            TEXT        NOT NULL,
    lead_id                 TEXT        NOT NULL,
    state_version           BIGINT      NOT NULL,
    opted_out_at            TIMESTAMPTZ,
    reason                  TEXT,
    salesforce_object       TEXT        NOT NULL,
    salesforce_id           TEXT        NOT NULL,
    do_not_call             BOOLEAN     NOT NULL,
    do_not_email            BOOLEAN     NOT NULL,
    acknowledged_at         TIMESTAMPTZ NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, lead_id, salesforce_id, do_not_call, do_not_email)
);
