package io.crmventas.core.notification;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies a notification. */
public record NotificationId(UUID value) implements Comparable<NotificationId> {
  public NotificationId {
    Ids.require("notificationId", value);
  }

  public static NotificationId of(UUID value) {
    return new NotificationId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code notificationId}. */
  public static NotificationId parse(String text) {
    return new NotificationId(Ids.parse("notificationId", text));
  }

  @Override
  public int compareTo(NotificationId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
