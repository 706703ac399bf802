package io.crmventas.core.store.jdbc;

import io.crmventas.core.NotFoundException;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantDirectory;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.TenantSettings;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserDirectory;
import io.crmventas.core.tenant.UserId;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Tenants and users on PostgreSQL. */
final class JdbcDirectory implements TenantDirectory, UserDirectory {
  private static final String TENANT_COLS = "id, name, time_zone, locale, whatsapp_number, settings, created_at, version";
  private static final String USER_COLS = "id, email, name, created_at";

  private final Db db;

  JdbcDirectory(Db db) {
    this.db = db;
  }

  private static Tenant tenant(Db.Row r) throws SQLException {
    return new Tenant(TenantId.of(r.str("id")), r.str("name"), zone(r.str("time_zone")),
        Locale.forLanguageTag(r.str("locale")), r.optStr("whatsapp_number").map(PhoneNumber::new),
        TenantSettings.of(JsonCodec.lenientStringMap("settings", r.str("settings"))), r.instant("created_at"),
        r.longValue("version"));
  }

  /** A stored zone id; one the JVM's time-zone data does not know is named, not a raw exception. */
  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (java.time.DateTimeException e) {
      throw new io.crmventas.core.InvalidInputException("timeZone", id, "is not a time zone this JVM knows");
    }
  }

  private static User user(Db.Row r) throws SQLException {
    return new User(UserId.of(r.uuid("id")), new EmailAddress(r.str("email")), r.str("name"), r.instant("created_at"));
  }

  @Override
  public Tenant create(Tenant t) {
    Objects.requireNonNull(t, "tenant");
    io.crmventas.core.internal.KnownSettings.check(t.settings());
    db.update("INSERT INTO tenants (" + TENANT_COLS + ") VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)",
        t.id().value(), t.name(), t.timeZone().getId(), t.locale().toLanguageTag(),
        t.whatsappNumber().map(PhoneNumber::value), JsonCodec.stringMap(t.settings().asMap()), t.createdAt(),
        t.version());
    return t;
  }

  @Override
  public Optional<Tenant> find(TenantId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + TENANT_COLS + " FROM tenants WHERE id = ?", JdbcDirectory::tenant, id.value());
  }

  @Override
  public Tenant update(Tenant t) {
    Objects.requireNonNull(t, "tenant");
    // Checked against what is stored: a setting left as it was is not checked again (one edited
    // in the database by hand must not stop every other change to the tenant). The version
    // condition below also makes sure the stored settings checked against are the ones replaced.
    Tenant stored = find(t.id()).orElseThrow(() -> new NotFoundException("tenant", t.id()));
    Check.version("tenant", t.id(), t.version(), stored.version());
    io.crmventas.core.internal.KnownSettings.checkChanged(t.settings(), stored.settings());
    Optional<Tenant> updated = db.queryOne("UPDATE tenants SET name = ?, time_zone = ?, locale = ?, whatsapp_number = ?,"
            + " settings = CAST(? AS jsonb), version = version + 1 WHERE id = ? AND version = ? RETURNING "
            + TENANT_COLS, JdbcDirectory::tenant,
        t.name(), t.timeZone().getId(), t.locale().toLanguageTag(), t.whatsappNumber().map(PhoneNumber::value),
        JsonCodec.stringMap(t.settings().asMap()), t.id().value(), t.version());
    if (updated.isPresent()) {
      return updated.get();
    }
    Tenant now = find(t.id()).orElseThrow(() -> new NotFoundException("tenant", t.id()));
    throw Check.staleVersion("tenant", t.id(), t.version(), now.version());
  }

  @Override
  public List<Tenant> list() {
    return db.query("SELECT " + TENANT_COLS + " FROM tenants ORDER BY id COLLATE \"C\"", JdbcDirectory::tenant);
  }

  @Override
  public User create(User u) {
    Objects.requireNonNull(u, "user");
    db.update("INSERT INTO users (" + USER_COLS + ") VALUES (?, ?, ?, ?)",
        u.id().value(), u.email().value(), u.name(), u.createdAt());
    return u;
  }

  @Override
  public Optional<User> find(UserId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + USER_COLS + " FROM users WHERE id = ?", JdbcDirectory::user, id.value());
  }

  @Override
  public Optional<User> findByEmail(EmailAddress email) {
    Objects.requireNonNull(email, "email");
    return db.queryOne("SELECT " + USER_COLS + " FROM users WHERE email = ?", JdbcDirectory::user, email.value());
  }

  @Override
  public User update(User u) {
    Objects.requireNonNull(u, "user");
    return db.queryOne("UPDATE users SET email = ?, name = ? WHERE id = ? RETURNING " + USER_COLS,
        JdbcDirectory::user, u.email().value(), u.name(), u.id().value())
        .orElseThrow(() -> new NotFoundException("user", u.id()));
  }

  @Override
  public List<Membership> memberships(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return db.query("SELECT " + JdbcMembers.COLS + " FROM memberships WHERE user_id = ? ORDER BY tenant_id COLLATE \"C\"",
        JdbcMembers::membership, userId.value());
  }
}
