package io.crmventas.core.inbox;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.StoreUnavailableException;
import io.crmventas.core.internal.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the work of concurrent callers together (group commit): each caller hands its item to
 * {@link #submit} and waits; a worker thread takes everything waiting (up to {@code maxBatch}),
 * runs {@code batch} once on the lot, and releases each caller with its own result. So N
 * concurrent callers cost one round trip, one commit, instead of N, and each still returns only
 * once its own work is done. Under no load a batch is a single item and nothing waits for
 * company. With several workers a batch forms while the previous one is running (workers take
 * turns forming batches, so they do not split the waiting callers between them).
 *
 * <p><b>Lingering.</b> Concurrent callers often reach {@link #submit} a few microseconds apart
 * (each first does its own work: a request is verified and parsed before its item is stored),
 * and one that misses a batch waits for the whole next one. A caller may announce itself with
 * {@link #arrival()} when it starts that work and pass the {@link Arrival} to {@link
 * #submit(Object, Arrival)}; a worker forming a batch then waits, up to {@code linger}, while
 * announced callers have not submitted yet, and runs the batch as soon as none is left on its
 * way (an arrival closed without submitting counts as gone). Callers that do not announce
 * themselves are never waited for, and nor is anyone once the linger is over: under no load
 * nothing waits. The idea is PostgreSQL's {@code commit_delay}, except that the wait is for
 * callers known to be coming, and ends when they are in.
 *
 * <p>{@code batch} returns one result per item, in order; whatever it throws is thrown to every
 * caller of that batch (so it should handle failures that belong to one item itself). {@link
 * #close} stops taking items, ends any linger and lets the workers run what is queued, for up to
 * 10 seconds; items still queued then fail with {@link StoreUnavailableException}. Thread-safe.
 *
 * @param <I> what a caller submits
 * @param <O> what it gets back
 */
public final class GroupCommit<I, O> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  /** The longest a batch may wait for callers on their way. */
  public static final Duration MAX_LINGER = Duration.ofSeconds(1);

  private record Pending<I, O>(I item, CompletableFuture<O> result) {}

  private final String name;
  private final Function<List<I>, List<O>> batch;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
  /**
   * Queued by the last announced caller to leave while a worker lingers, so the worker stops
   * waiting at once (and by {@link #close}); never run, dropped wherever it is taken.
   */
  private final Pending<I, O> wake = new Pending<>(null, null);
  /** Set while a worker lingers (see {@link Arrival#close}). */
  private volatile boolean lingering;
  private final long lingerNanos;
  /** Announced callers that have not submitted (or given up) yet. */
  private final AtomicInteger arriving = new AtomicInteger();
  /** Held by the worker forming a batch: one at a time, so they do not split the callers. */
  private final ReentrantLock forming = new ReentrantLock();
  private final List<Thread> workers;
  private final LongAdder batches = new LongAdder();
  private final LongAdder items = new LongAdder();
  private volatile boolean open = true;

  /**
   * Starts the worker threads.
   *
   * @param name names the threads and the errors
   * @param maxBatch the most items run together (1 to 1,000)
   * @param workers how many batches may run at once (1 to 16)
   * @param batch runs a batch: one result per item, in order
   */
  public GroupCommit(String name, int maxBatch, int workers, Function<List<I>, List<O>> batch) {
    this(name, maxBatch, workers, Duration.ZERO, batch);
  }

  /**
   * Starts the worker threads, with batches that wait for announced callers on their way (see
   * the class comment).
   *
   * @param name names the threads and the errors
   * @param maxBatch the most items run together (1 to 1,000)
   * @param workers how many batches may run at once (1 to 16)
   * @param linger the longest a batch waits for announced callers (0 to 1 s; 0: never)
   * @param batch runs a batch: one result per item, in order
   */
  public GroupCommit(String name, int maxBatch, int workers, Duration linger, Function<List<I>, List<O>> batch) {
    this.name = Objects.requireNonNull(name, "name");
    this.lingerNanos = checkLinger(linger).toNanos();
    this.batch = Objects.requireNonNull(batch, "batch");
    this.maxBatch = Check.range("maxBatch", maxBatch, 1, 1000);
    Check.range("writers", workers, 1, 16);
    List<Thread> started = new ArrayList<>(workers);
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(this::run, name + "-" + (i + 1));
      t.setDaemon(true);
      t.start();
      started.add(t);
    }
    this.workers = List.copyOf(started);
  }

  /**
   * Runs {@code item} in the next batch and returns its result.
   *
   * @throws StoreUnavailableException if closed, or interrupted while waiting (the item may or
   *     may not have run)
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
    Pending<I, O> p = new Pending<>(item, new CompletableFuture<>());
    try {
      if (!open) {
        throw closed();
      }
      queue.add(p);
    } finally {
      // Only once the item is queued: until then a lingering worker counts the caller as coming.
      if (arrival != null) {
        arrival.close();
      }
    }
    if (!open && queue.remove(p)) {
      throw closed();
    }
    try {
      return p.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for " + name + "; the work may or may not be done",
          null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreUnavailableException(name + " failed", e.getCause());
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

  /** Items waiting for a worker now. */
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
      // A lingering worker sets the flag before it reads the count, and this reads the flag after
      // it lowers the count: if the worker saw this caller still coming, the caller sees the flag
      // and wakes it. Only the last one on its way needs to (the others' submits or give-ups
      // come after).
      if (arriving.decrementAndGet() == 0 && lingering) {
        queue.offer(wake);
      }
    }
  }

  private void run() {
    List<Pending<I, O>> taken = new ArrayList<>(maxBatch);
    while (open || !queue.isEmpty()) {
      try {
        forming.lockInterruptibly();
        try {
          if (!take(taken)) {
            continue;
          }
        } finally {
          forming.unlock();
        }
        runBatch(taken);
      } catch (InterruptedException e) {
        // Only close() ends a worker, and only once the queue is empty: keep going.
      } catch (RuntimeException | Error e) {
        LOG.error("{} failed unexpectedly", name, e);
        taken.stream().filter(p -> p != wake).forEach(p -> p.result().completeExceptionally(e));
      } finally {
        taken.clear();
      }
    }
  }

  /**
   * Takes the next batch into {@code taken}: false if nothing came within 100 ms. Once it has
   * taken an item it returns normally, so what it took is run.
   */
  private boolean take(List<Pending<I, O>> taken) throws InterruptedException {
    Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
    if (first == null || first == wake) {
      return false;
    }
    taken.add(first);
    drain(taken);
    if (lingerNanos == 0) {
      return true;
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
          taken.add(more);
        }
        drain(taken);
      }
    } catch (InterruptedException e) {
      // stop waiting for company; what is taken runs
    } finally {
      lingering = false;
    }
    return true;
  }

  /** Moves what is queued into {@code taken}, up to a full batch, dropping wake-ups. */
  private void drain(List<Pending<I, O>> taken) {
    int from = taken.size();
    queue.drainTo(taken, maxBatch - from);
    for (int i = taken.size() - 1; i >= from; i--) {
      if (taken.get(i) == wake) {
        taken.remove(i);
      }
    }
  }

  private void runBatch(List<Pending<I, O>> taken) {
    batches.increment();
    items.add(taken.size());
    List<I> in = new ArrayList<>(taken.size());
    taken.forEach(p -> in.add(p.item()));
    List<O> out;
    try {
      out = batch.apply(in);
    } catch (RuntimeException e) {
      taken.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    if (out == null || out.size() != taken.size()) {
      IllegalStateException wrong = new IllegalStateException(name + " returned " + (out == null ? "null" : out.size()
          + " results") + " for " + taken.size() + " items");
      taken.forEach(p -> p.result().completeExceptionally(wrong));
      return;
    }
    for (int i = 0; i < taken.size(); i++) {
      taken.get(i).result().complete(out.get(i));
    }
  }

  /**
   * Stops taking items and waits up to 10 s for the workers to run those already queued and end;
   * items still queued after that fail with {@link StoreUnavailableException}.
   */
  @Override
  public void close() {
    open = false;
    queue.offer(wake); // a lingering worker stops waiting
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      for (Thread worker : workers) {
        TimeUnit.NANOSECONDS.timedJoin(worker, Math.max(1, deadline - System.nanoTime()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending<I, O> left;
    while ((left = queue.poll()) != null) {
      if (left == wake) {
        continue;
      }
      left.result().completeExceptionally(new StoreUnavailableException(name + " was closed", null));
    }
  }
}
