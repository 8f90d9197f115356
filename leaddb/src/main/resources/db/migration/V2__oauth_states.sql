-- Pending OAuth web-flow states of event-api (seed 001 CSRF protection): one row per initiated
-- connect, deleted when its callback arrives, so a state is accepted once across all instances.
CREATE TABLE oauth_states (
    nonce           TEXT        PRIMARY KEY,
    workspace_id    TEXT        NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX oauth_states_expiry_idx ON oauth_states (expires_at);
