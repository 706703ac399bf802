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

  /** All members, ordered by user id. */
  List<Membership> list();

  /** The members with {@code role}, ordered by user id. */
  List<Membership> withRole(Role role);
}
