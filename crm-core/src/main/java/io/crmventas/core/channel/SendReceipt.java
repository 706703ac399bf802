package io.crmventas.core.channel;

import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.internal.Check;
import java.util.Optional;

/**
 * What the channel said when it took a message.
 *
 * @param providerMessageId the provider's id; delivery status updates refer to it
 * @param externalId the network's own id, when the provider returned it already
 * @param status {@code ACCEPTED} (queued by the provider) or later
 */
public record SendReceipt(String providerMessageId, Optional<String> externalId, DeliveryStatus status) {
  public SendReceipt {
    providerMessageId = Check.text("providerMessageId", providerMessageId, 300);
    externalId = Check.optionalText("externalId", externalId, 300);
    Check.notNull("status", status);
  }
}
