package io.crmventas.core.inbox;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.StoreUnavailableException;
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
import java.util.function.IntSupplier;
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
 * <p><b>Lingering.</b> Callers often arrive a few microseconds apart: the ones just released by
 * a batch come back with their next item while the next batch is already forming, and would
 * then wait a whole batch for the one after. Given a count of the callers that are on their way
 * (for example, the requests inside a handler that submits here once it has parsed them), a
 * worker that has taken fewer items than the callers not already in a batch waits for them,
 * up to {@code linger}, before it runs the batch. The count is read again as the wait goes on,
 * so a caller that leaves without submitting ends the wait; PostgreSQL's {@code commit_delay}
 * and {@code commit_siblings} do the same for its own commits.
 *
 * <p>{@code batch} returns one result per item, in order; whatever it throws is thrown to every
 * caller of that batch (so it should handle failures that belong to one item itself). {@link
 * #close} stops taking items and lets the workers run what is queued, for up to 10 seconds;
 * items still queued then fail with {@link StoreUnavailableException}. Thread-safe.
 *
 * @param <I> what a caller submits
 * @param <O> what it gets back
 */
public final class GroupCommit<I, O> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  /** The longest a batch may wait for callers on their way. */
  public static final Duration MAX_LINGER = Duration.ofSeconds(1);
  /** How often a lingering worker reads the callers count again. */
  private static final long LINGER_SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private record Pending<I, O>(I item, CompletableFuture<O> result) {}

  private final String name;
  private final Function<List<I>, List<O>> batch;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
  private final long lingerNanos;
  private final IntSupplier callers;
  /** Held by the worker forming a batch: one at a time, so they do not split the callers. */
  private final ReentrantLock forming = new ReentrantLock();
  /** Items taken by workers (forming or running) and not yet released. */
  private final AtomicInteger held = new AtomicInteger();
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
    this(name, maxBatch, workers, Duration.ZERO, () -> 0, batch);
  }

  /**
   * Starts the worker threads, with batches that wait for callers on their way (see the class
   * comment).
   *
   * @param name names the threads and the errors
   * @param maxBatch the most items run together (1 to 1,000)
   * @param workers how many batches may run at once (1 to 16)
   * @param linger the longest a batch waits for more callers (0 to 1 s; 0: never)
   * @param callers how many callers are between starting the work that ends in {@link #submit}
   *     and getting its result, those waiting in {@code submit} included; read often, so keep it
   *     cheap (an {@link AtomicInteger}'s get)
   * @param batch runs a batch: one result per item, in order
   */
  public GroupCommit(String name, int maxBatch, int workers, Duration linger, IntSupplier callers,
      Function<List<I>, List<O>> batch) {
    this.name = Objects.requireNonNull(name, "name");
    this.lingerNanos = checkLinger(linger).toNanos();
    this.callers = Objects.requireNonNull(callers, "callers");
    this.batch = Objects.requireNonNull(batch, "batch");
    if (maxBatch < 1 || maxBatch > 1000) {
      throw new InvalidInputException("maxBatch", maxBatch, "must be between 1 and 1000");
    }
    if (workers < 1 || workers > 16) {
      throw new InvalidInputException("writers", workers, "must be between 1 and 16");
    }
    this.maxBatch = maxBatch;
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
    Objects.requireNonNull(item, "item");
    Pending<I, O> p = new Pending<>(item, new CompletableFuture<>());
    if (!open) {
      throw closed();
    }
    queue.add(p);
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
    return queue.size();
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
        taken.forEach(p -> p.result().completeExceptionally(e));
      } finally {
        held.addAndGet(-taken.size());
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
    if (first == null) {
      return false;
    }
    taken.add(first);
    held.addAndGet(queue.drainTo(taken, maxBatch - 1) + 1);
    if (lingerNanos == 0) {
      return true;
    }
    // Wait while callers that are in no batch yet are on their way here.
    long deadline = System.nanoTime() + lingerNanos;
    while (taken.size() < maxBatch && held.get() < callers.getAsInt()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        Pending<I, O> more = queue.poll(Math.min(left, LINGER_SLICE_NANOS), TimeUnit.NANOSECONDS);
        if (more != null) {
          taken.add(more);
          held.addAndGet(queue.drainTo(taken, maxBatch - taken.size()) + 1);
        }
      } catch (InterruptedException e) {
        break; // stop waiting for company; what is taken runs
      }
    }
    return true;
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
      left.result().completeExceptionally(new StoreUnavailableException(name + " was closed", null));
    }
  }
}
