package io.crmventas.core.agenda;

/** Who booked an appointment. */
public enum AppointmentSource {
  /** The sales assistant, in conversation with the lead. */
  AI,
  /** A person, in the CRM. */
  MANUAL
}
