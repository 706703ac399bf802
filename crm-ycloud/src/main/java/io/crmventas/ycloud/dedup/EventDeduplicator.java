package io.crmventas.ycloud.dedup;

import io.crmventas.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fast path that recognises a webhook event delivered again, before the inbox is touched.
 * It is an optimisation, never the final word: the inbox's unique key on (tenant, provider,
 * event id) is. So an implementation may forget, and when its backing service fails it answers
 * {@link Claim#UNKNOWN} and the inbox decides.
 *
 * <p>Protocol: {@link #claim} before storing; then {@link #stored} once the event is durably in
 * the inbox (or was already there), or {@link #release} if storing failed, so that YCloud's
 * retry is not taken for a duplicate.
 *
 * <p>Implementations are thread-safe and never throw for a failure of their backing service.
 */
public interface EventDeduplicator {

  /** What is known about an event id. */
  enum Claim {
    /** First sight: this caller holds the claim and must call stored or release. */
    CLAIMED,
    /** Stored before: a duplicate, answer it without storing. */
    STORED,
    /** Another delivery of it is being stored right now: let the inbox decide. */
    IN_FLIGHT,
    /** Nothing can be said (the backing service failed): let the inbox decide. */
    UNKNOWN
  }

  /** One event, for the calls that take many at once. */
  record Event(TenantId tenant, String provider, String eventId) {
    public Event {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(eventId, "eventId");
    }
  }

  /** Claims {@code eventId} of {@code provider} in {@code tenant}. */
  Claim claim(TenantId tenant, String provider, String eventId);

  /**
   * {@link #claim} for many events at once, answers in the same order. An event listed twice is
   * claimed by its first entry ({@link Claim#IN_FLIGHT} for the second). Implementations backed
   * by a service answer with one round trip; the default claims one by one.
   */
  default List<Claim> claimAll(List<Event> events) {
    List<Claim> out = new ArrayList<>(events.size());
    for (Event e : events) {
      out.add(claim(e.tenant(), e.provider(), e.eventId()));
    }
    return out;
  }

  /** Records that the event is durably stored. */
  void stored(TenantId tenant, String provider, String eventId);

  /** {@link #stored} for many events at once; the default marks them one by one. */
  default void storedAll(List<Event> events) {
    for (Event e : events) {
      stored(e.tenant(), e.provider(), e.eventId());
    }
  }

  /** Gives up a claim whose event could not be stored. */
  void release(TenantId tenant, String provider, String eventId);

  /** The tenants of some events (a group commit batch may hold several), sorted, for a log line. */
  static String tenants(List<Event> events) {
    return events.stream().map(e -> e.tenant().value()).distinct().sorted()
        .collect(java.util.stream.Collectors.joining(","));
  }

  /** The key used for an event: tenant-scoped, so tenants never see each other's ids. */
  static String key(TenantId tenant, String provider, String eventId) {
    return tenant.value() + '|' + provider + '|' + eventId;
  }
}
