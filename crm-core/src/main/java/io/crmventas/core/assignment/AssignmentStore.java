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
   * Appends an entry. An entry that gives the lead a seller also takes the lead out of the
   * assignment queue, in the same step.
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
   * Inside a unit of work, locks the seller for the rest of the unit unless another unit holds
   * them (without waiting), and keeps the lock only if their workload is still
   * {@code expected} as far as assignment constraints go (open conversations and last
   * assignment) and they are still an active member; otherwise gives it back at once.
   * Stores written before {@link SellerLock#UNAVAILABLE} existed never return it; the engine then
   * relies on its members as it read them. The assignment engine gives a seller a lead
   * only while holding this lock, so the workload it checked cannot change before it commits.
   *
   * <p>Outside a unit of work, and in the in-memory store (whose units are serial), the result
   * only says whether the seller is still active and their workload still {@code expected}.
   *
   * @return {@link SellerLock#LOCKED}, {@link SellerLock#BUSY} (another unit holds the seller,
   *     or they are not a member), {@link SellerLock#CHANGED} or {@link SellerLock#UNAVAILABLE}
   */
  SellerLock lockSeller(UserId sellerId, SellerWorkload expected);

  /** The outcome of {@link #lockSeller}. */
  enum SellerLock {
    /** This unit holds the seller, whose workload is as expected. */
    LOCKED,
    /** Another unit holds the seller (or they are not a member): try someone else. */
    BUSY,
    /** The workload changed since it was read; nothing is held. Read again and decide again. */
    CHANGED,
    /**
     * The seller was deactivated since the members were read; nothing is held. Read the members
     * again and decide again.
     */
    UNAVAILABLE
  }

  /**
   * Assigned leads whose latest assignment came from a rule with a reply limit, whose seller has
   * not written to the lead since that assignment, and whose limit ends at or before {@code now};
   * oldest assignment first.
   */
  List<StaleAssignment> findStale(Instant now);
}
