package io.crmventas.core.agenda;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies an appointment in a seller's agenda. */
public record AppointmentId(UUID value) implements Comparable<AppointmentId> {
  public AppointmentId {
    Ids.require("appointmentId", value);
  }

  public static AppointmentId of(UUID value) {
    return new AppointmentId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code appointmentId}. */
  public static AppointmentId parse(String text) {
    return new AppointmentId(Ids.parse("appointmentId", text));
  }

  @Override
  public int compareTo(AppointmentId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
