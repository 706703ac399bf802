package io.crmventas.core.channel;

import io.crmventas.core.conversation.Message;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ReplySender#deliver} did with a reply: the bubbles the channel took (stored, in
 * order), the bubbles it did not send, and the channel's failure that stopped it.
 *
 * @param sent the bubbles sent and stored, each with its provider id
 * @param unsent the bubbles not sent, the failed one first; empty when the reply went out whole
 * @param failure what the channel threw (as it threw it), when the reply stopped part-way
 */
public record ReplyDelivery(List<Message> sent, List<String> unsent, Optional<RuntimeException> failure) {

  public ReplyDelivery {
    sent = List.copyOf(Objects.requireNonNull(sent, "sent"));
    unsent = List.copyOf(Objects.requireNonNull(unsent, "unsent"));
    Objects.requireNonNull(failure, "failure");
    if (failure.isPresent() == unsent.isEmpty()) {
      throw new IllegalArgumentException("a failure comes with the bubbles it left unsent, and only then");
    }
  }

  /** Whether every bubble went out. */
  public boolean complete() {
    return failure.isEmpty();
  }

  /**
   * The bubbles not sent, as one text to send again once the failure is over (each bubble its own
   * paragraph, so {@link ReplySplitter} cuts it into the same bubbles); empty when complete.
   */
  public String rest() {
    return String.join("\n\n", unsent);
  }
}
