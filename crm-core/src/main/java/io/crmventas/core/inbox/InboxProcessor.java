package io.crmventas.core.inbox;

import io.crmventas.core.Backoff;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the durable inbox: claims due events of the providers it has handlers for, with a
 * lease, hands each to the handler of its provider, and completes it; a failure is retried with
 * exponential backoff and jitter until {@code maxAttempts}, then dead-lettered with its last
 * error. Run it on any number of nodes, each with the handlers it has: events of other providers
 * are left to the workers that handle them. The inbox gives each due event to one worker at a
 * time, and an event whose worker crashed is claimed again when its lease expires. Handlers must
 * be idempotent: an event may be handled again after a crash. An event whose handling keeps
 * killing its worker (claimed more than {@code maxAttempts} times without an outcome) is
 * dead-lettered when claimed again, and an {@link Error} from a handler (other than the JVM
 * running out of memory) fails the attempt like an exception. Each event's lease is renewed
 * before it is handled when less than half of it is left, so a slow batch does not let its last
 * events go to another worker, and renewed again every third of it while a handler runs (a voice
 * note transcribed for longer than the lease stays with its worker: another one handling it too
 * would publish its events twice).
 *
 * <p>{@link #runOnce()} works one batch on the calling thread (tests, or a scheduler of the
 * application's choosing). {@link #start()} polls on one background thread; {@link #close()}
 * stops it, lets the event in hand finish and hands the rest of the batch back unprocessed.
 *
 * <p>Thread-safe.
 */
public final class InboxProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InboxProcessor.class);

  /** Handles the events of one provider. Throw to fail the attempt. */
  @FunctionalInterface
  public interface Handler {
    void handle(InboxEvent event) throws Exception;
  }

  private final InboxStore inbox;
  private final Map<String, Handler> handlers;
  private final Clock clock;
  private final String owner;
  private final int batchSize;
  private final Duration lease;
  private final int maxAttempts;
  private final Backoff backoff;
  private final Duration pollInterval;
  private final Duration renewEvery;
  private final AtomicBoolean stopping = new AtomicBoolean();
  /**
   * Renews the leases of events being handled: this processor's own, so closing it stops them;
   * its threads end when no event is in hand (nothing is left running after a redeploy).
   */
  private final ScheduledThreadPoolExecutor leaseKeeper;
  private Thread thread;

  private InboxProcessor(Builder b) {
    this.inbox = b.inbox;
    this.handlers = Map.copyOf(b.handlers);
    this.clock = b.clock;
    this.owner = b.owner;
    this.batchSize = b.batchSize;
    this.lease = b.lease;
    this.maxAttempts = b.maxAttempts;
    this.backoff = new Backoff(b.initialBackoff, b.maxBackoff);
    this.pollInterval = b.pollInterval;
    Duration third = b.lease.dividedBy(3);
    this.renewEvery = b.renewEvery != null ? b.renewEvery : third.toMillis() >= 1 ? third : Duration.ofMillis(1);
    this.leaseKeeper = leaseKeeper(owner);
  }

  public static Builder builder(InboxStore inbox) {
    return new Builder(inbox);
  }

  /**
   * Claims one batch and works it.
   *
   * @return how many events were claimed
   */
  public int runOnce() {
    List<InboxEvent> batch = inbox.claim(owner, handlers.keySet(), batchSize, lease);
    for (InboxEvent e : batch) {
      Lease l = e.lease().orElseThrow();
      // Interrupted (by a handler, or whoever runs this worker): the rest are handed back, not
      // handled by handlers that would fail at their first wait.
      if (stopping.get() || Thread.currentThread().isInterrupted()) {
        try {
          inbox.release(e.id(), l.token());
        } catch (RuntimeException ex) {
          // The rest are still handed back; this one returns when its lease ends.
          LOG.warn("tenant={} inbox event {} could not be handed back; it returns when its lease ends: {}",
              e.tenantId(), e.id(), ex.toString());
        }
        continue;
      }
      try {
        if (clock.instant().isAfter(l.until().minus(lease.dividedBy(2))) && !inbox.extendLease(e.id(), l.token(), lease)) {
          LOG.warn("tenant={} inbox event {} lost its lease before it was handled; another worker has it", e.tenantId(),
              e.id());
          continue;
        }
        process(e, l);
      } catch (RuntimeException ex) {
        // The store failed while recording the outcome: the lease expires and the event comes
        // back; the rest of the batch goes on.
        LOG.warn("tenant={} inbox event {} could not be settled, it will be claimed again: {}", e.tenantId(), e.id(),
            ex.toString());
      }
    }
    return batch.size();
  }

  private void process(InboxEvent e, Lease l) {
    Handler h = handlers.get(e.provider());
    if (h == null) {
      // Only a store that ignored the providers asked for gets here: leave it to its workers.
      inbox.release(e.id(), l.token());
      LOG.warn("tenant={} inbox event {} released: no handler for provider {}", e.tenantId(), e.id(), e.provider());
      return;
    }
    if (e.attempts() > maxAttempts) {
      // Every earlier claim ended without an outcome: its worker died (or lost the lease) while
      // handling it. Handling it again would likely kill this worker too.
      String error = "claimed " + (e.attempts() - 1) + " times without finishing (worker crashed or lease expired)"
          + e.lastError().map(last -> "; last error: " + last).orElse("");
      inbox.deadLetter(e.id(), l.token(), error);
      LOG.error("tenant={} inbox event {} ({}) dead-lettered: {}", e.tenantId(), e.id(), e.eventType(), error);
      return;
    }
    ScheduledFuture<?> keeper = renewWhileHandled(e, l);
    if (keeper == null) {
      // Closed meanwhile: not handled without a lease kept alive; it comes back, uncounted.
      inbox.release(e.id(), l.token());
      return;
    }
    try {
      try {
        h.handle(e);
      } finally {
        // Before the outcome is written: a renewal landing after it would only log noise.
        keeper.cancel(false);
      }
    } catch (Exception | Error ex) {
      if (ex instanceof VirtualMachineError && !(ex instanceof StackOverflowError)) {
        throw (Error) ex;
      }
      if (ex instanceof InterruptedException) {
        // Recorded as a failed attempt, and the interrupt is kept for whoever runs this worker.
        Thread.currentThread().interrupt();
      }
      String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
      if (e.attempts() >= maxAttempts) {
        inbox.deadLetter(e.id(), l.token(), error);
        LOG.error("tenant={} inbox event {} ({}) dead-lettered after {} attempts: {}", e.tenantId(), e.id(),
            e.eventType(), e.attempts(), error, ex);
      } else {
        Instant retryAt = clock.instant().plus(backoff(e.attempts()));
        inbox.fail(e.id(), l.token(), error, retryAt);
        LOG.warn("tenant={} inbox event {} ({}) failed attempt {} of {}, retrying at {}: {}", e.tenantId(), e.id(),
            e.eventType(), e.attempts(), maxAttempts, retryAt, error);
      }
      return;
    }
    // Outside the try: a store failure here must not count the (successful) handling as failed.
    if (!inbox.complete(e.id(), l.token())) {
      LOG.warn("tenant={} inbox event {} was handled but its lease had been lost; it will be handled again",
          e.tenantId(), e.id());
    }
  }

  /** Schedules {@code e}'s lease renewals; none once this processor is closed. */
  private ScheduledFuture<?> renewWhileHandled(InboxEvent e, Lease l) {
    try {
      return leaseKeeper.scheduleAtFixedRate(new Renewal(e, l), renewEvery.toMillis(), renewEvery.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      LOG.info("tenant={} inbox event {} claimed as its processor closed: handed back", e.tenantId(), e.id());
      return null;
    }
  }

  /**
   * Two daemon threads, so one slow renewal does not hold the others up much, which end after
   * 30 s without work; a cancelled renewal leaves the queue at once (the events handled per second
   * would otherwise pile up in it).
   */
  private static ScheduledThreadPoolExecutor leaseKeeper(String owner) {
    ScheduledThreadPoolExecutor keeper = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "inbox-lease-keeper-" + owner);
      t.setDaemon(true);
      return t;
    });
    keeper.setKeepAliveTime(30, TimeUnit.SECONDS);
    // Closing refuses new renewals but keeps those of events still being handled, which their
    // handlers cancel when done.
    keeper.setContinueExistingPeriodicTasksAfterShutdownPolicy(true);
    keeper.allowCoreThreadTimeOut(true);
    keeper.setRemoveOnCancelPolicy(true);
    return keeper;
  }

  /** Renews one event's lease while its handler runs; holds its ids, not the event. */
  private final class Renewal implements Runnable {
    private final TenantId tenant;
    private final InboxEventId id;
    private final UUID token;
    private volatile boolean lost;

    Renewal(InboxEvent e, Lease l) {
      this.tenant = e.tenantId();
      this.id = e.id();
      this.token = l.token();
    }

    @Override
    public void run() {
      if (lost) {
        return;
      }
      try {
        if (!inbox.extendLease(id, token, lease)) {
          lost = true;
          LOG.warn("tenant={} inbox event {} lost its lease while being handled; another worker may handle it too",
              tenant, id);
        }
      } catch (RuntimeException | Error ex) {
        // Never thrown out: a periodic task that throws is silently never run again, and the
        // handler would outlive its lease.
        if (ex instanceof VirtualMachineError && !(ex instanceof StackOverflowError)) {
          throw (Error) ex;
        }
        LOG.warn("tenant={} inbox event {}: lease renewal failed, trying again: {}", tenant, id, ex.toString());
      }
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based): doubling, capped, with jitter. */
  Duration backoff(int attempt) {
    return backoff.delay(attempt);
  }

  /** Starts polling on a background thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = new Thread(this::loop, "inbox-" + owner);
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!stopping.get()) {
      try {
        int claimed = runOnce();
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("interrupted while working a batch");
        }
        if (claimed == 0 && !stopping.get()) {
          synchronized (stopping) {
            stopping.wait(pollInterval.toMillis());
          }
        }
      } catch (InterruptedException e) {
        stopping.set(true);
        LOG.warn("inbox worker {} was interrupted and stopped polling", owner);
        Thread.currentThread().interrupt();
        return;
      } catch (Error e) {
        LOG.error("inbox worker {} stopped: {}", owner, e.toString(), e);
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("inbox worker {} could not claim events: {}", owner, e.toString());
        try {
          TimeUnit.MILLISECONDS.sleep(pollInterval.toMillis());
        } catch (InterruptedException ie) {
          stopping.set(true);
          LOG.warn("inbox worker {} was interrupted and stopped polling", owner);
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Stops polling; the event in hand finishes, the rest of the batch is released. Waits up to 30 s
   * for the worker; if it is still handling an event then, that goes on in the background (its
   * lease still renewed), and a warning says so.
   */
  @Override
  public void close() {
    stopping.set(true);
    synchronized (stopping) {
      stopping.notifyAll();
    }
    Thread t;
    synchronized (this) {
      t = thread;
    }
    // New renewals refused; those of an event still being handled go on until it is done.
    leaseKeeper.shutdown();
    if (t != null) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        LOG.warn("inbox worker {} is still handling an event; it finishes in the background", owner);
      }
    }
  }

  /** Configures an {@link InboxProcessor}; validated in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final InboxStore inbox;
    private final Map<String, Handler> handlers = new HashMap<>();
    private Clock clock = Clock.systemUTC();
    private String owner = "worker";
    private int batchSize = 10;
    private Duration lease = Duration.ofMinutes(2);
    private int maxAttempts = 8;
    private Duration initialBackoff = Duration.ofSeconds(5);
    private Duration maxBackoff = Duration.ofMinutes(30);
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration renewEvery;

    private Builder(InboxStore inbox) {
      this.inbox = Objects.requireNonNull(inbox, "inbox");
    }

    /** Handles the events of {@code provider} (as in {@link InboxEvent#provider()}). */
    public Builder handler(String provider, Handler handler) {
      handlers.put(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(handler, "handler"));
      return this;
    }

    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    /** Names this worker in leases, for people reading the inbox; make it unique per node. */
    public Builder owner(String v) {
      owner = Objects.requireNonNull(v, "owner");
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** How long a claim lasts; an event held longer is claimed again by another worker. */
    public Builder lease(Duration v) {
      lease = Objects.requireNonNull(v, "lease");
      return this;
    }

    /** Attempts before an event is dead-lettered, the first included. */
    public Builder maxAttempts(int v) {
      maxAttempts = v;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      initialBackoff = Objects.requireNonNull(initial, "initialBackoff");
      maxBackoff = Objects.requireNonNull(max, "maxBackoff");
      return this;
    }

    public Builder pollInterval(Duration v) {
      pollInterval = Objects.requireNonNull(v, "pollInterval");
      return this;
    }

    /**
     * How often the lease of an event being handled is renewed, in real time (default a third of
     * the lease); must be shorter than the lease.
     */
    public Builder leaseRenewal(Duration v) {
      renewEvery = Objects.requireNonNull(v, "leaseRenewal");
      return this;
    }

    public InboxProcessor build() {
      if (handlers.isEmpty()) {
        throw new InvalidInputException("handlers", handlers.keySet(), "must name at least one provider's handler");
      }
      InboxEvent.providers(handlers.keySet()); // names a claim takes, or an error naming the bad one
      Check.text("owner", owner, 200);
      Check.range("batchSize", batchSize, 1, 1000);
      Check.atLeast("maxAttempts", maxAttempts, 1);
      Check.positive("lease", lease);
      Check.positive("pollInterval", pollInterval);
      if (renewEvery != null && (renewEvery.toMillis() < 1 || renewEvery.compareTo(lease) >= 0)) {
        throw new InvalidInputException("leaseRenewal", renewEvery, "must be at least 1 ms and shorter than the lease "
            + lease);
      }
      return new InboxProcessor(this); // checks the backoff
    }
  }
}
