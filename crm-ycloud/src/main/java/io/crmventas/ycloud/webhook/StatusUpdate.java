package io.crmventas.ycloud.webhook;

import io.crmventas.core.conversation.DeliveryStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A delivery status update of a message the business sent ({@code whatsapp.message.updated}).
 *
 * @param messageId YCloud's id of the outbound message, as returned when it was sent
 * @param status YCloud's status word as received ({@code sent}, {@code delivered}, ...)
 */
public record StatusUpdate(
    String messageId,
    Optional<String> wamid,
    String status,
    Optional<String> errorCode,
    Optional<String> errorMessage,
    Optional<Instant> updatedAt) {

  public StatusUpdate {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(wamid, "wamid");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(errorMessage, "errorMessage");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The CRM's delivery status for {@link #status}; empty for words the CRM does not track. */
  public Optional<DeliveryStatus> deliveryStatus() {
    return deliveryStatusOf(status);
  }

  /**
   * The CRM's delivery status for a YCloud message status word ({@code accepted}, {@code sent},
   * {@code delivered}, {@code read}, {@code failed}, in any case), as webhooks and send answers
   * carry it; empty for words the CRM does not track.
   */
  public static Optional<DeliveryStatus> deliveryStatusOf(String word) {
    Objects.requireNonNull(word, "word");
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "accepted" -> Optional.of(DeliveryStatus.ACCEPTED);
      case "sent" -> Optional.of(DeliveryStatus.SENT);
      case "delivered" -> Optional.of(DeliveryStatus.DELIVERED);
      case "read" -> Optional.of(DeliveryStatus.READ);
      case "failed" -> Optional.of(DeliveryStatus.FAILED);
      default -> Optional.empty();
    };
  }
}
