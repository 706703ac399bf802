package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.MembershipStore;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class MemMembers extends MemScoped implements MembershipStore {
  MemMembers(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public Membership add(Membership m) {
    Objects.requireNonNull(m, "membership");
    requireSameTenant(m.tenantId());
    return write(d -> {
      if (!db.users.containsKey(m.userId())) {
        throw new NotFoundException("user", m.userId());
      }
      if (d.members.containsKey(m.userId())) {
        throw new ConflictException("membership.unique", "user " + m.userId() + " is already a member of " + tenant);
      }
      db.put(d.members, m.userId(), m);
      return m;
    });
  }

  @Override
  public Optional<Membership> find(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return readOptional(d -> Optional.ofNullable(d.members.get(userId)));
  }

  @Override
  public Membership update(Membership m) {
    Objects.requireNonNull(m, "membership");
    requireSameTenant(m.tenantId());
    return write(d -> {
      Membership current = d.members.get(m.userId());
      if (current == null) {
        throw new NotFoundException("membership", m.userId());
      }
      Membership updated = new Membership(m.tenantId(), m.userId(), m.role(), m.seller(), m.active(), current.createdAt());
      db.put(d.members, m.userId(), updated);
      return updated;
    });
  }

  @Override
  public boolean tryLock(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return find(userId).isPresent();
  }

  @Override
  public void unlock(UserId userId) {
    Objects.requireNonNull(userId, "userId");
  }

  @Override
  public List<Membership> list() {
    return read(d -> List.copyOf(d.members.values()), List::of);
  }

  @Override
  public List<Membership> withRole(Role role) {
    Objects.requireNonNull(role, "role");
    return read(d -> d.members.values().stream().filter(m -> m.role() == role).toList(), List::of);
  }
}
