package io.crmventas.core.tenant;

import java.util.List;
import java.util.Optional;

/**
 * The tenants the store knows. Thread-safe; errors as described on
 * {@link io.crmventas.core.store.CrmStore}.
 */
public interface TenantDirectory {

  /**
   * Stores a new tenant.
   *
   * @throws io.crmventas.core.ConflictException if a tenant with this id exists
   *     (rule {@code tenant.id.unique})
   */
  Tenant create(Tenant tenant);

  /** The tenant with this id, if any. */
  Optional<Tenant> find(TenantId id);

  /**
   * Replaces a tenant's name, time zone, locale, business number and settings.
   *
   * @throws io.crmventas.core.NotFoundException if there is no such tenant
   */
  Tenant update(Tenant tenant);

  /** Every tenant, ordered by id. */
  List<Tenant> list();
}
