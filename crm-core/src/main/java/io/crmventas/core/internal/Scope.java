package io.crmventas.core.internal;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.tenant.TenantId;

/** Checks shared by the stores' tenant views. Not API. */
public final class Scope {
  private Scope() {}

  /** Rejects an entity that names a tenant other than the view's. */
  public static void sameTenant(TenantId view, TenantId entity) {
    if (!view.equals(entity)) {
      throw new InvalidInputException("tenantId", entity, "does not match the store's tenant " + view);
    }
  }

  /** The error for a reference to something that is not in the view's tenant. */
  public static InvalidInputException foreign(String field, Object value, TenantId tenant) {
    return new InvalidInputException(field, value, "does not exist in tenant " + tenant);
  }

  /** The error for a seller, recipient or actor who is not a member of the view's tenant. */
  public static InvalidInputException notMember(String field, Object value, TenantId tenant) {
    return new InvalidInputException(field, value, "is not a member of tenant " + tenant);
  }
}
