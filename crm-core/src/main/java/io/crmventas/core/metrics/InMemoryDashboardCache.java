package io.crmventas.core.metrics;

import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link DashboardCache} in this JVM, bounded to {@code maxEntries}. Thread-safe. */
public final class InMemoryDashboardCache implements DashboardCache {
  private record Key(TenantId tenant, LocalDate from, LocalDate to) {}

  private record Entry(Dashboard dashboard, Instant expiresAt, long generation) {}

  private final Clock clock;
  private final int maxEntries;
  private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentMap<TenantId, Long> generations = new ConcurrentHashMap<>();

  public InMemoryDashboardCache(Clock clock, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxEntries < 1) {
      throw new io.crmventas.core.InvalidInputException("maxEntries", maxEntries, "must be at least 1");
    }
    this.maxEntries = maxEntries;
  }

  /** A cache of up to 10,000 dashboards on the system clock. */
  public InMemoryDashboardCache() {
    this(Clock.systemUTC(), 10_000);
  }

  @Override
  public long generation(TenantId tenant) {
    return generations.getOrDefault(tenant, 0L);
  }

  @Override
  public Optional<Dashboard> get(TenantId tenant, LocalDate from, LocalDate to) {
    Key key = new Key(tenant, from, to);
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.generation() != generation(tenant) || !clock.instant().isBefore(e.expiresAt())) {
      entries.remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.dashboard());
  }

  @Override
  public void put(Dashboard dashboard, Duration ttl, long generation) {
    Objects.requireNonNull(dashboard, "dashboard");
    Objects.requireNonNull(ttl, "ttl");
    if (generation != generation(dashboard.tenantId()) || ttl.isZero() || ttl.isNegative()) {
      return;
    }
    if (entries.size() >= maxEntries) {
      Instant now = clock.instant();
      entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
    entries.put(new Key(dashboard.tenantId(), dashboard.from(), dashboard.to()),
        new Entry(dashboard, clock.instant().plus(ttl), generation));
    if (generation != generation(dashboard.tenantId())) {
      entries.remove(new Key(dashboard.tenantId(), dashboard.from(), dashboard.to()));
    }
  }

  @Override
  public void invalidate(TenantId tenant) {
    generations.merge(tenant, 1L, Long::sum);
    entries.keySet().removeIf(k -> k.tenant().equals(tenant));
  }
}
