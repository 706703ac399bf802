-- Messages by conversation in the order they were stored, not sent: what arrived around a
-- message (TurnAssembler cuts a lead's bursts into turns by it; a redelivered message can be
-- stored long after it was sent). On a large live table, build it first by hand with
-- CREATE INDEX CONCURRENTLY and this same definition, and check that it is valid
-- (pg_index.indisvalid; a cancelled build leaves an invalid one: drop it and build again); this
-- migration then finds it by its name.
CREATE INDEX IF NOT EXISTS messages_conversation_created_idx ON messages (tenant_id, conversation_id, created_at, id);
