-- Poolscope demo: a small multi-tenant service, the shape of the guide's tenant/user example.
-- Declared types are chosen the way SQLite users write them, so the type-mapping view has real
-- work to do: booleans, timestamps with and without a zone, UUIDs stored as text, JSON, exact
-- numerics, blobs, and a VARCHAR without a length (fine on SQLite, unsupported on MySQL).

CREATE TABLE tenants (
  id            INTEGER PRIMARY KEY,
  slug          VARCHAR(40)  NOT NULL UNIQUE,
  name          VARCHAR(120) NOT NULL,
  plan          VARCHAR(10)  NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'team', 'enterprise')),
  monthly_fee   NUMERIC(10, 2) NOT NULL DEFAULT 0,
  settings      JSON,
  timezone      VARCHAR      NOT NULL DEFAULT 'UTC',
  created_at    TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  public_id     CHAR(36)     NOT NULL UNIQUE,
  tenant_id     INTEGER      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  email         VARCHAR(255) NOT NULL,
  display_name  VARCHAR(120),
  is_active     BOOLEAN      NOT NULL DEFAULT 1,
  is_admin      BOOLEAN      NOT NULL DEFAULT 0,
  last_login_at TIMESTAMP WITH TIME ZONE,
  created_at    DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  avatar        BLOB,
  UNIQUE (tenant_id, email)
);
CREATE INDEX ix_users_tenant_active ON users (tenant_id, is_active);

CREATE TABLE api_keys (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key_id        UUID         NOT NULL UNIQUE,
  token_hash    BLOB         NOT NULL,
  scopes        JSON         NOT NULL DEFAULT '[]',
  expires_at    TIMESTAMP,
  revoked       BOOLEAN      NOT NULL DEFAULT 0
);

CREATE TABLE invoices (
  id            INTEGER PRIMARY KEY,
  tenant_id     INTEGER      NOT NULL REFERENCES tenants (id),
  number        VARCHAR(32)  NOT NULL UNIQUE,
  amount        NUMERIC(12, 2) NOT NULL,
  tax_rate      REAL         NOT NULL DEFAULT 0.2,
  currency      CHAR(3)      NOT NULL DEFAULT 'EUR',
  issued_on     DATE         NOT NULL,
  paid_at       TIMESTAMP WITH TIME ZONE,
  line_items    JSON
);
CREATE INDEX ix_invoices_tenant_issued ON invoices (tenant_id, issued_on);

CREATE TABLE audit_events (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id     INTEGER      REFERENCES tenants (id),
  user_id       INTEGER      REFERENCES users (id),
  action        TEXT         NOT NULL,
  payload       JSON,
  occurred_at   TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  duration_ms   BIGINT
);
