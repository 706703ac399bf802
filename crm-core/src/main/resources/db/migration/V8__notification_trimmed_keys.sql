-- The dedup keys of notifications the per-recipient trim deleted (NotificationCenter.cleanUp keeps
-- the newest 1,000 of each recipient). The checks find a condition already notified by its key;
-- without these, a condition still in effect whose notification was trimmed away (a conversation
-- still waiting, a lead still hot) would be notified again. Kept for 90 days after the trim
-- (NotificationStore.deleteExpired prunes them).
CREATE TABLE notification_trimmed_keys (
    tenant_id    text        COLLATE "C" NOT NULL,
    recipient_id uuid        NOT NULL,
    dedup_key    text        COLLATE "C" NOT NULL,
    trimmed_at   timestamptz NOT NULL,
    CONSTRAINT notification_trimmed_keys_pk PRIMARY KEY (tenant_id, recipient_id, dedup_key),
    CONSTRAINT notification_trimmed_keys_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);
CREATE INDEX notification_trimmed_keys_age_idx ON notification_trimmed_keys (tenant_id, trimmed_at);
