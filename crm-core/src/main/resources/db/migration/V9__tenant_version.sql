-- A tenant's version, incremented by every update, so that two people editing a tenant (or its
-- settings) at once cannot silently overwrite each other: TenantDirectory.update refuses a tenant
-- read before the last change (rule tenant.version).
ALTER TABLE tenants ADD COLUMN version bigint NOT NULL DEFAULT 0;
