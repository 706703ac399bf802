package io.crmventas.core.tenant;

import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.internal.Check;
import java.time.Instant;

/**
 * A person who signs in: a CEO, seller, secretary or professional. A user exists once and
 * belongs to tenants through {@link Membership}s.
 *
 * @param email unique across all users
 */
public record User(UserId id, EmailAddress email, String name, Instant createdAt) {
  public User {
    Check.notNull("id", id);
    Check.notNull("email", email);
    name = Check.text("name", name, 200);
    createdAt = Check.instant("createdAt", createdAt);
  }
}
