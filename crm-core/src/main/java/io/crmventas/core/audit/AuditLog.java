package io.crmventas.core.audit;

import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;

/** One tenant's audit trail: append-only. Thread-safe. */
public interface AuditLog {

  /**
   * Appends an event.
   *
   * @throws io.crmventas.core.InvalidInputException if the actor is not a member
   */
  AuditEvent append(AuditEvent event);

  /** Events matching {@code query}, newest first (by time, then id). */
  Page<AuditEvent> list(AuditQuery query, PageRequest page);
}
