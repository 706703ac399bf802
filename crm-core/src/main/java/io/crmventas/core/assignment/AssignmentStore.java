package io.crmventas.core.assignment;

import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

  /**
   * The workload of each of {@code sellers}, read in one go (every seller asked for is in the
   * result, an idle one with zeros). Costs one lookup per seller for the open conversations and
   * the last assignment; the optional parts cost more and are read only when asked for.
   *
   * @param windowStart start of the fairness window, for {@link SellerWorkload#assignedInWindow};
   *     empty to skip it (zero)
   * @param performanceSince start of the performance period, for the conversion counts; empty
   *     to skip them (zeros)
   */
  Map<UserId, SellerWorkload> workloads(Collection<UserId> sellers, Optional<Instant> windowStart,
      Optional<Instant> performanceSince);

  /**
   * Assigned leads whose latest assignment came from a rule with a reply limit, whose seller has
   * not written to the lead since that assignment, and whose limit ends at or before {@code now};
   * oldest assignment first.
   */
  List<StaleAssignment> findStale(Instant now);
}
