package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.agenda.Appointment;
import io.crmventas.core.agenda.AppointmentId;
import io.crmventas.core.agenda.AppointmentStore;
import io.crmventas.core.internal.Ids;
import io.crmventas.core.internal.Scope;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class MemAppointments extends MemScoped implements AppointmentStore {
  private static final Comparator<Appointment> ORDER = Comparator.comparing(Appointment::start)
      .thenComparing((a, b) -> Ids.compare(a.id().value(), b.id().value()));

  MemAppointments(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  private void checkReferences(TenantData d, Optional<Appointment> before, Appointment a) {
    requireMember(d, "sellerId", a.sellerId());
    Scope.bookable(before, a, d.members.get(a.sellerId()).active(), tenant);
    a.leadId().ifPresent(l -> {
      if (!d.leads.containsKey(l)) {
        throw Scope.foreign("leadId", l, tenant);
      }
    });
  }

  @Override
  public Appointment create(Appointment a) {
    Objects.requireNonNull(a, "appointment");
    requireSameTenant(a.tenantId());
    return write(d -> {
      checkReferences(d, Optional.empty(), a);
      if (d.appointments.containsKey(a.id())) {
        throw new ConflictException("appointment.id.unique", "appointment " + a.id() + " already exists");
      }
      db.put(d.appointments, a.id(), a);
      return a;
    });
  }

  @Override
  public Optional<Appointment> find(AppointmentId id) {
    Objects.requireNonNull(id, "id");
    return readOptional(d -> Optional.ofNullable(d.appointments.get(id)));
  }

  @Override
  public Appointment update(Appointment a) {
    Objects.requireNonNull(a, "appointment");
    requireSameTenant(a.tenantId());
    return write(d -> {
      Appointment current = d.appointments.get(a.id());
      if (current == null) {
        throw new NotFoundException("appointment", a.id());
      }
      checkReferences(d, Optional.of(current), a);
      Appointment updated = new Appointment(a.id(), a.tenantId(), a.sellerId(), a.leadId(), a.title(), a.start(), a.end(),
          a.status(), a.source(), a.notes(), current.createdAt(), db.clock.instant());
      db.put(d.appointments, a.id(), updated);
      return updated;
    });
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
    return read(d -> d.appointments.values().stream()
        .filter(a -> sellerId.isEmpty() || sellerId.get().equals(a.sellerId()))
        .filter(a -> a.overlaps(from, to))
        .filter(a -> !activeOnly || a.status().isActive())
        .sorted(ORDER).toList(), List::of);
  }

  @Override
  public List<Appointment> forLead(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return read(d -> d.appointments.values().stream()
        .filter(a -> a.leadId().equals(Optional.of(leadId))).sorted(ORDER).toList(), List::of);
  }
}
