package io.crmventas.core.inbox;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the work of concurrent callers together (group commit): each caller hands its item to
 * {@link #submit} and waits; a worker thread takes everything waiting (up to {@code maxBatch}),
 * runs {@code batch} once on the lot, and releases each caller with its own result. So N
 * concurrent callers cost one round trip, one commit, instead of N, and each still returns only
 * once its own work is done. Under no load a batch is a single item and nothing waits for
 * company. With several workers a batch forms while the previous one is running.
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

  private record Pending<I, O>(I item, CompletableFuture<O> result) {}

  private final String name;
  private final Function<List<I>, List<O>> batch;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
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
    this.name = Objects.requireNonNull(name, "name");
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
        Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        taken.add(first);
        queue.drainTo(taken, maxBatch - 1);
        runBatch(taken);
      } catch (InterruptedException e) {
        // Only close() ends a worker, and only once the queue is empty: keep going.
      } catch (RuntimeException | Error e) {
        LOG.error("{} failed unexpectedly", name, e);
        taken.forEach(p -> p.result().completeExceptionally(e));
      } finally {
        taken.clear();
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
