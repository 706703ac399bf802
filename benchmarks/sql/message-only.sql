\set i random(1, 2000)
INSERT INTO bench_breakdown.messages (tenant_id, id, conversation_id, lead_id, direction, author, type, body,
    provider_message_id, delivery_status, metadata, sent_at, created_at)
  VALUES ('bench', gen_random_uuid(), ('10000000-0000-0000-0000-' || lpad(:i::text, 12, '0'))::uuid,
    ('00000000-0000-0000-0000-' || lpad(:i::text, 12, '0'))::uuid, 'INBOUND', 'LEAD', 'TEXT',
    'Hola, quiero saber el precio', 'wamid.' || gen_random_uuid(), 'RECEIVED', '{}', now(), now())
  ON CONFLICT ON CONSTRAINT messages_provider_id_uq DO NOTHING;
