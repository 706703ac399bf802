package io.crmventas.core.assignment;

import io.crmventas.core.lead.LeadId;
import java.util.List;
import java.util.Optional;

/** One tenant's queue of leads waiting for a seller. Thread-safe. */
public interface AssignmentQueue {

  /**
   * Puts the lead in the queue. A lead already queued keeps its place (and its first reason).
   *
   * @return true if it was not queued before
   * @throws io.crmventas.core.InvalidInputException if the lead is not this tenant's
   */
  boolean enqueue(QueuedLead entry);

  /** The lead's place in the queue, if it is queued. */
  Optional<QueuedLead> find(LeadId leadId);

  /** Takes the lead out of the queue; returns whether it was there. */
  boolean remove(LeadId leadId);

  /** Up to {@code limit} queued leads, oldest first (then by lead id). */
  List<QueuedLead> oldestFirst(int limit);

  /** How many leads wait. */
  long size();
}
