package io.crmventas.core.metrics;

import io.crmventas.core.tenant.TenantId;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Where {@link MetricsService} keeps computed dashboards for a while. Entries are per tenant and
 * period, expire after a TTL, and belong to a per-tenant generation: {@link #invalidate} starts
 * a new generation, which drops every entry of the tenant at once, and a dashboard computed
 * before an invalidation is never stored after it ({@link #put} checks the generation it was
 * computed in). Implementations: {@link InMemoryDashboardCache}, and
 * {@code io.crmventas.core.redis.RedisDashboardCache} (shared by every node). Thread-safe; a
 * cache that fails (Redis down) throws, and the service then computes without it.
 */
public interface DashboardCache {

  /** The tenant's current generation; read it before computing what you will {@link #put}. */
  long generation(TenantId tenant);

  /** The cached dashboard of the tenant for {@code [from, to)}, if present and fresh. */
  Optional<Dashboard> get(TenantId tenant, LocalDate from, LocalDate to);

  /** Stores {@code dashboard} for {@code ttl}, unless the tenant's generation moved past {@code generation}. */
  void put(Dashboard dashboard, Duration ttl, long generation);

  /** Drops every cached dashboard of the tenant. */
  void invalidate(TenantId tenant);
}
