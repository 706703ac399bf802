-- Sales engine, part 1: score history, the assignment queue, and the index seller workloads read.

CREATE TABLE lead_score_history (
    tenant_id text        COLLATE "C" NOT NULL,
    id        uuid        NOT NULL,
    lead_id   uuid        NOT NULL,
    old_score integer,
    old_band  text,
    new_score integer     NOT NULL,
    new_band  text        NOT NULL,
    factors   jsonb       NOT NULL,
    trigger   text        NOT NULL,
    at        timestamptz NOT NULL,
    CONSTRAINT lead_score_history_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT lead_score_history_lead_fk FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id)
);
CREATE INDEX lead_score_history_lead_idx ON lead_score_history (tenant_id, lead_id, at, id);

-- Leads nobody could take, oldest first.
CREATE TABLE assignment_queue (
    tenant_id text        COLLATE "C" NOT NULL,
    lead_id   uuid        NOT NULL,
    queued_at timestamptz NOT NULL,
    reason    text        NOT NULL,
    CONSTRAINT assignment_queue_pk PRIMARY KEY (tenant_id, lead_id),
    CONSTRAINT assignment_queue_lead_fk FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id)
);
CREATE INDEX assignment_queue_age_idx ON assignment_queue (tenant_id, queued_at, lead_id);

-- A seller's load: open conversations, counted from the index alone.
CREATE INDEX conversations_open_seller_idx ON conversations (tenant_id, assigned_seller_id) WHERE status = 'OPEN';

-- What the assignment engine reads of each seller, kept by triggers so that a workload costs
-- one lookup per seller: open conversations (changed only when a conversation's seller or
-- status changes, or it is created or deleted, never by the per-message updates) and the last
-- assignment that gave the seller a lead.
CREATE TABLE seller_load (
    tenant_id          text        COLLATE "C" NOT NULL,
    seller_id          uuid        NOT NULL,
    open_conversations integer     NOT NULL DEFAULT 0,
    last_assigned_at   timestamptz,
    last_assignment_id uuid,
    CONSTRAINT seller_load_pk PRIMARY KEY (tenant_id, seller_id),
    CONSTRAINT seller_load_seller_fk FOREIGN KEY (tenant_id, seller_id) REFERENCES memberships (tenant_id, user_id)
);

INSERT INTO seller_load (tenant_id, seller_id, open_conversations)
    SELECT tenant_id, assigned_seller_id, count(*) FROM conversations
    WHERE status = 'OPEN' AND assigned_seller_id IS NOT NULL
    GROUP BY tenant_id, assigned_seller_id;
INSERT INTO seller_load (tenant_id, seller_id, last_assigned_at, last_assignment_id)
    SELECT DISTINCT ON (tenant_id, seller_id) tenant_id, seller_id, at, id FROM assignments
    WHERE seller_id IS NOT NULL ORDER BY tenant_id, seller_id, at DESC, id DESC
    ON CONFLICT (tenant_id, seller_id) DO UPDATE
        SET last_assigned_at = EXCLUDED.last_assigned_at, last_assignment_id = EXCLUDED.last_assignment_id;

CREATE FUNCTION crm_track_seller_load() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'OPEN' AND OLD.assigned_seller_id IS NOT NULL THEN
        UPDATE seller_load SET open_conversations = open_conversations - 1
            WHERE tenant_id = OLD.tenant_id AND seller_id = OLD.assigned_seller_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'OPEN' AND NEW.assigned_seller_id IS NOT NULL THEN
        INSERT INTO seller_load (tenant_id, seller_id, open_conversations)
            VALUES (NEW.tenant_id, NEW.assigned_seller_id, 1)
            ON CONFLICT (tenant_id, seller_id) DO UPDATE SET open_conversations = seller_load.open_conversations + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversations_seller_load_insert_delete AFTER INSERT OR DELETE ON conversations
    FOR EACH ROW EXECUTE FUNCTION crm_track_seller_load();
CREATE TRIGGER conversations_seller_load_update AFTER UPDATE OF status, assigned_seller_id ON conversations
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assigned_seller_id IS DISTINCT FROM NEW.assigned_seller_id)
    EXECUTE FUNCTION crm_track_seller_load();

CREATE FUNCTION crm_track_last_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seller_id IS NOT NULL THEN
        INSERT INTO seller_load (tenant_id, seller_id, last_assigned_at, last_assignment_id)
            VALUES (NEW.tenant_id, NEW.seller_id, NEW.at, NEW.id)
            ON CONFLICT (tenant_id, seller_id) DO UPDATE
                SET last_assigned_at = EXCLUDED.last_assigned_at, last_assignment_id = EXCLUDED.last_assignment_id
                WHERE seller_load.last_assigned_at IS NULL
                   OR (EXCLUDED.last_assigned_at, EXCLUDED.last_assignment_id)
                      > (seller_load.last_assigned_at, seller_load.last_assignment_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER assignments_last_assignment AFTER INSERT ON assignments
    FOR EACH ROW EXECUTE FUNCTION crm_track_last_assignment();

-- Locks a seller for the calling transaction unless another one holds them, and keeps the lock
-- only if their load is still what the caller read (open conversations and last assignment):
-- otherwise the lock is given back at once (the inner block is a subtransaction; raising inside
-- it rolls the lock back). One round trip for what would otherwise take a savepoint, a lock and
-- a read. Returns 'LOCKED', 'BUSY' or 'CHANGED'.
CREATE FUNCTION crm_lock_seller(p_tenant text, p_seller uuid, p_open integer, p_last_id uuid)
    RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_open    integer;
    v_last_id uuid;
BEGIN
    BEGIN
        PERFORM 1 FROM memberships WHERE tenant_id = p_tenant AND user_id = p_seller FOR NO KEY UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
            RETURN 'BUSY';
        END IF;
        -- A statement of its own: it sees what was committed before the lock was won.
        SELECT open_conversations, last_assignment_id INTO v_open, v_last_id
            FROM seller_load WHERE tenant_id = p_tenant AND seller_id = p_seller;
        IF COALESCE(v_open, 0) <> p_open OR v_last_id IS DISTINCT FROM p_last_id THEN
            RAISE EXCEPTION USING ERRCODE = 'CRM01', MESSAGE = 'seller load changed';
        END IF;
        RETURN 'LOCKED';
    EXCEPTION WHEN SQLSTATE 'CRM01' THEN
        RETURN 'CHANGED';
    END;
END
$$;
