package io.crmventas.examples;

import io.crmventas.core.assignment.SellerAssigner;
import io.crmventas.core.metrics.MetricsService;
import io.crmventas.core.notification.NotificationCenter;
import io.crmventas.core.notification.NotificationChecks;
import io.crmventas.core.scoring.LeadScoringService;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work nothing triggers, for an application that embeds the SDK without the jobs module:
 * each task, how often it should run, and a scheduler that runs it for every tenant. One failing
 * task or tenant is logged and does not stop the others (an exception escaping a task given to a
 * {@link ScheduledExecutorService} would cancel its later runs).
 *
 * <p>On several nodes, run it on one of them (or take a lock per task first): every task is safe
 * to run twice, but not worth it.
 */
public final class PeriodicWork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicWork.class);

  /**
   * One periodic task and how often it runs: what it does for each tenant, or once for all of
   * them ({@code forAll}); each returns how many things it did.
   */
  public record Task(String name, Duration every, Optional<ToIntFunction<TenantId>> perTenant,
      Optional<IntSupplier> forAll) {
    public Task {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(every, "every");
      if (perTenant.isPresent() == forAll.isPresent()) {
        throw new IllegalArgumentException("task " + name + " runs either per tenant or once for all");
      }
    }

    /** A task run for each tenant. */
    public static Task perTenant(String name, Duration every, ToIntFunction<TenantId> run) {
      return new Task(name, every, Optional.of(run), Optional.empty());
    }

    /** A task run once for all tenants. */
    public static Task forAll(String name, Duration every, IntSupplier run) {
      return new Task(name, every, Optional.empty(), Optional.of(run));
    }
  }

  private final List<Task> tasks;
  private final Supplier<List<TenantId>> tenants;
  private ScheduledExecutorService scheduler;

  /** Runs {@code tasks} for each of the tenants {@code tenants} gives at the time. */
  public PeriodicWork(List<Task> tasks, Supplier<List<TenantId>> tenants) {
    this.tasks = List.copyOf(tasks);
    this.tenants = Objects.requireNonNull(tenants, "tenants");
  }

  /**
   * The SDK's periodic tasks: the assignment queue, stale assignments and the notification checks
   * every minute; score decay, the notification clean-up and the inbox purge (processed events
   * older than two days; dead letters stay) daily; each tenant's metrics snapshot of the day
   * before once its local time is past midnight (checked hourly).
   */
  public static List<Task> standard(CrmStore store, Clock clock, SellerAssigner assigner, LeadScoringService scoring,
      NotificationChecks checks, NotificationCenter center, MetricsService metrics) {
    return List.of(
        Task.perTenant("assignment queue", Duration.ofMinutes(1), t -> assigner.processQueue(t).size()),
        Task.perTenant("stale assignments", Duration.ofMinutes(1), t -> assigner.handleStale(t).size()),
        Task.perTenant("notification checks", Duration.ofMinutes(1),
            t -> checks.runAll(t).created().values().stream().mapToInt(Integer::intValue).sum()),
        Task.perTenant("score decay", Duration.ofDays(1), scoring::recalculate),
        Task.perTenant("notification clean-up", Duration.ofDays(1), center::cleanUp),
        Task.forAll("inbox purge", Duration.ofDays(1),
            () -> store.inbox().purgeDone(clock.instant().minus(Duration.ofDays(2)))),
        Task.perTenant("metrics snapshot", Duration.ofHours(1), t -> {
          Tenant tenant = store.tenants().find(t).orElseThrow();
          ZonedDateTime local = clock.instant().atZone(tenant.timeZone());
          if (local.getHour() != 0) {
            return 0;   // once a day, in the tenant's first hour, for the day just ended
          }
          LocalDate yesterday = local.toLocalDate().minusDays(1);
          return metrics.snapshot(t, yesterday) + metrics.pruneSnapshots(t);
        }));
  }

  /** Runs every task once for every tenant, now; returns what each did, summed over the tenants. */
  public Map<String, Integer> runOnce() {
    Map<String, Integer> done = new LinkedHashMap<>();
    for (Task task : tasks) {
      done.put(task.name(), runForAll(task));
    }
    return done;
  }

  private int runForAll(Task task) {
    if (task.forAll().isPresent()) {
      try {
        return task.forAll().get().getAsInt();
      } catch (RuntimeException e) {
        LOG.warn("periodic task '{}' failed; it runs again next time: {}", task.name(), e.toString());
        return 0;
      }
    }
    int done = 0;
    for (TenantId t : tenants.get()) {
      try {
        done += task.perTenant().orElseThrow().applyAsInt(t);
      } catch (RuntimeException e) {
        LOG.warn("tenant={} periodic task '{}' failed; it runs again next time: {}", t, task.name(), e.toString());
      }
    }
    return done;
  }

  /** Starts running each task every {@code every}, the first time at once. */
  public synchronized PeriodicWork start() {
    if (scheduler != null) {
      throw new IllegalStateException("already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "crm-periodic-work");
      thread.setDaemon(true);
      return thread;
    });
    for (Task task : tasks) {
      scheduler.scheduleWithFixedDelay(() -> {
        try {
          int n = runForAll(task);
          LOG.debug("periodic task '{}' did {}", task.name(), n);
        } catch (RuntimeException e) {
          LOG.warn("periodic task '{}' failed: {}", task.name(), e.toString());   // reading the tenants, say
        }
      }, 0, task.every().toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Stops the schedule, waiting up to 30 s for a task in progress. */
  @Override
  public synchronized void close() {
    if (scheduler == null) {
      return;
    }
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
