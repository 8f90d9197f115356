-- The connect flow as real orgs need it (SPEC §10, §14): PKCE, a login URL per workspace, and the org a
-- connection and a link belong to, so a reconnect to another org is noticed.

-- PKCE: the code_verifier of a pending authorization, sealed like a token (TokenCipher, the workspace as
-- associated data), deleted with its state when the callback consumes it; and the login URL the
-- authorize request went to, where the code must be exchanged.
ALTER TABLE oauth_states ADD COLUMN code_verifier_enc BYTEA;
ALTER TABLE oauth_states ADD COLUMN login_url TEXT;

-- Where the grant was issued (production, sandbox or My Domain host): refreshes and the revoke go there,
-- whatever the workspace's setting says later. The org and user of the token response's identity URL.
ALTER TABLE crm_connections ADD COLUMN login_url TEXT;
ALTER TABLE crm_connections ADD COLUMN org_id TEXT;
ALTER TABLE crm_connections ADD COLUMN user_id TEXT;

-- The org a cached match was made in (NULL: unknown, made before this column or by a server-to-server
-- connection): a link of another org is never used, and a reconnect to another org clears the workspace's links.
ALTER TABLE crm_links ADD COLUMN org_id TEXT;
