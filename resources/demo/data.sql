-- Demo rows, generated in SQL so the file stays small and the numbers stay believable.
INSERT INTO tenants (id, slug, name, plan, monthly_fee, settings, timezone, created_at) VALUES
  (1, 'acme',     'Acme Corporation', 'enterprise', 1490.00, '{"sso": true, "seats": 250}', 'Europe/Berlin',    '2025-01-14 09:12:00'),
  (2, 'globex',   'Globex',           'team',         99.00, '{"sso": false, "seats": 25}', 'America/New_York', '2025-03-02 15:40:00'),
  (3, 'initech',  'Initech',          'team',         99.00, '{"sso": false, "seats": 12}', 'America/Chicago',  '2025-06-21 11:05:00'),
  (4, 'umbrella', 'Umbrella Labs',    'free',          0.00, NULL,                          'UTC',              '2026-02-10 08:00:00');

WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 120)
INSERT INTO users (public_id, tenant_id, email, display_name, is_active, is_admin, last_login_at, created_at)
SELECT
  lower(printf('%08x-%04x-4%03x-%04x-%012x', n * 2654435761 % 4294967296, n * 40503 % 65536, n * 31 % 4096,
               32768 + n * 7919 % 16384, n * 1000003 % 281474976710656)),
  CASE n % 4 WHEN 0 THEN 4 ELSE n % 4 END,
  printf('user%03d@%s.example', n, CASE n % 4 WHEN 0 THEN 'umbrella' WHEN 1 THEN 'acme' WHEN 2 THEN 'globex' ELSE 'initech' END),
  printf('User %d', n),
  CASE WHEN n % 9 = 0 THEN 0 ELSE 1 END,
  CASE WHEN n % 25 = 1 THEN 1 ELSE 0 END,
  CASE WHEN n % 5 = 0 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S+00:00', '2026-11-01', printf('-%d hours', n * 7)) END,
  datetime('2025-01-15', printf('+%d days', n * 3))
FROM seq;

INSERT INTO api_keys (user_id, key_id, token_hash, scopes, expires_at, revoked)
SELECT id, public_id, randomblob(32), '["read", "write"]', datetime('2027-01-01'), CASE WHEN id % 11 = 0 THEN 1 ELSE 0 END
FROM users WHERE is_admin = 1 OR id % 10 = 0;

WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 48)
INSERT INTO invoices (tenant_id, number, amount, tax_rate, currency, issued_on, paid_at, line_items)
SELECT
  1 + n % 3,
  printf('INV-2026-%04d', n),
  CASE 1 + n % 3 WHEN 1 THEN 1490.00 ELSE 99.00 END,
  0.19,
  CASE 1 + n % 3 WHEN 1 THEN 'EUR' ELSE 'USD' END,
  date('2025-01-01', printf('+%d months', n / 3)),
  CASE WHEN n > 44 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S+00:00', date('2025-01-01', printf('+%d months', n / 3)), '+9 days') END,
  '[{"sku": "seat", "qty": 1}]'
FROM seq;

WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 400)
INSERT INTO audit_events (tenant_id, user_id, action, payload, occurred_at, duration_ms)
SELECT
  1 + n % 4,
  1 + n % 120,
  CASE n % 5 WHEN 0 THEN 'login' WHEN 1 THEN 'invoice.view' WHEN 2 THEN 'user.update' WHEN 3 THEN 'api_key.use' ELSE 'logout' END,
  json_object('ip', printf('10.0.%d.%d', n % 7, n % 250), 'ok', json(CASE WHEN n % 13 = 0 THEN 'false' ELSE 'true' END)),
  datetime('2026-10-01', printf('+%d minutes', n * 97)),
  5 + n * 37 % 900
FROM seq;
