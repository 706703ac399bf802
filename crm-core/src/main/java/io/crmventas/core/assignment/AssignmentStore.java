package io.crmventas.core.assignment;

import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One tenant's assignment history: append-only. Thread-safe. */
public interface AssignmentStore {

  /**
   * Appends an entry.
   *
   * @throws io.crmventas.core.InvalidInputException if the lead or a seller is not this
   *     tenant's
   * @throws io.crmventas.core.ConflictException if the id is taken
   */
  Assignment record(Assignment assignment);

  /** A lead's history, oldest first. */
  List<Assignment> history(LeadId leadId);

  /** The lead's latest entry, if any. */
  Optional<Assignment> latest(LeadId leadId);

  /**
   * Entries, newest first (by time, then id), optionally only those that gave leads to
   * {@code sellerId} and only those at or after {@code since}.
   */
  Page<Assignment> list(Optional<UserId> sellerId, Optional<Instant> since, PageRequest page);
}
