package io.crmventas.core.store.jdbc;

import io.crmventas.core.NotFoundException;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.MembershipStore;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import io.crmventas.core.tenant.WorkingHours;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

final class JdbcMembers extends JdbcScoped implements MembershipStore {
  static final String COLS =
      "tenant_id, user_id, role, seller_kind, capacity, skills, working_hours, away, active, created_at";

  JdbcMembers(Db db, TenantId tenant) {
    super(db, tenant);
  }

  static Membership membership(Db.Row r) throws SQLException {
    Optional<SellerProfile> profile = r.optStr("seller_kind").map(SellerKind::valueOf).map(kind -> {
      try {
        return new SellerProfile(kind, r.integer("capacity"), new TreeSet<>(r.texts("skills")),
            WorkingHours.parse(r.str("working_hours")), r.bool("away"));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    return new Membership(TenantId.of(r.str("tenant_id")), UserId.of(r.uuid("user_id")), r.enumValue(Role.class, "role"),
        profile, r.bool("active"), r.instant("created_at"));
  }

  private static Object[] profileParams(Membership m) {
    Optional<SellerProfile> p = m.seller();
    return new Object[] {
      p.map(SellerProfile::kind), p.map(SellerProfile::capacity),
      new Db.SqlArray("text", p.map(s -> (java.util.Collection<String>) s.skills()).orElse(List.of())),
      p.map(s -> s.workingHours().toString()), p.map(SellerProfile::away).orElse(false)
    };
  }

  @Override
  public Membership add(Membership m) {
    Objects.requireNonNull(m, "membership");
    requireSameTenant(m.tenantId());
    Object[] p = profileParams(m);
    db.update("INSERT INTO memberships (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        t(), m.userId().value(), m.role(), p[0], p[1], p[2], p[3], p[4], m.active(), m.createdAt());
    return m;
  }

  @Override
  public Optional<Membership> find(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return db.queryOne("SELECT " + COLS + " FROM memberships WHERE tenant_id = ? AND user_id = ?",
        JdbcMembers::membership, t(), userId.value());
  }

  @Override
  public Membership update(Membership m) {
    Objects.requireNonNull(m, "membership");
    requireSameTenant(m.tenantId());
    Object[] p = profileParams(m);
    return db.queryOne("UPDATE memberships SET role = ?, seller_kind = ?, capacity = ?, skills = ?, working_hours = ?,"
            + " away = ?, active = ? WHERE tenant_id = ? AND user_id = ? RETURNING " + COLS, JdbcMembers::membership,
        m.role(), p[0], p[1], p[2], p[3], p[4], m.active(), t(), m.userId().value())
        .orElseThrow(() -> new NotFoundException("membership", m.userId()));
  }

  @Override
  public boolean tryLock(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    String key = lockKey(tenant, userId);
    db.savepoint(key);
    boolean locked = db.queryOne("SELECT 1 FROM memberships WHERE tenant_id = ? AND user_id = ?"
        + " FOR NO KEY UPDATE SKIP LOCKED", r -> 1, t(), userId.value()).isPresent();
    if (!locked) {
      db.rollbackTo(key);
    }
    return locked;
  }

  @Override
  public void unlock(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    db.rollbackTo(lockKey(tenant, userId));
  }

  private static String lockKey(TenantId tenant, UserId userId) {
    return "member_lock:" + tenant + ":" + userId;
  }

  @Override
  public List<Membership> list() {
    return db.query("SELECT " + COLS + " FROM memberships WHERE tenant_id = ? ORDER BY user_id",
        JdbcMembers::membership, t());
  }

  @Override
  public List<Membership> withRole(Role role) {
    Objects.requireNonNull(role, "role");
    return db.query("SELECT " + COLS + " FROM memberships WHERE tenant_id = ? AND role = ? ORDER BY user_id",
        JdbcMembers::membership, t(), role);
  }
}
