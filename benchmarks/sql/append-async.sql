SET synchronous_commit = off;
\set i random(1, 2000)
WITH m AS (
  INSERT INTO bench_breakdown.messages (tenant_id, id, conversation_id, lead_id, direction, author, type, body,
      provider_message_id, delivery_status, metadata, sent_at, created_at)
    VALUES ('bench', gen_random_uuid(), ('10000000-0000-0000-0000-' || lpad(:i::text, 12, '0'))::uuid,
      ('00000000-0000-0000-0000-' || lpad(:i::text, 12, '0'))::uuid, 'INBOUND', 'LEAD', 'TEXT',
      'Hola, quiero saber el precio', 'wamid.' || gen_random_uuid(), 'RECEIVED', '{}', now(), now())
    ON CONFLICT ON CONSTRAINT messages_provider_id_uq DO NOTHING
    RETURNING sent_at, author
), c AS (
  UPDATE bench_breakdown.conversations SET message_count = message_count + 1,
      last_message_at = GREATEST(last_message_at, m.sent_at),
      last_lead_message_at = GREATEST(last_lead_message_at, m.sent_at),
      awaiting_reply_since = LEAST(awaiting_reply_since, m.sent_at)
    FROM m WHERE conversations.tenant_id = 'bench'
      AND conversations.id = ('10000000-0000-0000-0000-' || lpad(:i::text, 12, '0'))::uuid
    RETURNING conversations.id
), l AS (
  UPDATE bench_breakdown.leads SET last_inbound_at = GREATEST(last_inbound_at, m.sent_at),
      version = version + 1, updated_at = now()
    FROM m WHERE leads.tenant_id = 'bench' AND leads.id = ('00000000-0000-0000-0000-' || lpad(:i::text, 12, '0'))::uuid
    RETURNING leads.id
) SELECT (SELECT count(*) FROM m);
