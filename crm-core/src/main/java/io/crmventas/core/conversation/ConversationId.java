package io.crmventas.core.conversation;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies a conversation. */
public record ConversationId(UUID value) implements Comparable<ConversationId> {
  public ConversationId {
    Ids.require("conversationId", value);
  }

  public static ConversationId of(UUID value) {
    return new ConversationId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code conversationId}. */
  public static ConversationId parse(String text) {
    return new ConversationId(Ids.parse("conversationId", text));
  }

  @Override
  public int compareTo(ConversationId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
