package io.crmventas.core.conversation;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies a stored message. */
public record MessageId(UUID value) implements Comparable<MessageId> {
  public MessageId {
    Ids.require("messageId", value);
  }

  public static MessageId of(UUID value) {
    return new MessageId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code messageId}. */
  public static MessageId parse(String text) {
    return new MessageId(Ids.parse("messageId", text));
  }

  @Override
  public int compareTo(MessageId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
