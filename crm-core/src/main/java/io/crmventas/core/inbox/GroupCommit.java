package io.crmventas.core.inbox;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.StoreUnavailableException;
import io.crmventas.core.internal.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the work of concurrent callers together (group commit): each caller hands its item to
 * {@link #submit} and waits; one of them takes everything waiting (up to {@code maxBatch}), runs
 * {@code batch} once on the lot, and releases each caller with its own result. So N concurrent
 * callers cost one round trip, one commit, instead of N, and each still returns only once its own
 * work is done.
 *
 * <p><b>No threads of its own.</b> A batch runs on the thread of a waiting caller, the leader,
 * usually one of the batch's own: a caller that finds a turn free leads, so under no load a
 * caller runs its own item at once, as a batch of one, with no hand-off to another thread and
 * nothing waiting for company. (So per-thread state, such as a logging context, is the leader's,
 * not each item's.) At most {@code concurrency} batches run at once; while they do, newcomers
 * queue (that is how batches grow), and a leader whose batch is done hands its turn to a caller
 * still waiting. Leaders take turns forming batches, so they do not split the waiting callers
 * between them.
 *
 * <p><b>Lingering.</b> Concurrent callers often reach {@link #submit} a few microseconds apart
 * (each first does its own work: a request is verified and parsed before its item is stored),
 * and one that misses a batch waits for the whole next one. A caller may announce itself with
 * {@link #arrival()} when it starts that work and pass the {@link Arrival} to {@link
 * #submit(Object, Arrival)}; a leader forming a batch then waits, up to {@code linger}, while
 * announced callers have not submitted yet, and runs the batch as soon as none is left on its
 * way (an arrival closed without submitting counts as gone). Callers that do not announce
 * themselves are never waited for, and nor is anyone once the linger is over: under no load
 * nothing waits. The idea is PostgreSQL's {@code commit_delay}, except that the wait is for
 * callers known to be coming, and ends when they are in.
 *
 * <p>{@code batch} returns one result per item, in order; whatever it throws is thrown to every
 * caller of that batch (so it should handle failures that belong to one item itself). It runs on
 * callers' threads, any of them. {@link #close} stops taking items, ends any linger and lets what
 * is queued run, for up to 10 seconds; items still queued then fail with {@link
 * StoreUnavailableException}. Thread-safe.
 *
 * @param <I> what a caller submits
 * @param <O> what it gets back
 */
public final class GroupCommit<I, O> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  /** The longest a batch may wait for callers on their way. */
  public static final Duration MAX_LINGER = Duration.ofSeconds(1);

  /** A submitted item and its caller, who sleeps until the item is done or it is handed a turn. */
  private static final class Pending<I, O> {
    final I item;
    final Thread caller;
    final CompletableFuture<O> result = new CompletableFuture<>();
    /** Set by a leader handing on its turn; cleared by the caller once awake. */
    volatile boolean nudged;
    /** Set while the caller leads a batch: it is not asleep, so a turn handed to it would be lost. */
    volatile boolean leading;
    /** Set once a leader has taken the item into a batch: its caller only waits for it from then on. */
    volatile boolean taken;

    Pending(I item, Thread caller) {
      this.item = item;
      this.caller = caller;
    }
  }

  private final String name;
  private final Function<List<I>, List<O>> batch;
  private final int maxBatch;
  private final int concurrency;
  /** One permit per batch that may run at the same time. */
  private final Semaphore turns;
  private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
  /**
   * Queued by the last announced caller to leave while a leader lingers, so the leader stops
   * waiting at once (and by {@link #close}); never run, dropped wherever it is taken.
   */
  private final Pending<I, O> wake = new Pending<>(null, null);
  /** Set while a leader lingers (see {@link Arrival#close}). */
  private volatile boolean lingering;
  private final long lingerNanos;
  /** Announced callers that have not submitted (or given up) yet. */
  private final AtomicInteger arriving = new AtomicInteger();
  /** Held by the leader forming a batch: one at a time, so they do not split the callers. */
  private final ReentrantLock forming = new ReentrantLock();
  private final LongAdder batches = new LongAdder();
  private final LongAdder items = new LongAdder();
  private volatile boolean open = true;

  /**
   * A group commit whose batches never wait for company.
   *
   * @param name names the errors
   * @param maxBatch the most items run together (1 to 1,000)
   * @param concurrency how many batches may run at once (1 to 16)
   * @param batch runs a batch: one result per item, in order
   */
  public GroupCommit(String name, int maxBatch, int concurrency, Function<List<I>, List<O>> batch) {
    this(name, maxBatch, concurrency, Duration.ZERO, batch);
  }

  /**
   * A group commit whose batches wait for announced callers on their way (see the class comment).
   *
   * @param name names the errors
   * @param maxBatch the most items run together (1 to 1,000)
   * @param concurrency how many batches may run at once (1 to 16)
   * @param linger the longest a batch waits for announced callers (0 to 1 s; 0: never)
   * @param batch runs a batch: one result per item, in order
   */
  public GroupCommit(String name, int maxBatch, int concurrency, Duration linger, Function<List<I>, List<O>> batch) {
    this(name, maxBatch, concurrency, checkLinger(linger).toNanos(), batch);
  }

  /**
   * For tests: any linger, so that one far longer than a test's timeout shows that a batch
   * stopped lingering for a reason, without timing it.
   */
  GroupCommit(String name, int maxBatch, int concurrency, long lingerNanos, Function<List<I>, List<O>> batch) {
    this.name = Objects.requireNonNull(name, "name");
    if (lingerNanos < 0 || lingerNanos > TimeUnit.DAYS.toNanos(1)) {
      throw new InvalidInputException("linger", lingerNanos, "must be between 0 and a day, in nanoseconds");
    }
    this.lingerNanos = lingerNanos;
    this.batch = Objects.requireNonNull(batch, "batch");
    this.maxBatch = Check.range("maxBatch", maxBatch, 1, 1000);
    this.concurrency = Check.range("writers", concurrency, 1, 16);
    this.turns = new Semaphore(concurrency);
  }

  /**
   * Runs {@code item} in the next batch and returns its result.
   *
   * @throws StoreUnavailableException if closed, or interrupted while waiting (the message says
   *     whether the item may have run)
   * @throws RuntimeException whatever the batch threw
   */
  public O submit(I item) {
    return submit(item, null);
  }

  /**
   * Announces a caller that will {@link #submit(Object, Arrival)} soon: batches forming in the
   * meantime wait for it (up to the linger). Close the arrival if the caller gives up without
   * submitting (closing it again, or after submitting, does nothing): try-with-resources suits.
   */
  public Arrival arrival() {
    arriving.incrementAndGet();
    return new Arrival();
  }

  /**
   * {@link #submit(Object)} for a caller that announced itself with {@code arrival} (null: not
   * announced); the arrival is closed once the item is queued.
   */
  public O submit(I item, Arrival arrival) {
    Objects.requireNonNull(item, "item");
    Pending<I, O> p = new Pending<>(item, Thread.currentThread());
    try {
      if (!open) {
        throw closed();
      }
      queue.add(p);
    } finally {
      // Only once the item is queued: until then a lingering leader counts the caller as coming.
      if (arrival != null) {
        arrival.close();
      }
    }
    if (!open && queue.remove(p)) {
      handOn(); // in case the turn was just handed to this caller
      throw closed();
    }
    // Queued first, then a turn tried: a leader ending its batch frees its turn first, then looks
    // for someone queued to hand it to, so either that leader sees this item or this caller gets
    // the turn.
    while (!p.result.isDone()) {
      if (!p.taken && turns.tryAcquire()) {
        p.leading = true;
        try {
          lead();
        } finally {
          p.leading = false;
          turns.release();
          handOn();
        }
      } else if (sleep(p)) {
        if (p.taken && !p.result.isDone()) {
          handOn(); // a turn handed to this caller as its item was taken goes on to someone else
        }
      } else {
        boolean neverRun = queue.remove(p);
        handOn(); // in case the turn was just handed to this caller
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException("interrupted while waiting for " + name
            + (neverRun ? "; the work was not done" : "; the work may or may not be done"), null);
      }
    }
    // Whoever takes items out of the queue hands a turn on afterwards (a leader, an interrupted
    // caller, close), so no turn is lost; a caller leaving looks as well, so that a turn handed to
    // it just as another leader ran its item goes on at once, not when that leader is done.
    handOn();
    try {
      return p.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreUnavailableException(name + " failed", e.getCause());
    }
  }

  /** Sleeps until {@code p} is done or handed a turn: false if interrupted (the flag is cleared). */
  private boolean sleep(Pending<I, O> p) {
    while (!p.result.isDone() && !p.nudged) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        return false;
      }
    }
    p.nudged = false;
    return true;
  }

  /**
   * Gives a free turn to a caller whose item is still queued and who is asleep (not leading, not
   * already handed a turn), if there is one.
   */
  private void handOn() {
    if (turns.availablePermits() == 0) {
      return; // whoever holds the turns hands them on in their turn
    }
    for (Pending<I, O> q : queue) {
      if (q != wake && !q.leading && !q.nudged) {
        q.nudged = true;
        LockSupport.unpark(q.caller);
        return;
      }
    }
  }

  /**
   * Returns {@code linger} if it is a valid linger (0 to {@link #MAX_LINGER}).
   *
   * @throws InvalidInputException naming {@code linger} otherwise
   */
  public static Duration checkLinger(Duration linger) {
    Objects.requireNonNull(linger, "linger");
    if (linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
      throw new InvalidInputException("linger", linger, "must be between 0 and " + MAX_LINGER);
    }
    return linger;
  }

  private StoreUnavailableException closed() {
    return new StoreUnavailableException(name + " is closed", null);
  }

  /** The mean number of items per batch so far (0 before the first). */
  public double meanBatch() {
    long b = batches.sum();
    return b == 0 ? 0 : (double) items.sum() / b;
  }

  /** Items waiting for a batch now. */
  public int queued() {
    return (int) queue.stream().filter(p -> p != wake).count();
  }

  /** Announced callers on their way now (see {@link #arrival()}). */
  public int arriving() {
    return arriving.get();
  }

  /**
   * A caller on its way to {@link #submit(Object, Arrival)}; see {@link #arrival()}. Belongs to
   * that caller's thread.
   */
  public final class Arrival implements AutoCloseable {
    private boolean gone;

    private Arrival() {}

    /** The caller is no longer on its way (it submitted, or gave up); idempotent. */
    @Override
    public void close() {
      if (gone) {
        return;
      }
      gone = true;
      // A lingering leader sets the flag before it reads the count, and this reads the flag after
      // it lowers the count: if the leader saw this caller still coming, the caller sees the flag
      // and wakes it. Only the last one on its way needs to (the others' submits or give-ups
      // come after).
      if (arriving.decrementAndGet() == 0 && lingering) {
        queue.offer(wake);
      }
    }
  }

  /**
   * Forms a batch from what is queued (if anything still is) and runs it, on this thread. The
   * batch holds other callers' items: this caller's interrupt status is put aside while it runs
   * (and while it lingers), so that an interrupt meant for this caller does not fail their work,
   * and restored afterwards.
   */
  private void lead() {
    boolean interrupted = Thread.interrupted();
    try {
      List<Pending<I, O>> taken = new ArrayList<>(Math.min(maxBatch, 64));
      forming.lock();
      try {
        interrupted |= take(taken);
      } finally {
        forming.unlock();
      }
      if (!taken.isEmpty()) {
        runBatch(taken);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Takes the next batch into {@code taken}, lingering for announced callers; nothing if none is
   * queued. True if interrupted while lingering.
   */
  private boolean take(List<Pending<I, O>> taken) {
    drain(taken);
    if (taken.isEmpty() || lingerNanos == 0) {
      return false;
    }
    // Wait while announced callers are on their way here (or their items are already queued),
    // until the linger is over or the group closes. A submit wakes this wait, and so does the
    // last caller on its way when it leaves (see Arrival.close) and close().
    long deadline = System.nanoTime() + lingerNanos;
    lingering = true;
    try {
      while (open && taken.size() < maxBatch && (arriving.get() > 0 || !queue.isEmpty())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        Pending<I, O> more = queue.poll(left, TimeUnit.NANOSECONDS);
        if (more != null && more != wake) {
          more.taken = true;
          taken.add(more);
        }
        drain(taken);
      }
    } catch (InterruptedException e) {
      return true; // stop waiting for company; what is taken runs
    } finally {
      lingering = false;
    }
    return false;
  }

  /** Moves what is queued into {@code taken}, up to a full batch, dropping wake-ups. */
  private void drain(List<Pending<I, O>> taken) {
    int from = taken.size();
    queue.drainTo(taken, maxBatch - from);
    for (int i = taken.size() - 1; i >= from; i--) {
      if (taken.get(i) == wake) {
        taken.remove(i);
      } else {
        taken.get(i).taken = true;
      }
    }
  }

  private void runBatch(List<Pending<I, O>> taken) {
    batches.increment();
    items.add(taken.size());
    List<I> in = new ArrayList<>(taken.size());
    taken.forEach(p -> in.add(p.item));
    try {
      List<O> out = batch.apply(in);
      if (out == null || out.size() != taken.size()) {
        throw new IllegalStateException(name + " returned " + (out == null ? "null" : out.size() + " results")
            + " for " + taken.size() + " items");
      }
      for (int i = 0; i < taken.size(); i++) {
        taken.get(i).result.complete(out.get(i));
      }
    } catch (Throwable e) { // even a checked exception thrown sneakily: no caller is left asleep
      if (!(e instanceof RuntimeException)) {
        LOG.error("{} failed unexpectedly", name, e);
      }
      taken.forEach(p -> p.result.completeExceptionally(e));
    } finally {
      for (Pending<I, O> p : taken) {
        if (p.caller != Thread.currentThread()) {
          LockSupport.unpark(p.caller);
        }
      }
    }
  }

  /**
   * Stops taking items and waits up to 10 s for the batches running or queued to end; items still
   * queued after that fail with {@link StoreUnavailableException}.
   */
  @Override
  public void close() {
    open = false;
    queue.offer(wake); // a lingering leader stops waiting
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((queued() > 0 || turns.availablePermits() < concurrency) && System.nanoTime() < deadline) {
      handOn(); // the items queued are still run, by their callers
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    Pending<I, O> left;
    while ((left = queue.poll()) != null) {
      if (left != wake
          && left.result.completeExceptionally(new StoreUnavailableException(name + " was closed", null))) {
        LockSupport.unpark(left.caller);
      }
    }
  }
}
