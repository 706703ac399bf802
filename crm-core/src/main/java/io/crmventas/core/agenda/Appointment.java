package io.crmventas.core.agenda;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A meeting in a seller's agenda, usually with a lead. {@code end} is after {@code start}. */
public record Appointment(
    AppointmentId id,
    TenantId tenantId,
    UserId sellerId,
    Optional<LeadId> leadId,
    String title,
    Instant start,
    Instant end,
    AppointmentStatus status,
    AppointmentSource source,
    Optional<String> notes,
    Instant createdAt,
    Instant updatedAt) {

  /** The longest appointment accepted. */
  public static final Duration MAX_LENGTH = Duration.ofHours(24);

  public Appointment {
    Check.notNull("id", id);
    Check.notNull("tenantId", tenantId);
    Check.notNull("sellerId", sellerId);
    Check.optional("leadId", leadId);
    title = Check.text("title", title, 200);
    start = Check.instant("start", start);
    end = Check.instant("end", end);
    if (!end.isAfter(start)) {
      throw new InvalidInputException("end", end, "must be after start " + start);
    }
    if (Duration.between(start, end).compareTo(MAX_LENGTH) > 0) {
      throw new InvalidInputException("end", end, "must be at most 24 hours after start " + start);
    }
    Check.notNull("status", status);
    Check.notNull("source", source);
    notes = Check.optionalText("notes", notes, 4000);
    createdAt = Check.instant("createdAt", createdAt);
    updatedAt = Check.instant("updatedAt", updatedAt);
  }

  /** Whether it overlaps [from, to). */
  public boolean overlaps(Instant from, Instant to) {
    return start.isBefore(to) && end.isAfter(from);
  }

  public Appointment withStatus(AppointmentStatus newStatus, Instant at) {
    return new Appointment(id, tenantId, sellerId, leadId, title, start, end, newStatus, source, notes, createdAt, at);
  }
}
