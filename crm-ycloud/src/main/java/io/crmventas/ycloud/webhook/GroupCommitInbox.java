package io.crmventas.ycloud.webhook;

import io.crmventas.core.RetriableException;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxStore;
import io.crmventas.core.store.InsertResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends to the inbox with group commit: concurrent requests queue their events on one of a few
 * lanes (round robin), and whichever request holds a lane's write lock stores everything queued
 * there with one {@link InboxStore#appendAll} (one statement and one commit on PostgreSQL) before
 * the others return; lanes write in parallel. No thread of its own; a lone request writes alone. If a batch fails with a non-transient error, its events are
 * appended one by one so that each request gets its own outcome. Thread-safe.
 */
final class GroupCommitInbox {
  private static final class Pending {
    final InboxEvent event;
    final CompletableFuture<InsertResult<InboxEvent>> result = new CompletableFuture<>();

    Pending(InboxEvent event) {
      this.event = event;
    }
  }

  private static final class Lane {
    final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    final ReentrantLock writer = new ReentrantLock();
  }

  private final InboxStore inbox;
  private final int maxBatch;
  private final Lane[] lanes;
  private final AtomicInteger next = new AtomicInteger();

  GroupCommitInbox(InboxStore inbox, int maxBatch, int writers) {
    this.inbox = Objects.requireNonNull(inbox, "inbox");
    this.maxBatch = maxBatch;
    this.lanes = new Lane[writers];
    for (int i = 0; i < writers; i++) {
      lanes[i] = new Lane();
    }
  }

  /** Stores {@code event} (with whatever else is queued); throws what the store threw for it. */
  InsertResult<InboxEvent> append(InboxEvent event) {
    Pending mine = new Pending(event);
    Lane lane = lanes[Math.floorMod(next.getAndIncrement(), lanes.length)];
    Queue<Pending> queue = lane.queue;
    ReentrantLock writer = lane.writer;
    queue.add(mine);
    writer.lock();
    try {
      while (!mine.result.isDone()) {
        List<Pending> batch = new ArrayList<>();
        Pending p;
        while (batch.size() < maxBatch && (p = queue.poll()) != null) {
          batch.add(p);
        }
        write(batch);
      }
    } finally {
      writer.unlock();
    }
    try {
      return mine.result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while storing an inbox event", e);
    }
  }

  private void write(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      List<InsertResult<InboxEvent>> results = inbox.appendAll(batch.stream().map(p -> p.event).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result.complete(results.get(i));
      }
    } catch (RuntimeException e) {
      if (batch.size() == 1 || e instanceof RetriableException) {
        batch.forEach(p -> p.result.completeExceptionally(e));
        return;
      }
      for (Pending p : batch) {
        try {
          InsertResult<InboxEvent> r = inbox.append(p.event);
          // A store that is not atomic may have stored this very event before the batch failed.
          boolean ours = !r.inserted() && r.value().id().equals(p.event.id());
          p.result.complete(ours ? new InsertResult.Inserted<>(r.value()) : r);
        } catch (RuntimeException single) {
          p.result.completeExceptionally(single);
        }
      }
    }
  }
}
