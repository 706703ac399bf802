package io.crmventas.core.agenda;

/** The life of an appointment. */
public enum AppointmentStatus {
  SCHEDULED,
  CONFIRMED,
  /** It took place. */
  COMPLETED,
  CANCELLED,
  NO_SHOW;

  /** Whether it still occupies the seller's agenda. */
  public boolean isActive() {
    return this == SCHEDULED || this == CONFIRMED;
  }
}
