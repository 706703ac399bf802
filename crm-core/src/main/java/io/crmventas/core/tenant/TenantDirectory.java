package io.crmventas.core.tenant;

import io.crmventas.core.ConflictException;
import io.crmventas.core.NotFoundException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
   * Replaces a tenant's name, time zone, locale, business number and settings, if nobody changed
   * it since {@code tenant} was read, and returns it with its next version. The settings it
   * changes are checked first (see {@link io.crmventas.core.internal.KnownSettings}).
   *
   * @throws io.crmventas.core.NotFoundException if there is no such tenant
   * @throws io.crmventas.core.ConflictException if {@code tenant.version()} is not the stored
   *     version (rule {@code tenant.version}): read it again and redo the change; nothing is
   *     written
   * @throws io.crmventas.core.InvalidInputException naming a setting that does not read
   */
  Tenant update(Tenant tenant);

  /**
   * Applies {@code change} to the tenant's stored settings and stores the result, reading the
   * tenant again and re-applying {@code change} if someone else updated it in between (up to
   * {@value #SETTINGS_TRIES} tries), so concurrent edits of different settings all land.
   * {@code change} may therefore run more than once and should only compute settings.
   *
   * @return the updated tenant
   * @throws io.crmventas.core.NotFoundException if there is no such tenant
   * @throws io.crmventas.core.ConflictException (rule {@code tenant.version}) if the tenant kept
   *     changing through every try
   * @throws io.crmventas.core.InvalidInputException naming a setting that does not read
   */
  default Tenant updateSettings(TenantId id, UnaryOperator<TenantSettings> change) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(change, "change");
    for (int attempt = 1; ; attempt++) {
      Tenant current = find(id).orElseThrow(() -> new NotFoundException("tenant", id));
      TenantSettings changed = change.apply(current.settings());
      if (changed == null) {
        throw new io.crmventas.core.InvalidInputException("change", null, "returned no settings for tenant " + id);
      }
      try {
        return update(current.withSettings(changed));
      } catch (ConflictException e) {
        if (!"tenant.version".equals(e.rule()) || attempt >= SETTINGS_TRIES) {
          throw e;
        }
      }
    }
  }

  /** How many times {@link #updateSettings} reads and writes before giving up. */
  int SETTINGS_TRIES = 10;

  /** Every tenant, ordered by id. */
  List<Tenant> list();
}
