package io.crmventas.core.metrics;

import io.crmventas.core.ForbiddenException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.notification.NotificationCreated;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seller metrics, the team dashboard and leaderboards, computed from the raw data by the
 * store's {@link MetricsQueries} (a fixed number of set-based queries for all sellers), cached in
 * a {@link DashboardCache} for a TTL and invalidated when the tenant's data changes (on every
 * domain event of the tenant once {@link #subscribeTo subscribed}, and on {@link #invalidate});
 * and daily snapshots per (tenant, seller, day).
 *
 * <p>Concurrent requests for a dashboard that is not cached share one computation.
 *
 * <p>The sellers reported are the tenant's members with the SELLER role, active or not (their
 * past work counts), ordered by user id. Periods are days of the tenant's calendar,
 * {@code [from, to)}. A seller sees only their own metrics; the CEO sees everyone's and the
 * team's. Thread-safe.
 */
public final class MetricsService {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsService.class);

  private final CrmStore store;
  private final Clock clock;
  private final DashboardCache cache;
  private final Duration ttl;

  private MetricsService(Builder b) {
    this.store = b.store;
    this.clock = b.clock;
    this.cache = b.cache;
    this.ttl = b.ttl;
  }

  public static Builder builder(CrmStore store) {
    return new Builder(store);
  }

  /** Builds a {@link MetricsService}. Defaults: system clock, an in-memory cache, a 60 s TTL. */
  public static final class Builder {
    private final CrmStore store;
    private Clock clock = Clock.systemUTC();
    private DashboardCache cache;
    private Duration ttl = Duration.ofSeconds(60);

    private Builder(CrmStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    /** Where dashboards are cached; default an {@link InMemoryDashboardCache}. */
    public Builder cache(DashboardCache v) {
      cache = Objects.requireNonNull(v, "cache");
      return this;
    }

    /** How long a dashboard is served from the cache at most; zero turns caching off. */
    public Builder ttl(Duration v) {
      if (Objects.requireNonNull(v, "ttl").isNegative()) {
        throw new io.crmventas.core.InvalidInputException("ttl", v, "must not be negative");
      }
      ttl = v;
      return this;
    }

    public MetricsService build() {
      if (cache == null) {
        cache = new InMemoryDashboardCache(clock, 10_000);
      }
      return new MetricsService(this);
    }
  }

  /** Drops the tenant's cached dashboards on every event of the tenant except notifications. */
  public MetricsService subscribeTo(EventBus bus) {
    bus.subscribe(DomainEvent.class, e -> {
      if (!(e instanceof NotificationCreated)) {
        invalidate(e.tenantId());
      }
    });
    return this;
  }

  /** Drops the tenant's cached dashboards (call it after changing data without an event). */
  public void invalidate(TenantId tenant) {
    try {
      cache.invalidate(tenant);
    } catch (RuntimeException e) {
      LOG.warn("tenant={} could not invalidate cached dashboards: {}", tenant, e.toString());
    }
  }

  /** The tenant's default period: the last {@link MetricsSettings#DEFAULT_PERIOD_DAYS} days, today included. */
  public Dashboard dashboard(TenantId tenant) {
    Tenant t = tenant(tenant);
    LocalDate today = LocalDate.ofInstant(clock.instant(), t.timeZone());
    int days = t.settings().get(MetricsSettings.DEFAULT_PERIOD_DAYS);
    return dashboard(tenant, today.minusDays(days - 1L), today.plusDays(1));
  }

  /**
   * The team dashboard for {@code [from, to)}: from the cache when a fresh one is there,
   * otherwise computed and cached.
   */
  public Dashboard dashboard(TenantId tenant, LocalDate from, LocalDate to) {
    Objects.requireNonNull(tenant, "tenant");
    Optional<Dashboard> cached = Optional.empty();
    long generation = -1;
    if (!ttl.isZero()) {
      try {
        generation = cache.generation(tenant);
        cached = cache.get(tenant, from, to);
      } catch (RuntimeException e) {
        LOG.warn("tenant={} dashboard cache unavailable, computing: {}", tenant, e.toString());
      }
    }
    if (cached.isPresent()) {
      return cached.get();
    }
    Dashboard d = computeOnce(new Pending(tenant, from, to, generation));
    if (generation >= 0) {
      try {
        cache.put(d, ttl, generation);
      } catch (RuntimeException e) {
        LOG.warn("tenant={} could not cache the dashboard: {}", tenant, e.toString());
      }
    }
    return d;
  }

  /** A computation in progress: requests for the same dashboard of the same generation share it. */
  private record Pending(TenantId tenant, LocalDate from, LocalDate to, long generation) {}

  private final java.util.concurrent.ConcurrentMap<Pending, java.util.concurrent.CompletableFuture<Dashboard>>
      inFlight = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Computes the dashboard, or waits for the same computation another thread already started:
   * when many viewers ask at once after a change, the database answers once.
   */
  private Dashboard computeOnce(Pending key) {
    java.util.concurrent.CompletableFuture<Dashboard> mine = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<Dashboard> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      try {
        return running.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      Dashboard d = compute(key.tenant(), key.from(), key.to());
      mine.complete(d);
      return d;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /** The dashboard as {@code viewer} may see it: the CEO the whole team; anyone else is refused. */
  public Dashboard dashboardFor(TenantId tenant, UserId viewer, LocalDate from, LocalDate to) {
    requireCeo(tenant, viewer);
    return dashboard(tenant, from, to);
  }

  /**
   * One seller's metrics as {@code viewer} may see them: a seller their own, the CEO anyone's.
   *
   * @throws ForbiddenException if the viewer may not see them
   * @throws NotFoundException if {@code seller} is not a seller of the tenant
   */
  public SellerMetrics sellerMetrics(TenantId tenant, UserId viewer, UserId seller, LocalDate from, LocalDate to) {
    Membership m = member(tenant, viewer);
    if (m.role() != Role.CEO && !(m.role() == Role.SELLER && viewer.equals(seller))) {
      throw new ForbiddenException(m.role() == Role.SELLER ? "user " + viewer + " may only see their own metrics"
          : "only the CEO and sellers (their own) see seller metrics");
    }
    return dashboard(tenant, from, to).seller(seller)
        .orElseThrow(() -> new NotFoundException("seller", seller));
  }

  /** The leaderboard of {@code [from, to)} by {@code metric} (from the cached dashboard). */
  public Leaderboard leaderboard(TenantId tenant, Metric metric, LocalDate from, LocalDate to) {
    Objects.requireNonNull(metric, "metric");
    return dashboard(tenant, from, to).leaderboard(metric);
  }

  /** Computes the dashboard from the raw data, bypassing the cache. */
  public Dashboard compute(TenantId tenant, LocalDate from, LocalDate to) {
    Tenant t = tenant(tenant);
    TenantStore ts = store.tenant(tenant);
    List<UserId> sellers = ts.members().withRole(Role.SELLER).stream().map(Membership::userId)
        .sorted((a, b) -> io.crmventas.core.internal.Ids.compare(a.value(), b.value())).toList();
    Instant now = clock.instant();
    MetricsWindow w = new MetricsWindow(from, to, now, t.timeZone(), sellers,
        t.settings().get(MetricsSettings.FIRST_RESPONSE_TARGET));
    FactSheet sheet = ts.metricsQueries().facts(w);
    List<SellerMetrics> rows = new ArrayList<>(sheet.sellers().size());
    for (ActivityFacts f : sheet.sellers()) {
      rows.add(new SellerMetrics(f, w.days()));
    }
    return new Dashboard(tenant, from, to, now, rows, new SellerMetrics(sheet.team(), w.days()));
  }

  /**
   * Stores each seller's metrics of {@code day} as a snapshot (replacing the day's earlier one,
   * so running it again changes nothing but the values); returns how many were written. The
   * figures of the moment (active, waiting and open conversations, leads assigned today, which
   * SLA deadlines passed) are those of when this runs: call it just after the day ends.
   */
  public int snapshot(TenantId tenant, LocalDate day) {
    Dashboard d = compute(tenant, day, day.plusDays(1));
    TenantStore ts = store.tenant(tenant);
    int n = 0;
    for (SellerMetrics m : d.sellers()) {
      ts.sellerMetrics().upsert(new SellerMetricsSnapshot(tenant, m.sellerId().orElseThrow(), day, m.asMap(),
          d.computedAt()));
      n++;
    }
    return n;
  }

  /** Deletes snapshots older than the tenant's retention; returns how many. */
  public int pruneSnapshots(TenantId tenant) {
    Tenant t = tenant(tenant);
    LocalDate today = LocalDate.ofInstant(clock.instant(), t.timeZone());
    return store.tenant(tenant).sellerMetrics()
        .deleteBefore(today.minusDays(t.settings().get(MetricsSettings.SNAPSHOT_RETENTION_DAYS)));
  }

  private Tenant tenant(TenantId tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return store.tenants().find(tenant).orElseThrow(() -> new NotFoundException("tenant", tenant));
  }

  private Membership member(TenantId tenant, UserId viewer) {
    Objects.requireNonNull(viewer, "viewer");
    return store.tenant(tenant).members().find(viewer).filter(Membership::active)
        .orElseThrow(() -> new ForbiddenException("user " + viewer + " is not an active member of tenant " + tenant));
  }

  private void requireCeo(TenantId tenant, UserId viewer) {
    if (member(tenant, viewer).role() != Role.CEO) {
      throw new ForbiddenException("only the CEO sees the team dashboard");
    }
  }
}
