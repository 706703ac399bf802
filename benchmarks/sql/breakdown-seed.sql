-- 2,000 leads with a conversation each, in tenant "bench", and the baseline table.
INSERT INTO tenants VALUES ('bench', 'Bench', 'UTC', 'en', NULL, '{}', now());
INSERT INTO leads (tenant_id, id, phone, status, source, created_at, updated_at, status_changed_at, version)
  SELECT 'bench', ('00000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid, '+54911' || (10000000 + i),
         'NEW', 'ORGANIC', now(), now(), now(), 1
  FROM generate_series(1, 2000) i;
INSERT INTO conversations (tenant_id, id, lead_id, channel, status, created_at)
  SELECT 'bench', ('10000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid,
         ('00000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid, 'whatsapp', 'OPEN', now()
  FROM generate_series(1, 2000) i;
CREATE TABLE pgbench_insert (id bigint PRIMARY KEY);
ANALYZE;
