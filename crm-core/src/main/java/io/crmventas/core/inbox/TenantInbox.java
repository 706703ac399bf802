package io.crmventas.core.inbox;

import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import java.util.Map;
import java.util.Optional;

/** One tenant's inbox events, for people: inspect, and retry what was dead-lettered. */
public interface TenantInbox {

  /** The event with this id, if it is this tenant's. */
  Optional<InboxEvent> find(InboxEventId id);

  /** This tenant's event with this provider and provider's event id, if any. */
  Optional<InboxEvent> find(String provider, String eventId);

  /** Events in {@code status}, newest first (by receipt time, then id). */
  Page<InboxEvent> list(InboxStatus status, PageRequest page);

  /** How many of this tenant's events are in each status; every status is present. */
  Map<InboxStatus, Long> countByStatus();

  /**
   * Puts a DEAD event back to PENDING, due at once, with its attempts reset.
   *
   * @return false if it is not this tenant's or not dead
   */
  boolean retry(InboxEventId id);
}
