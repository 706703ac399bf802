package io.crmventas.core.inbox;

import io.crmventas.core.store.InsertResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The durable inbox: webhook events are appended before they are acknowledged, then workers
 * on any node claim, process and complete them. Thread-safe, and safe across processes
 * sharing one database: a due event is claimed by exactly one worker at a time.
 *
 * <p>A claim is a {@link Lease}: the worker must complete, fail, dead-letter or release the
 * event before the lease ends, or the event becomes claimable again (a crashed worker's
 * events are not lost). Calls that present an outdated lease token change nothing and
 * return false.
 */
public interface InboxStore {

  /**
   * Stores a received event unless the same tenant already has an event with its provider and
   * event id.
   *
   * @return {@code Inserted}, or {@code Duplicate} with the event stored earlier
   * @throws io.crmventas.core.NotFoundException if the tenant does not exist
   */
  InsertResult<InboxEvent> append(InboxEvent event);

  /**
   * {@link #append} for many events in one atomic write (one transaction, one commit): each is
   * stored unless its tenant already has an event with the same provider and event id, stored
   * earlier or earlier in the list. The results are in the order of {@code events}.
   *
   * @throws io.crmventas.core.NotFoundException if a tenant does not exist (nothing is stored)
   * @throws io.crmventas.core.RetriableException if the store failed: either nothing was stored,
   *     or the events were stored but the earlier ones they duplicate could not be read back; a
   *     retry is safe in both cases (it finds the stored events as duplicates)
   */
  List<InsertResult<InboxEvent>> appendAll(List<InboxEvent> events);

  /**
   * Claims up to {@code max} due events of the given providers: pending ones whose next attempt
   * time has come, and processing ones whose lease has expired; oldest due first. Each claimed
   * event moves to PROCESSING with a new lease until now + {@code leaseFor} and one more attempt
   * counted. Events of other providers are left for the workers that handle them.
   *
   * @param owner names the worker, for people reading the inbox
   * @param providers the providers whose events this worker handles (at least one)
   */
  List<InboxEvent> claim(String owner, Set<String> providers, int max, Duration leaseFor);

  /** Marks the event done. */
  boolean complete(InboxEventId id, UUID leaseToken);

  /** Records a failed attempt; the event is pending again from {@code retryAt}. */
  boolean fail(InboxEventId id, UUID leaseToken, String error, Instant retryAt);

  /** Gives up on the event: it becomes DEAD with {@code error}, kept for inspection. */
  boolean deadLetter(InboxEventId id, UUID leaseToken, String error);

  /**
   * Hands the event back unprocessed (a worker shutting down): pending and due at once, and
   * this attempt is not counted.
   */
  boolean release(InboxEventId id, UUID leaseToken);

  /** Extends the lease to now + {@code leaseFor}, for long processing. */
  boolean extendLease(InboxEventId id, UUID leaseToken, Duration leaseFor);

  /** The event with this id, if any. */
  Optional<InboxEvent> find(InboxEventId id);

  /** How many events are in each status; every status is present. */
  Map<InboxStatus, Long> countByStatus();

  /**
   * Deletes DONE events completed before {@code before}; returns how many. The inbox's unique key
   * is the final word on duplicates, so keep DONE events at least as long as a provider may
   * deliver an event again and as the deduplicator remembers it (24 h for YCloud's Redis
   * deduplicator): an event purged sooner and delivered again is stored and handled again
   * (handlers must keep that harmless; YCloud's stores nothing twice).
   */
  int purgeDone(Instant before);
}
