\set id random(1, 2000000000)
INSERT INTO bench_breakdown.pgbench_insert (id) VALUES (:id) ON CONFLICT DO NOTHING;
