-- Leads known by a channel user id: WhatsApp's business-scoped user id (BSUID) reaches users who
-- hide their phone number behind a username, so a lead may have a phone number, a user id, or
-- both. Each is unique per tenant (NULLs do not collide); a lead has at least one.
ALTER TABLE leads ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE leads ADD COLUMN channel_user_id text COLLATE "C";
ALTER TABLE leads ADD CONSTRAINT leads_channel_user_uq UNIQUE (tenant_id, channel_user_id);
ALTER TABLE leads ADD CONSTRAINT leads_contact_ck CHECK (phone IS NOT NULL OR channel_user_id IS NOT NULL);
