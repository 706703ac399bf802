-- Seller metrics read every message of the period's conversations through this index (one range
-- per conversation). Carrying the author in the index lets those reads skip the table (an
-- index-only scan once autovacuum has marked the pages all-visible). Same key as before, so
-- appends keep updating one index on messages besides the primary and unique keys.
DROP INDEX messages_conversation_time_idx;
CREATE INDEX messages_conversation_time_idx ON messages (tenant_id, conversation_id, sent_at, id)
    INCLUDE (author, author_user_id);
