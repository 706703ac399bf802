package io.crmventas.core.redis;

import io.crmventas.core.metrics.Dashboard;
import io.crmventas.core.metrics.DashboardCache;
import io.crmventas.core.metrics.DashboardJson;
import io.crmventas.core.tenant.TenantId;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link DashboardCache} in Redis, shared by every node, with lettuce (an optional dependency:
 * add {@code io.lettuce:lettuce-core} to use this class).
 *
 * <p>Keys, all under the configured prefix and the tenant's id, so no key mixes tenants:
 * {@code <prefix>dashboard:{<tenant>}:gen} holds the tenant's generation (incremented by
 * {@link #invalidate}); {@code <prefix>dashboard:{<tenant>}:<gen>:<from>:<to>} holds a dashboard
 * as JSON with a TTL ({@code SET PX}). Entries of an older generation are never read again and
 * expire on their own.
 *
 * <p>Every command waits at most a short timeout (default 200 ms), whatever the connection's own
 * (lettuce's default is 60 s, and it queues commands while it reconnects): a Redis that is down
 * or stuck costs a dashboard that timeout, never a minute. After a failure the cache is skipped
 * for a few seconds (each call fails at once; {@link #BACK_OFF} by default), so the events that
 * invalidate it do not each wait for Redis. Failures surface as exceptions; {@code MetricsService}
 * then computes without the cache. An invalidation that could not be made (failed, or skipped)
 * is kept and made before this cache's next command once Redis answers again, so no node reads
 * that tenant's older dashboards past the outage; until then other nodes may still read them
 * (as they would before the event, up to their TTL). Thread-safe (lettuce connections are).
 */
public final class RedisDashboardCache implements DashboardCache {
  /** The longest a command is waited for by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
  /** How long the cache is skipped after a failure. */
  public static final Duration BACK_OFF = Duration.ofSeconds(5);

  private final StatefulRedisConnection<String, String> connection;
  private final String prefix;
  private final Duration timeout;
  private final Duration backOff;
  private volatile long skipUntilNanos;
  /**
   * Tenants whose invalidation failed or was skipped, to invalidate once Redis answers; each with
   * the number of its latest failure, so a flush removes only what it made.
   */
  private final java.util.concurrent.ConcurrentHashMap<TenantId, Long> pending =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param connection a connection this cache may share with others
   * @param prefix put before every key, for example {@code "crm:"}
   */
  public RedisDashboardCache(StatefulRedisConnection<String, String> connection, String prefix) {
    this(connection, prefix, DEFAULT_TIMEOUT);
  }

  /** @param timeout the longest a command is waited for (positive) */
  public RedisDashboardCache(StatefulRedisConnection<String, String> connection, String prefix, Duration timeout) {
    this(connection, prefix, timeout, BACK_OFF);
  }

  /**
   * @param timeout the longest a command is waited for (positive)
   * @param backOff how long the cache is skipped after a failure (positive)
   */
  public RedisDashboardCache(StatefulRedisConnection<String, String> connection, String prefix, Duration timeout,
      Duration backOff) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.timeout = io.crmventas.core.internal.Check.positive("timeout", timeout);
    this.backOff = io.crmventas.core.internal.Check.positive("backOff", backOff);
  }

  /**
   * Runs one command, waiting at most the timeout, after the invalidations still pending; a
   * failure skips the cache for a while.
   */
  private <T> T await(java.util.function.Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
    if (System.nanoTime() - skipUntilNanos < 0) {
      throw new IllegalStateException("dashboard cache skipped for a few seconds after a Redis failure");
    }
    for (java.util.Map.Entry<TenantId, Long> p : pending.entrySet()) {
      run(r -> r.incr(generationKey(p.getKey())));
      pending.remove(p.getKey(), p.getValue());
    }
    return run(command);
  }

  private <T> T run(java.util.function.Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
    RedisFuture<T> f = null;
    try {
      f = command.apply(connection.async());
      return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for Redis", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      if (f != null) {
        f.cancel(true);
      }
      skipUntilNanos = System.nanoTime() + backOff.toNanos();
      throw new IllegalStateException("Redis did not answer the dashboard cache within " + timeout + ": " + e, e);
    }
  }

  private String base(TenantId tenant) {
    return prefix + "dashboard:{" + tenant.value() + "}:";
  }

  private String generationKey(TenantId tenant) {
    return base(tenant) + "gen";
  }

  private String entryKey(TenantId tenant, long generation, LocalDate from, LocalDate to) {
    return base(tenant) + generation + ":" + from + ":" + to;
  }

  @Override
  public long generation(TenantId tenant) {
    String v = await(r -> r.get(generationKey(tenant)));
    return v == null ? 0 : Long.parseLong(v);
  }

  @Override
  public Optional<Dashboard> get(TenantId tenant, LocalDate from, LocalDate to) {
    long generation = generation(tenant);
    String json = await(r -> r.get(entryKey(tenant, generation, from, to)));
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
    String key = entryKey(dashboard.tenantId(), generation, dashboard.from(), dashboard.to());
    String json = DashboardJson.write(dashboard);
    await(r -> r.set(key, json, SetArgs.Builder.px(ttl.toMillis())));
  }

  @Override
  public void invalidate(TenantId tenant) {
    Objects.requireNonNull(tenant, "tenant");
    try {
      await(r -> r.incr(generationKey(tenant)));
    } catch (RuntimeException e) {
      pending.put(tenant, failures.incrementAndGet());
      throw e;
    }
  }
}
