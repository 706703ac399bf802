-- crm_lock_seller also gives the seller back (UNAVAILABLE) when, by the time their row is locked, they
-- are no longer an active member: deactivated after the assignment engine read its members.
-- Without this, a lead could go to a seller an admin had just deactivated. (Away is not checked
-- here: a CEO may still assign a lead by hand to a seller who is away.)
CREATE OR REPLACE FUNCTION crm_lock_seller(p_tenant text, p_seller uuid, p_open integer, p_last_id uuid)
    RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_open      integer;
    v_last_id   uuid;
    v_active    boolean;
BEGIN
    BEGIN
        PERFORM 1 FROM memberships WHERE tenant_id = p_tenant AND user_id = p_seller FOR NO KEY UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
            RETURN 'BUSY';
        END IF;
        -- Statements of their own: they see what was committed before the lock was won.
        SELECT active INTO v_active
            FROM memberships WHERE tenant_id = p_tenant AND user_id = p_seller;
        SELECT open_conversations, last_assignment_id INTO v_open, v_last_id
            FROM seller_load WHERE tenant_id = p_tenant AND seller_id = p_seller;
        IF NOT v_active THEN
            RAISE EXCEPTION USING ERRCODE = 'CRM02', MESSAGE = 'seller deactivated';
        END IF;
        IF COALESCE(v_open, 0) <> p_open OR v_last_id IS DISTINCT FROM p_last_id THEN
            RAISE EXCEPTION USING ERRCODE = 'CRM01', MESSAGE = 'seller load changed';
        END IF;
        RETURN 'LOCKED';
    -- The exception undoes the row lock taken in this block: nothing is held.
    EXCEPTION
        WHEN SQLSTATE 'CRM01' THEN RETURN 'CHANGED';
        WHEN SQLSTATE 'CRM02' THEN RETURN 'UNAVAILABLE';
    END;
END
$$;
