-- Messages by conversation in the order they were stored, not sent: what arrived around a
-- moment (TurnAssembler cuts a lead's bursts into turns by it; a redelivered message can be
-- stored long after it was sent).
CREATE INDEX messages_conversation_created_idx ON messages (tenant_id, conversation_id, created_at, id);
