package io.crmventas.core.redis;

import io.crmventas.core.metrics.Dashboard;
import io.crmventas.core.metrics.DashboardCache;
import io.crmventas.core.metrics.DashboardJson;
import io.crmventas.core.tenant.TenantId;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DashboardCache} in Redis, shared by every node, with lettuce (an optional dependency:
 * add {@code io.lettuce:lettuce-core} to use this class).
 *
 * <p>Keys, all under the configured prefix and the tenant's id, so no key mixes tenants:
 * {@code <prefix>dashboard:{<tenant>}:gen} holds the tenant's generation (incremented by
 * {@link #invalidate}); {@code <prefix>dashboard:{<tenant>}:<gen>:<from>:<to>} holds a dashboard
 * as JSON with a TTL ({@code SET PX}). Entries of an older generation are never read again and
 * expire on their own. Failures surface as lettuce's exceptions; {@code MetricsService} then
 * computes without the cache. Thread-safe (lettuce connections are).
 */
public final class RedisDashboardCache implements DashboardCache {
  private final StatefulRedisConnection<String, String> connection;
  private final String prefix;

  /**
   * @param connection a connection this cache may share with others
   * @param prefix put before every key, for example {@code "crm:"}
   */
  public RedisDashboardCache(StatefulRedisConnection<String, String> connection, String prefix) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  private RedisCommands<String, String> redis() {
    return connection.sync();
  }

  private String base(TenantId tenant) {
    return prefix + "dashboard:{" + tenant.value() + "}:";
  }

  private String entryKey(TenantId tenant, long generation, LocalDate from, LocalDate to) {
    return base(tenant) + generation + ":" + from + ":" + to;
  }

  @Override
  public long generation(TenantId tenant) {
    String v = redis().get(base(tenant) + "gen");
    return v == null ? 0 : Long.parseLong(v);
  }

  @Override
  public Optional<Dashboard> get(TenantId tenant, LocalDate from, LocalDate to) {
    String json = redis().get(entryKey(tenant, generation(tenant), from, to));
    if (json == null) {
      return Optional.empty();
    }
    Dashboard d = DashboardJson.read(json);
    return d.tenantId().equals(tenant) ? Optional.of(d) : Optional.empty();
  }

  @Override
  public void put(Dashboard dashboard, Duration ttl, long generation) {
    Objects.requireNonNull(dashboard, "dashboard");
    if (ttl.isZero() || ttl.isNegative() || generation(dashboard.tenantId()) != generation) {
      return;
    }
    redis().set(entryKey(dashboard.tenantId(), generation, dashboard.from(), dashboard.to()),
        DashboardJson.write(dashboard), SetArgs.Builder.px(ttl.toMillis()));
  }

  @Override
  public void invalidate(TenantId tenant) {
    redis().incr(base(tenant) + "gen");
  }
}
