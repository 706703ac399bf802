-- CRM Ventas core schema, version 1.
--
-- Every tenant-owned table carries tenant_id and uses it as the first key column. References
-- between tenant-owned rows are composite foreign keys on (tenant_id, ...), so a row can never
-- point at another tenant's lead, conversation or member, whatever the application does.
-- Constraint names are part of the contract: the JDBC store maps them to error messages.

CREATE TABLE tenants (
    id              text        COLLATE "C" PRIMARY KEY,
    name            text        NOT NULL,
    time_zone       text        NOT NULL,
    locale          text        NOT NULL,
    whatsapp_number text,
    settings        jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL
);

CREATE TABLE users (
    id         uuid        PRIMARY KEY,
    email      text        COLLATE "C" NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT users_email_uq UNIQUE (email)
);

CREATE TABLE memberships (
    tenant_id     text        COLLATE "C" NOT NULL,
    user_id       uuid        NOT NULL,
    role          text        NOT NULL,
    seller_kind   text,
    capacity      integer,
    skills        text[]      NOT NULL DEFAULT '{}',
    working_hours text,
    away          boolean     NOT NULL DEFAULT false,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    CONSTRAINT memberships_pk PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT memberships_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    CONSTRAINT memberships_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT memberships_role_ck CHECK (role IN ('CEO', 'SELLER', 'SECRETARY', 'PROFESSIONAL')),
    CONSTRAINT memberships_profile_ck CHECK ((seller_kind IS NULL) = (capacity IS NULL))
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE leads (
    tenant_id            text        COLLATE "C" NOT NULL,
    id                   uuid        NOT NULL,
    phone                text        COLLATE "C" NOT NULL,
    name                 text,
    email                text,
    status               text        NOT NULL,
    source               text        NOT NULL,
    attribution          jsonb,
    score                integer,
    score_band           text,
    score_factors        jsonb,
    scored_at            timestamptz,
    qualification        jsonb       NOT NULL DEFAULT '{}',
    tags                 text[]      NOT NULL DEFAULT '{}',
    assigned_seller_id   uuid,
    human_override_until timestamptz,
    language             text,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    status_changed_at    timestamptz NOT NULL,
    last_inbound_at      timestamptz,
    last_outbound_at     timestamptz,
    version              bigint      NOT NULL,
    CONSTRAINT leads_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT leads_phone_uq UNIQUE (tenant_id, phone),
    CONSTRAINT leads_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    CONSTRAINT leads_seller_fk FOREIGN KEY (tenant_id, assigned_seller_id) REFERENCES memberships (tenant_id, user_id),
    CONSTRAINT leads_score_ck CHECK (score BETWEEN 0 AND 100)
) WITH (fillfactor = 80);
CREATE INDEX leads_created_idx ON leads (tenant_id, created_at DESC, id DESC);
CREATE INDEX leads_seller_idx ON leads (tenant_id, assigned_seller_id) WHERE assigned_seller_id IS NOT NULL;
CREATE INDEX leads_status_idx ON leads (tenant_id, status);

CREATE TABLE conversations (
    tenant_id              text        COLLATE "C" NOT NULL,
    id                     uuid        NOT NULL,
    lead_id                uuid        NOT NULL,
    channel                text        NOT NULL,
    status                 text        NOT NULL,
    assigned_seller_id     uuid,
    created_at             timestamptz NOT NULL,
    last_message_at        timestamptz,
    last_lead_message_at   timestamptz,
    last_seller_message_at timestamptz,
    last_bot_message_at    timestamptz,
    awaiting_reply_since   timestamptz,
    message_count          bigint      NOT NULL DEFAULT 0,
    activity_at            timestamptz GENERATED ALWAYS AS (COALESCE(last_message_at, created_at)) STORED,
    CONSTRAINT conversations_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT conversations_lead_channel_uq UNIQUE (tenant_id, lead_id, channel),
    CONSTRAINT conversations_id_lead_uq UNIQUE (tenant_id, id, lead_id),
    CONSTRAINT conversations_lead_fk FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id),
    CONSTRAINT conversations_seller_fk FOREIGN KEY (tenant_id, assigned_seller_id) REFERENCES memberships (tenant_id, user_id)
) WITH (fillfactor = 80);
-- Conversations by tenant and seller (a seller's inbox). Deliberately no index on the activity
-- time: it changes with every message, and an index on it would turn every append's update
-- into a non-HOT update (a new entry in every index of the table). Lists sort one seller's
-- (or one tenant's) conversations instead, which a top-N sort does cheaply.
CREATE INDEX conversations_seller_idx ON conversations (tenant_id, assigned_seller_id);
CREATE INDEX conversations_awaiting_idx ON conversations (tenant_id, awaiting_reply_since)
    WHERE awaiting_reply_since IS NOT NULL;

CREATE TABLE messages (
    tenant_id           text        COLLATE "C" NOT NULL,
    id                  uuid        NOT NULL,
    conversation_id     uuid        NOT NULL,
    lead_id             uuid        NOT NULL,
    direction           text        NOT NULL,
    author              text        NOT NULL,
    author_user_id      uuid,
    type                text        NOT NULL,
    body                text,
    media               jsonb,
    transcript          text,
    provider_message_id text        COLLATE "C",
    delivery_status     text        NOT NULL,
    metadata            jsonb       NOT NULL DEFAULT '{}',
    sent_at             timestamptz NOT NULL,
    created_at          timestamptz NOT NULL,
    CONSTRAINT messages_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT messages_provider_id_uq UNIQUE (tenant_id, provider_message_id),
    CONSTRAINT messages_conversation_fk FOREIGN KEY (tenant_id, conversation_id, lead_id)
        REFERENCES conversations (tenant_id, id, lead_id),
    CONSTRAINT messages_author_fk FOREIGN KEY (tenant_id, author_user_id) REFERENCES memberships (tenant_id, user_id)
);
-- Messages by conversation and time.
CREATE INDEX messages_conversation_time_idx ON messages (tenant_id, conversation_id, sent_at, id);

CREATE TABLE assignment_rules (
    tenant_id          text        COLLATE "C" NOT NULL,
    id                 uuid        NOT NULL,
    name               text        NOT NULL,
    priority           integer     NOT NULL,
    active             boolean     NOT NULL,
    sources            text[]      NOT NULL DEFAULT '{}',
    tags               text[]      NOT NULL DEFAULT '{}',
    bands              text[]      NOT NULL DEFAULT '{}',
    strategy           text        NOT NULL,
    pool_role          text        NOT NULL,
    pool_kind          text,
    pool_skills        text[]      NOT NULL DEFAULT '{}',
    stale_after_millis bigint,
    stale_action       text        NOT NULL,
    created_at         timestamptz NOT NULL,
    CONSTRAINT assignment_rules_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT assignment_rules_name_uq UNIQUE (tenant_id, name),
    CONSTRAINT assignment_rules_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);

CREATE TABLE assignments (
    tenant_id          text        COLLATE "C" NOT NULL,
    id                 uuid        NOT NULL,
    lead_id            uuid        NOT NULL,
    seller_id          uuid,
    previous_seller_id uuid,
    kind               text        NOT NULL,
    rule_id            uuid,
    assigned_by        uuid,
    reason             text,
    explanation        jsonb       NOT NULL,
    at                 timestamptz NOT NULL,
    CONSTRAINT assignments_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT assignments_lead_fk FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id),
    CONSTRAINT assignments_seller_fk FOREIGN KEY (tenant_id, seller_id) REFERENCES memberships (tenant_id, user_id),
    CONSTRAINT assignments_previous_fk FOREIGN KEY (tenant_id, previous_seller_id) REFERENCES memberships (tenant_id, user_id),
    CONSTRAINT assignments_by_fk FOREIGN KEY (tenant_id, assigned_by) REFERENCES memberships (tenant_id, user_id)
);
CREATE INDEX assignments_lead_idx ON assignments (tenant_id, lead_id, at, id);
CREATE INDEX assignments_seller_idx ON assignments (tenant_id, seller_id, at DESC, id DESC);
CREATE INDEX assignments_time_idx ON assignments (tenant_id, at DESC, id DESC);

CREATE TABLE appointments (
    tenant_id  text        COLLATE "C" NOT NULL,
    id         uuid        NOT NULL,
    seller_id  uuid        NOT NULL,
    lead_id    uuid,
    title      text        NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    status     text        NOT NULL,
    source     text        NOT NULL,
    notes      text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT appointments_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT appointments_seller_fk FOREIGN KEY (tenant_id, seller_id) REFERENCES memberships (tenant_id, user_id),
    CONSTRAINT appointments_lead_fk FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id),
    CONSTRAINT appointments_time_ck CHECK (ends_at > starts_at)
);
CREATE INDEX appointments_seller_time_idx ON appointments (tenant_id, seller_id, starts_at);
CREATE INDEX appointments_time_idx ON appointments (tenant_id, starts_at);
CREATE INDEX appointments_lead_idx ON appointments (tenant_id, lead_id) WHERE lead_id IS NOT NULL;

CREATE TABLE notifications (
    tenant_id    text        COLLATE "C" NOT NULL,
    id           uuid        NOT NULL,
    recipient_id uuid        NOT NULL,
    type         text        NOT NULL,
    priority     smallint    NOT NULL,
    title        text        NOT NULL,
    message      text        NOT NULL,
    data         jsonb       NOT NULL DEFAULT '{}',
    related_type text,
    related_id   text,
    dedup_key    text        COLLATE "C" NOT NULL,
    read_at      timestamptz,
    expires_at   timestamptz,
    created_at   timestamptz NOT NULL,
    CONSTRAINT notifications_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT notifications_dedup_uq UNIQUE (tenant_id, recipient_id, dedup_key),
    CONSTRAINT notifications_recipient_fk FOREIGN KEY (tenant_id, recipient_id) REFERENCES memberships (tenant_id, user_id),
    CONSTRAINT notifications_priority_ck CHECK (priority BETWEEN 0 AND 3)
);
-- Unread notifications per recipient, in the order they are listed.
CREATE INDEX notifications_unread_idx ON notifications (tenant_id, recipient_id, priority DESC, created_at DESC, id DESC)
    WHERE read_at IS NULL;
CREATE INDEX notifications_recipient_idx ON notifications (tenant_id, recipient_id, priority DESC, created_at DESC, id DESC);
CREATE INDEX notifications_expiry_idx ON notifications (tenant_id, expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE notification_settings (
    tenant_id   text        COLLATE "C" NOT NULL,
    user_id     uuid        NOT NULL,
    muted_types text[]      NOT NULL DEFAULT '{}',
    muted_until timestamptz,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT notification_settings_pk PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT notification_settings_user_fk FOREIGN KEY (tenant_id, user_id) REFERENCES memberships (tenant_id, user_id)
);

CREATE TABLE seller_metrics (
    tenant_id     text        COLLATE "C" NOT NULL,
    seller_id     uuid        NOT NULL,
    period        date        NOT NULL,
    metrics       jsonb       NOT NULL,
    calculated_at timestamptz NOT NULL,
    CONSTRAINT seller_metrics_pk PRIMARY KEY (tenant_id, seller_id, period),
    CONSTRAINT seller_metrics_seller_fk FOREIGN KEY (tenant_id, seller_id) REFERENCES memberships (tenant_id, user_id)
);
-- Metrics by tenant and period.
CREATE INDEX seller_metrics_period_idx ON seller_metrics (tenant_id, period);

CREATE TABLE inbox (
    id              uuid        PRIMARY KEY,
    tenant_id       text        COLLATE "C" NOT NULL,
    provider        text        NOT NULL,
    event_id        text        COLLATE "C" NOT NULL,
    event_type      text        NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease_token     uuid,
    lease_owner     text,
    lease_until     timestamptz,
    last_error      text,
    received_at     timestamptz NOT NULL,
    completed_at    timestamptz,
    CONSTRAINT inbox_event_uq UNIQUE (tenant_id, provider, event_id),
    CONSTRAINT inbox_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    CONSTRAINT inbox_status_ck CHECK (status IN ('PENDING', 'PROCESSING', 'DONE', 'DEAD'))
);
-- Inbox by status and next attempt: what workers claim. DONE and DEAD rows stay out of it.
CREATE INDEX inbox_due_idx ON inbox (status, next_attempt_at) WHERE status IN ('PENDING', 'PROCESSING');
CREATE INDEX inbox_lease_idx ON inbox (lease_until) WHERE status = 'PROCESSING';
CREATE INDEX inbox_tenant_idx ON inbox (tenant_id, status, received_at DESC, id DESC);
CREATE INDEX inbox_done_idx ON inbox (completed_at) WHERE status = 'DONE';

CREATE TABLE chat_memory (
    tenant_id  text        COLLATE "C" NOT NULL,
    memory_id  text        COLLATE "C" NOT NULL,
    payload    text        NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT chat_memory_pk PRIMARY KEY (tenant_id, memory_id),
    CONSTRAINT chat_memory_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);

CREATE TABLE audit_events (
    tenant_id   text        COLLATE "C" NOT NULL,
    id          uuid        NOT NULL,
    actor_id    uuid,
    action      text        NOT NULL,
    entity_type text        NOT NULL,
    entity_id   text        NOT NULL,
    details     jsonb       NOT NULL DEFAULT '{}',
    at          timestamptz NOT NULL,
    CONSTRAINT audit_events_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT audit_events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    CONSTRAINT audit_events_actor_fk FOREIGN KEY (tenant_id, actor_id) REFERENCES memberships (tenant_id, user_id)
);
CREATE INDEX audit_events_time_idx ON audit_events (tenant_id, at DESC, id DESC);
CREATE INDEX audit_events_entity_idx ON audit_events (tenant_id, entity_type, entity_id, at DESC, id DESC);
