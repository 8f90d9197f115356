-- Workspaces (tenants) and their API tokens (SPEC §14). A lead is (workspace_id, lead_id) in every
-- table; this adds the tenants themselves, so onboarding, token rotation and revocation need no
-- config edit or restart. A token is stored only as the SHA-256 of its secret and shown once.

CREATE TABLE workspaces (
    -- 'global' is the scope of the shared do-not-call lists (compliance.dnc.v1 keys), never a workspace.
    workspace_id    TEXT        PRIMARY KEY CHECK (workspace_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$' AND workspace_id <> 'global'),
    name            TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    disabled        BOOLEAN     NOT NULL DEFAULT FALSE,
    -- Operator settings (CRM provider, login URL, field mapping, createMissingLeads, consent policy).
    settings        JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
    token_id        TEXT        PRIMARY KEY,
    workspace_id    TEXT        NOT NULL REFERENCES workspaces (workspace_id),
    secret_sha256   BYTEA       NOT NULL CHECK (length(secret_sha256) = 32),
    scopes          TEXT[]      NOT NULL,
    name            TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ,
    last_used_at    TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ
);
CREATE INDEX api_tokens_workspace_idx ON api_tokens (workspace_id);
