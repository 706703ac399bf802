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
      throw new io.crmventas.core.InvalidInputException("unsent", unsent,
          "must list the bubbles a failure left unsent, and only with a failure");
    }
  }

  /** Whether every bubble went out. */
  public boolean complete() {
    return failure.isEmpty();
  }

  /**
   * Whether the first unsent bubble may have reached the lead all the same: the channel's answer
   * to it was lost ({@link ChannelOutcomeUnknownException}). Check before sending it again (in
   * YCloud's console by recipient and time, or with a person: with no provider id stored for it,
   * its status webhooks find nothing); {@code unsent().subList(1, ...)} is the rest without it.
   */
  public boolean mayHaveGoneOut() {
    return failure.filter(ChannelOutcomeUnknownException.class::isInstance).isPresent();
  }

  /**
   * The bubbles not sent, as one text to send again once the failure is over (each bubble its own
   * paragraph, so {@link ReplySplitter} cuts it into the same bubbles); empty when complete. When
   * {@link #mayHaveGoneOut()}, its first bubble may repeat one the lead got.
   */
  public String rest() {
    return String.join("\n\n", unsent);
  }
}
