package io.crmventas.core.store.memory;

import io.crmventas.core.internal.Ids;
import io.crmventas.core.metrics.SellerMetricsSnapshot;
import io.crmventas.core.metrics.SellerMetricsStore;
import io.crmventas.core.store.memory.TenantData.SnapshotKey;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class MemMetrics extends MemScoped implements SellerMetricsStore {
  private static final Comparator<SellerMetricsSnapshot> ORDER = Comparator.comparing(SellerMetricsSnapshot::period)
      .thenComparing((a, b) -> Ids.compare(a.sellerId().value(), b.sellerId().value()));

  MemMetrics(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public SellerMetricsSnapshot upsert(SellerMetricsSnapshot s) {
    Objects.requireNonNull(s, "snapshot");
    requireSameTenant(s.tenantId());
    return write(d -> {
      requireMember(d, "sellerId", s.sellerId());
      db.put(d.metrics, new SnapshotKey(s.sellerId(), s.period()), s);
      return s;
    });
  }

  @Override
  public Optional<SellerMetricsSnapshot> find(UserId sellerId, LocalDate day) {
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(day, "day");
    return readOptional(d -> Optional.ofNullable(d.metrics.get(new SnapshotKey(sellerId, day))));
  }

  @Override
  public List<SellerMetricsSnapshot> between(Optional<UserId> sellerId, LocalDate from, LocalDate to) {
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return read(d -> d.metrics.values().stream()
        .filter(s -> sellerId.isEmpty() || sellerId.get().equals(s.sellerId()))
        .filter(s -> !s.period().isBefore(from) && !s.period().isAfter(to))
        .sorted(ORDER).toList(), List::of);
  }

  @Override
  public int deleteBefore(LocalDate day) {
    Objects.requireNonNull(day, "day");
    return write(d -> {
      List<SnapshotKey> old = d.metrics.keySet().stream().filter(k -> k.period().isBefore(day)).toList();
      old.forEach(k -> db.remove(d.metrics, k));
      return old.size();
    });
  }
}
