package io.crmventas.core.store.memory;

import io.crmventas.core.internal.Scope;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Function;
import java.util.function.Supplier;

/** Base of the tenant-bound in-memory stores: every access goes through this tenant's data. */
abstract class MemScoped {
  final MemoryDb db;
  final TenantId tenant;

  MemScoped(MemoryDb db, TenantId tenant) {
    this.db = db;
    this.tenant = tenant;
  }

  /** Reads this tenant's data; an unknown tenant reads as {@code empty}. */
  <T> T read(Function<TenantData, T> work, Supplier<T> empty) {
    return db.read(() -> db.tenantData(tenant).map(work).orElseGet(empty));
  }

  <T> Optional<T> readOptional(Function<TenantData, Optional<T>> work) {
    return read(work, Optional::empty);
  }

  /** Pages the rows {@code source} picks from this tenant's data, in {@code order}. */
  <T, K> Page<T> page(Order<T, K> order, Function<TenantData, Collection<T>> source, Predicate<? super T> filter,
      PageRequest request) {
    return db.read(() -> order.page(db.tenantData(tenant).map(source).orElse(List.of()), filter, request));
  }

  /** Writes this tenant's data; an unknown tenant fails with not found. */
  <T> T write(Function<TenantData, T> work) {
    return db.write(() -> work.apply(db.requireTenant(tenant)));
  }

  void requireSameTenant(TenantId entityTenant) {
    Scope.sameTenant(tenant, entityTenant);
  }

  void requireMember(TenantData d, String field, UserId user) {
    if (!d.isMember(user)) {
      throw Scope.notMember(field, user, tenant);
    }
  }

  void requireMember(TenantData d, String field, Optional<UserId> user) {
    user.ifPresent(u -> requireMember(d, field, u));
  }
}
