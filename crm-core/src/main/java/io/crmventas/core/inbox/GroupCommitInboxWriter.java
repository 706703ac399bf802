package io.crmventas.core.inbox;

import io.crmventas.core.RetriableException;
import io.crmventas.core.store.InsertResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link InboxWriter} that commits the events of concurrent callers together (a {@link
 * GroupCommit}): one of the waiting callers takes everything waiting (up to {@code maxBatch}),
 * stores it with {@link InboxStore#appendAll} in one atomic write on its own thread, and only
 * then releases each caller with its own result. So every caller still returns only once its
 * event is durable, but N concurrent events cost one commit instead of N. Under no load a caller
 * stores its own event at once, with no other thread involved. With several writers (batches in
 * flight), a batch forms while the previous one is being committed, so callers do not queue
 * behind a commit's disk flush. It starts no threads.
 *
 * <p>Failures stay with their event: when a batch fails for a reason that is not the store's
 * (an event of an unknown tenant), its events are written one by one, so only the faulty one
 * fails; when the store is unavailable every caller of the batch gets that error and nothing
 * was acknowledged. {@link #close} stops taking events and writes what is queued (see there).
 * Thread-safe.
 */
public final class GroupCommitInboxWriter implements InboxWriter, AutoCloseable {
  /** One event's outcome in a batch: its result, or what failed it alone. */
  private record Outcome(InsertResult<InboxEvent> result, RuntimeException failure) {}

  private final InboxStore inbox;
  private final GroupCommit<InboxEvent, Outcome> group;

  /** Two batches in flight at most; see {@link #GroupCommitInboxWriter(InboxStore, int, int)}. */
  public GroupCommitInboxWriter(InboxStore inbox, int maxBatch) {
    this(inbox, maxBatch, 2);
  }

  /**
   * A writer committing up to {@code writers} batches at once.
   *
   * @param maxBatch the most events committed together (1 to 1,000)
   * @param writers how many batches may be in flight at once (1 to 16), each on its own database
   *     connection; two keep one batch filling while another commits
   */
  public GroupCommitInboxWriter(InboxStore inbox, int maxBatch, int writers) {
    this.inbox = Objects.requireNonNull(inbox, "inbox");
    this.group = new GroupCommit<>("crm-inbox-group-commit", maxBatch, writers, this::write);
  }

  @Override
  public InsertResult<InboxEvent> append(InboxEvent event) {
    Outcome o = group.submit(Objects.requireNonNull(event, "event"));
    if (o.failure() != null) {
      throw o.failure();
    }
    return o.result();
  }

  /** The mean number of events per commit so far (0 before the first). */
  public double meanBatch() {
    return group.meanBatch();
  }

  /** Events waiting for a batch now. */
  public int queued() {
    return group.queued();
  }

  private List<Outcome> write(List<InboxEvent> events) {
    List<Outcome> out = new ArrayList<>(events.size());
    try {
      inbox.appendAll(events).forEach(r -> out.add(new Outcome(r, null)));
      return out;
    } catch (RetriableException e) {
      throw e;
    } catch (RuntimeException e) {
      if (events.size() == 1) {
        throw e;
      }
    }
    // One event spoiled the batch: write them one by one, so only that one fails.
    for (InboxEvent event : events) {
      try {
        out.add(new Outcome(inbox.append(event), null));
      } catch (RuntimeException each) {
        out.add(new Outcome(null, each));
      }
    }
    return out;
  }

  /**
   * Stops taking events and waits up to 10 s for the batches running or queued to be stored;
   * events still queued after that fail with {@link io.crmventas.core.StoreUnavailableException}.
   */
  @Override
  public void close() {
    group.close();
  }
}
