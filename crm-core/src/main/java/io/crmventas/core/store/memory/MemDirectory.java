package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantDirectory;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserDirectory;
import io.crmventas.core.tenant.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Tenants and users in memory. */
final class MemDirectory implements TenantDirectory, UserDirectory {
  private final MemoryDb db;

  MemDirectory(MemoryDb db) {
    this.db = db;
  }

  @Override
  public Tenant create(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    io.crmventas.core.internal.KnownSettings.check(tenant.settings());
    return db.write(() -> {
      if (db.tenants.containsKey(tenant.id())) {
        throw new ConflictException("tenant.id.unique", "tenant " + tenant.id() + " already exists");
      }
      db.put(db.tenants, tenant.id(), tenant);
      db.put(db.data, tenant.id(), new TenantData(tenant.id()));
      return tenant;
    });
  }

  @Override
  public Optional<Tenant> find(TenantId id) {
    Objects.requireNonNull(id, "id");
    return db.read(() -> Optional.ofNullable(db.tenants.get(id)));
  }

  @Override
  public Tenant update(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return db.write(() -> {
      Tenant current = db.tenants.get(tenant.id());
      if (current == null) {
        throw new NotFoundException("tenant", tenant.id());
      }
      Check.version("tenant", tenant.id(), tenant.version(), current.version());
      io.crmventas.core.internal.KnownSettings.checkChanged(tenant.settings(), current.settings());
      Tenant updated = new Tenant(tenant.id(), tenant.name(), tenant.timeZone(), tenant.locale(),
          tenant.whatsappNumber(), tenant.settings(), current.createdAt(), current.version() + 1);
      db.put(db.tenants, tenant.id(), updated);
      return updated;
    });
  }

  @Override
  public List<Tenant> list() {
    return db.read(() -> List.copyOf(db.tenants.values()));
  }

  @Override
  public User create(User user) {
    Objects.requireNonNull(user, "user");
    return db.write(() -> {
      if (db.users.containsKey(user.id())) {
        throw new ConflictException("user.id.unique", "user " + user.id() + " already exists");
      }
      if (db.usersByEmail.containsKey(user.email())) {
        throw new ConflictException("user.email.unique", "duplicate: user.email.unique (another user has that e-mail)");
      }
      db.put(db.users, user.id(), user);
      db.put(db.usersByEmail, user.email(), user.id());
      return user;
    });
  }

  @Override
  public Optional<User> find(UserId id) {
    Objects.requireNonNull(id, "id");
    return db.read(() -> Optional.ofNullable(db.users.get(id)));
  }

  @Override
  public Optional<User> findByEmail(EmailAddress email) {
    Objects.requireNonNull(email, "email");
    return db.read(() -> Optional.ofNullable(db.usersByEmail.get(email)).map(db.users::get));
  }

  @Override
  public User update(User user) {
    Objects.requireNonNull(user, "user");
    return db.write(() -> {
      User current = db.users.get(user.id());
      if (current == null) {
        throw new NotFoundException("user", user.id());
      }
      UserId owner = db.usersByEmail.get(user.email());
      if (owner != null && !owner.equals(user.id())) {
        throw new ConflictException("user.email.unique", "duplicate: user.email.unique (another user has that e-mail)");
      }
      User updated = new User(user.id(), user.email(), user.name(), current.createdAt());
      db.remove(db.usersByEmail, current.email());
      db.put(db.usersByEmail, updated.email(), updated.id());
      db.put(db.users, updated.id(), updated);
      return updated;
    });
  }

  @Override
  public List<Membership> memberships(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return db.read(() -> {
      List<Membership> out = new ArrayList<>();
      for (TenantId t : db.tenants.keySet()) {
        Membership m = db.data.get(t).members.get(userId);
        if (m != null) {
          out.add(m);
        }
      }
      return out;
    });
  }
}
