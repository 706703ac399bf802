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
   *     not this tenant's, or (field {@code sellerId}) if a scheduled or confirmed appointment
   *     names a deactivated member
   */
  Appointment create(Appointment appointment);

  /** The appointment with this id, if any. */
  Optional<Appointment> find(AppointmentId id);

  /**
   * Replaces an appointment (times, status, notes...).
   *
   * @throws io.crmventas.core.NotFoundException if there is no such appointment
   * @throws io.crmventas.core.InvalidInputException (field {@code sellerId}) if the appointment,
   *     scheduled or confirmed, would be given to a deactivated member or reopened with one; a
   *     deactivated seller's pending appointments can still be edited, cancelled or given to an
   *     active seller
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
