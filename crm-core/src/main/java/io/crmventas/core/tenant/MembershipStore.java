package io.crmventas.core.tenant;

import java.util.List;
import java.util.Optional;

/** The members of one tenant. Thread-safe. */
public interface MembershipStore {

  /**
   * Adds a user to the tenant.
   *
   * @throws io.crmventas.core.InvalidInputException if the membership names another tenant
   * @throws io.crmventas.core.NotFoundException if the user or tenant does not exist
   * @throws io.crmventas.core.ConflictException if the user is already a member
   *     (rule {@code membership.unique})
   */
  Membership add(Membership membership);

  /** The user's membership in this tenant, if any. */
  Optional<Membership> find(UserId userId);

  /**
   * Replaces the member's role, seller profile and active flag.
   *
   * @throws io.crmventas.core.NotFoundException if the user is not a member
   */
  Membership update(Membership membership);

  /**
   * Inside a unit of work, locks the member's row until the unit ends unless another unit holds
   * it, without waiting (PostgreSQL {@code FOR UPDATE SKIP LOCKED}). The assignment engine locks
   * a seller before giving them a lead, so two nodes never push one seller over capacity.
   *
   * @return true if this unit now holds the lock (always true outside a unit of work and in the
   *     in-memory store, whose units are serial); false if the member is locked by another unit
   *     or is not a member
   */
  boolean tryLock(UserId userId);

  /**
   * Gives up a lock this unit of work won with {@link #tryLock} and wrote nothing under since,
   * so other units stop skipping the member before this unit ends (PostgreSQL: the lock is
   * taken in a savepoint, and this rolls back to it). Does nothing if the unit does not hold
   * the member's lock, outside a unit of work, or in the in-memory store.
   */
  void unlock(UserId userId);

  /** All members, deactivated ones included, ordered by user id. */
  List<Membership> list();

  /** The members with {@code role}, deactivated ones included, ordered by user id. */
  List<Membership> withRole(Role role);
}
