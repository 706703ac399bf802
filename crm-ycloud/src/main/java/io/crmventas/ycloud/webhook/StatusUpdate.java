package io.crmventas.ycloud.webhook;

import io.crmventas.core.channel.DeliveryFailure;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.ycloud.outbound.WhatsAppErrors;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A delivery status update of a message the business sent ({@code whatsapp.message.updated}).
 *
 * @param messageId YCloud's id of the outbound message, as returned when it was sent
 * @param status YCloud's status word as received ({@code sent}, {@code delivered}, ...)
 * @param errorCode for a failed message, YCloud's {@code errorCode}: a WhatsApp code such as
 *     {@code 131047} or a YCloud one such as {@code BALANCE_INSUFFICIENT}
 * @param whatsappErrorCode for a failed message, {@code whatsappApiError.code} when YCloud sends it
 */
public record StatusUpdate(
    String messageId,
    Optional<String> wamid,
    String status,
    Optional<String> errorCode,
    Optional<String> errorMessage,
    Optional<String> whatsappErrorCode,
    Optional<Instant> updatedAt) {

  public StatusUpdate {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(wamid, "wamid");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(errorMessage, "errorMessage");
    Objects.requireNonNull(whatsappErrorCode, "whatsappErrorCode");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * Why the message failed, for a {@code failed} update: the reason by WhatsApp's code
   * ({@code whatsappApiError.code}) or the error code YCloud gives ({@link WhatsAppErrors}), the
   * error code as received and the explanation with phone numbers masked; empty for other
   * updates.
   */
  public Optional<DeliveryFailure> failure() {
    if (deliveryStatus().filter(s -> s == DeliveryStatus.FAILED).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DeliveryFailure(WhatsAppErrors.reasonOf(whatsappErrorCode, errorCode),
        errorCode.or(() -> whatsappErrorCode), errorMessage.map(WhatsAppErrors::masked)));
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
