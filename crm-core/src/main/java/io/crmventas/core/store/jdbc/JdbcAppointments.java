package io.crmventas.core.store.jdbc;

import io.crmventas.core.NotFoundException;
import io.crmventas.core.agenda.Appointment;
import io.crmventas.core.agenda.AppointmentId;
import io.crmventas.core.agenda.AppointmentSource;
import io.crmventas.core.agenda.AppointmentStatus;
import io.crmventas.core.agenda.AppointmentStore;
import io.crmventas.core.internal.Scope;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class JdbcAppointments extends JdbcScoped implements AppointmentStore {
  static final String COLS =
      "tenant_id, id, seller_id, lead_id, title, starts_at, ends_at, status, source, notes, created_at, updated_at";

  JdbcAppointments(Db db, TenantId tenant) {
    super(db, tenant);
  }

  static Appointment appointment(Db.Row r) throws SQLException {
    return new Appointment(AppointmentId.of(r.uuid("id")), TenantId.of(r.str("tenant_id")), UserId.of(r.uuid("seller_id")),
        r.optUuid("lead_id").map(LeadId::of), r.str("title"), r.instant("starts_at"), r.instant("ends_at"),
        r.enumValue(AppointmentStatus.class, "status"), r.enumValue(AppointmentSource.class, "source"), r.optStr("notes"),
        r.instant("created_at"), r.instant("updated_at"));
  }

  @Override
  public Appointment create(Appointment a) {
    Objects.requireNonNull(a, "appointment");
    requireSameTenant(a.tenantId());
    // Appointments reference the tenant only through the seller's membership, whose foreign key
    // would name the seller: an unknown tenant is "not found", as in every other store write.
    if (db.queryOne("SELECT 1 FROM tenants WHERE id = ?", r -> 1, t()).isEmpty()) {
      throw new NotFoundException("tenant", t());
    }
    // One statement: the seller's membership is read locked (FOR SHARE), so a deactivation either
    // commits first and is seen here, or waits for this appointment. A seller who is not a member
    // at all is left to the foreign key, which names the seller.
    int inserted = db.update("INSERT INTO appointments (" + COLS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            + " WHERE NOT ? OR " + SELLER_ACTIVE,
        t(), a.id().value(), a.sellerId().value(), a.leadId().map(LeadId::value), a.title(), a.start(), a.end(),
        a.status(), a.source(), a.notes(), a.createdAt(), a.updatedAt(), a.status().isActive(), t(),
        a.sellerId().value());
    if (inserted == 0) {
      throw Scope.notBookable(a.sellerId(), tenant);
    }
    return a;
  }

  /** Whether the seller (the last two parameters: tenant, user) is active, or not a member; locks the row. */
  private static final String SELLER_ACTIVE =
      "COALESCE((SELECT m.active FROM memberships m WHERE m.tenant_id = ? AND m.user_id = ? FOR SHARE), true)";

  /** The statuses that occupy the agenda, for SQL. */
  private static final String ACTIVE_STATUSES = java.util.Arrays.stream(AppointmentStatus.values())
      .filter(AppointmentStatus::isActive).map(st -> "'" + st.name() + "'")
      .collect(java.util.stream.Collectors.joining(", "));

  @Override
  public Optional<Appointment> find(AppointmentId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + COLS + " FROM appointments WHERE tenant_id = ? AND id = ?",
        JdbcAppointments::appointment, t(), id.value());
  }

  @Override
  public Appointment update(Appointment a) {
    Objects.requireNonNull(a, "appointment");
    requireSameTenant(a.tenantId());
    // The rule of Scope.bookable in the statement itself, on the row as it is when updated: an
    // appointment that stays active with its seller may keep a deactivated one.
    Optional<Appointment> updated = db.queryOne("UPDATE appointments SET seller_id = ?, lead_id = ?, title = ?,"
            + " starts_at = ?, ends_at = ?, status = ?, source = ?, notes = ?, updated_at = ?"
            + " WHERE tenant_id = ? AND id = ? AND (NOT ? OR (status IN (" + ACTIVE_STATUSES + ") AND seller_id = ?)"
            + " OR " + SELLER_ACTIVE + ") RETURNING " + COLS,
        JdbcAppointments::appointment, a.sellerId().value(), a.leadId().map(LeadId::value), a.title(), a.start(),
        a.end(), a.status(), a.source(), a.notes(), db.now(), t(), a.id().value(), a.status().isActive(),
        a.sellerId().value(), t(), a.sellerId().value());
    if (updated.isPresent()) {
      return updated.get();
    }
    find(a.id()).orElseThrow(() -> new NotFoundException("appointment", a.id()));
    throw Scope.notBookable(a.sellerId(), tenant);
  }

  @Override
  public List<Appointment> between(Optional<UserId> sellerId, Instant fromTime, Instant toTime, boolean activeOnly) {
    Objects.requireNonNull(sellerId, "sellerId");
    // Microseconds, as PostgreSQL keeps times, so both stores compare the same bounds.
    Instant from = io.crmventas.core.internal.Check.instant("from", fromTime);
    Instant to = io.crmventas.core.internal.Check.instant("to", toTime);
    if (!from.isBefore(to)) {
      throw new io.crmventas.core.InvalidInputException("to", to, "must be after from (" + from + ")");
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLS + " FROM appointments WHERE tenant_id = ?"
        + " AND starts_at < ? AND ends_at > ?");
    List<Object> params = new ArrayList<>(List.of(t(), to, from));
    sellerId.ifPresent(s -> {
      sql.append(" AND seller_id = ?");
      params.add(s.value());
    });
    if (activeOnly) {
      sql.append(" AND status IN ('SCHEDULED', 'CONFIRMED')");
    }
    sql.append(" ORDER BY starts_at, id");
    return db.query(sql.toString(), JdbcAppointments::appointment, params.toArray());
  }

  @Override
  public List<Appointment> forLead(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return db.query("SELECT " + COLS + " FROM appointments WHERE tenant_id = ? AND lead_id = ? ORDER BY starts_at, id",
        JdbcAppointments::appointment, t(), leadId.value());
  }
}
