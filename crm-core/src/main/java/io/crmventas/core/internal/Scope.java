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

  /**
   * Refuses to book a deactivated member: an appointment that is scheduled or confirmed after the
   * write needs an active seller, unless it already was active with that same seller (a deactivated
   * seller's pending appointments can still be edited, then cancelled or given to someone else).
   *
   * @param before the stored appointment, empty on create
   * @param sellerActive whether {@code after}'s seller is an active member
   */
  public static void bookable(java.util.Optional<io.crmventas.core.agenda.Appointment> before,
      io.crmventas.core.agenda.Appointment after, boolean sellerActive, TenantId tenant) {
    if (sellerActive || !after.status().isActive()) {
      return;
    }
    boolean unchanged = before.filter(b -> b.status().isActive() && b.sellerId().equals(after.sellerId())).isPresent();
    if (!unchanged) {
      throw notBookable(after.sellerId(), tenant);
    }
  }

  /** The error for an appointment {@link #bookable} refuses. */
  public static InvalidInputException notBookable(io.crmventas.core.tenant.UserId seller, TenantId tenant) {
    return new InvalidInputException("sellerId", seller, "is a deactivated member of tenant " + tenant
        + "; a scheduled or confirmed appointment needs an active seller");
  }
}
