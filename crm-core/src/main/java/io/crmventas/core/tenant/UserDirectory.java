package io.crmventas.core.tenant;

import io.crmventas.core.contact.EmailAddress;
import java.util.List;
import java.util.Optional;

/** Users, across tenants. Thread-safe. */
public interface UserDirectory {

  /**
   * Stores a new user.
   *
   * @throws io.crmventas.core.ConflictException if the id or e-mail is taken
   *     (rules {@code user.id.unique}, {@code user.email.unique})
   */
  User create(User user);

  /** The user with this id, if any. */
  Optional<User> find(UserId id);

  /** The user with this e-mail, if any. */
  Optional<User> findByEmail(EmailAddress email);

  /**
   * Replaces a user's e-mail and name.
   *
   * @throws io.crmventas.core.NotFoundException if there is no such user
   * @throws io.crmventas.core.ConflictException if the new e-mail is taken
   */
  User update(User user);

  /**
   * Every membership of the user, ordered by tenant id, deactivated ones included: what they
   * may sign in to is the tenants of the {@link Membership#active() active} ones.
   */
  List<Membership> memberships(UserId userId);
}
