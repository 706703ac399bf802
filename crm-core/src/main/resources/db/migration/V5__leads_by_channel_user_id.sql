-- Leads known by a channel user id: WhatsApp's business-scoped user id (BSUID) reaches users who
-- hide their phone number behind a username, so a lead may have a phone number, a user id, or
-- both. Each is unique per tenant (NULLs do not collide); a lead has at least one.
-- The new column starts NULL everywhere (no table rewrite), but the check scans the table and
-- the unique key builds an index while the migration holds the table's lock: writes to leads
-- wait for it (0.7 s for a million leads on the 2-core test machine).
ALTER TABLE leads ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE leads ADD COLUMN channel_user_id text COLLATE "C";
ALTER TABLE leads ADD CONSTRAINT leads_channel_user_uq UNIQUE (tenant_id, channel_user_id);
ALTER TABLE leads ADD CONSTRAINT leads_contact_ck CHECK (phone IS NOT NULL OR channel_user_id IS NOT NULL);
