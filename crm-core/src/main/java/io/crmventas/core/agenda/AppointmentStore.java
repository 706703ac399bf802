package io.crmventas.core.agenda;

import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One tenant's appointments. Thread-safe. */
public interface AppointmentStore {

  /**
   * Stores a new appointment.
   *
   * @throws io.crmventas.core.InvalidInputException if the seller is not a member or the lead
   *     not this tenant's
   */
  Appointment create(Appointment appointment);

  /** The appointment with this id, if any. */
  Optional<Appointment> find(AppointmentId id);

  /**
   * Replaces an appointment (times, status, notes...).
   *
   * @throws io.crmventas.core.NotFoundException if there is no such appointment
   */
  Appointment update(Appointment appointment);

  /**
   * Appointments overlapping [from, to), of one seller or of all when {@code sellerId} is
   * empty, ordered by start then id. With {@code activeOnly}, only scheduled or confirmed ones.
   */
  List<Appointment> between(Optional<UserId> sellerId, Instant from, Instant to, boolean activeOnly);

  /** A lead's appointments, ordered by start then id. */
  List<Appointment> forLead(LeadId leadId);
}
