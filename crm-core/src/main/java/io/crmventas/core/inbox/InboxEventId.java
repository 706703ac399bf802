package io.crmventas.core.inbox;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies an event stored in the inbox. */
public record InboxEventId(UUID value) implements Comparable<InboxEventId> {
  public InboxEventId {
    Ids.require("inboxEventId", value);
  }

  public static InboxEventId of(UUID value) {
    return new InboxEventId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code inboxEventId}. */
  public static InboxEventId parse(String text) {
    return new InboxEventId(Ids.parse("inboxEventId", text));
  }

  @Override
  public int compareTo(InboxEventId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
