package io.crmventas.core.inbox;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.RetriableException;
import io.crmventas.core.StoreUnavailableException;
import io.crmventas.core.store.InsertResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InboxWriter} that commits the events of concurrent callers together (group commit):
 * callers hand their event to a writer thread and wait; a writer takes everything waiting (up to
 * {@code maxBatch}), stores it with {@link InboxStore#appendAll} in one atomic write, and only
 * then releases each caller with its own result. So every caller still returns only once its
 * event is durable, but N concurrent events cost one commit instead of N. Under no load a batch
 * is a single event and nothing waits for company. With several writers, a batch forms while
 * the previous one is being committed, so callers do not queue behind a commit's disk flush.
 *
 * <p>Failures stay with their event: when a batch fails for a reason that is not the store's
 * (an event of an unknown tenant), its events are written one by one, so only the faulty one
 * fails; when the store is unavailable every caller of the batch gets that error and nothing
 * was acknowledged. {@link #close} stops taking events, writes what is queued, and ends the
 * thread. Thread-safe.
 */
public final class GroupCommitInboxWriter implements InboxWriter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitInboxWriter.class);

  private record Pending(InboxEvent event, CompletableFuture<InsertResult<InboxEvent>> result) {}

  private final InboxStore inbox;
  private final int maxBatch;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Thread> writers;
  private volatile boolean open = true;

  /** Starts two writer threads; see {@link #GroupCommitInboxWriter(InboxStore, int, int)}. */
  public GroupCommitInboxWriter(InboxStore inbox, int maxBatch) {
    this(inbox, maxBatch, 2);
  }

  /**
   * Starts the writer threads.
   *
   * @param maxBatch the most events committed together (1 to 1,000)
   * @param writers how many batches may be in flight at once (1 to 16), each on its own database
   *     connection; two keep one batch filling while another commits
   */
  public GroupCommitInboxWriter(InboxStore inbox, int maxBatch, int writers) {
    this.inbox = Objects.requireNonNull(inbox, "inbox");
    if (maxBatch < 1 || maxBatch > 1000) {
      throw new InvalidInputException("maxBatch", maxBatch, "must be between 1 and 1000");
    }
    if (writers < 1 || writers > 16) {
      throw new InvalidInputException("writers", writers, "must be between 1 and 16");
    }
    this.maxBatch = maxBatch;
    List<Thread> started = new ArrayList<>(writers);
    for (int i = 0; i < writers; i++) {
      Thread t = new Thread(this::run, "crm-inbox-group-commit-" + (i + 1));
      t.setDaemon(true);
      t.start();
      started.add(t);
    }
    this.writers = List.copyOf(started);
  }

  @Override
  public InsertResult<InboxEvent> append(InboxEvent event) {
    Objects.requireNonNull(event, "event");
    Pending p = new Pending(event, new CompletableFuture<>());
    if (!open) {
      throw new StoreUnavailableException("the inbox writer is closed", null);
    }
    queue.add(p);
    if (!open && queue.remove(p)) {
      throw new StoreUnavailableException("the inbox writer is closed", null);
    }
    try {
      return p.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while the event was being stored; it may or may not be", null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreUnavailableException("storing the event failed", e.getCause());
    }
  }

  private final LongAdder batches = new LongAdder();
  private final LongAdder written = new LongAdder();

  /** The mean number of events per commit so far (0 before the first). */
  public double meanBatch() {
    long b = batches.sum();
    return b == 0 ? 0 : (double) written.sum() / b;
  }

  /** Events waiting for a writer thread now. */
  public int queued() {
    return queue.size();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (open || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        write(batch);
      } catch (InterruptedException e) {
        if (!open) {
          Thread.currentThread().interrupt();
        }
      } catch (RuntimeException | Error e) {
        LOG.error("inbox group commit failed unexpectedly", e);
        batch.forEach(p -> p.result().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  private void write(List<Pending> batch) {
    batches.increment();
    written.add(batch.size());
    List<InboxEvent> events = new ArrayList<>(batch.size());
    batch.forEach(p -> events.add(p.event()));
    List<InsertResult<InboxEvent>> results;
    try {
      results = inbox.appendAll(events);
    } catch (RetriableException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).result().completeExceptionally(e);
        return;
      }
      // One event spoiled the batch: write them one by one, so only that one fails.
      for (Pending p : batch) {
        try {
          p.result().complete(inbox.append(p.event()));
        } catch (RuntimeException each) {
          p.result().completeExceptionally(each);
        }
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  /** Stops taking events, writes those already queued, and waits (up to 10 s) for the threads to end. */
  @Override
  public void close() {
    open = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      for (Thread writer : writers) {
        TimeUnit.NANOSECONDS.timedJoin(writer, Math.max(1, deadline - System.nanoTime()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending left;
    while ((left = queue.poll()) != null) {
      left.result().completeExceptionally(new StoreUnavailableException("the inbox writer was closed", null));
    }
  }
}
