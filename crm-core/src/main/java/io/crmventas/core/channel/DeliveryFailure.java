package io.crmventas.core.channel;

import io.crmventas.core.internal.Check;
import java.util.Optional;

/**
 * Why a channel could not deliver a message, as its status update said.
 *
 * @param reason what the failure means for the next message ({@link Reason})
 * @param code the provider's error code as received (WhatsApp's {@code 131047}, YCloud's
 *     {@code BALANCE_INSUFFICIENT}), when it gave one
 * @param detail the provider's explanation, with phone numbers masked, when it gave one
 */
public record DeliveryFailure(Reason reason, Optional<String> code, Optional<String> detail) {
  /** The longest code and detail kept, in characters. */
  public static final int MAX_CODE = 100;
  public static final int MAX_DETAIL = 1000;

  /** What a failure means for what to send next. */
  public enum Reason {
    /** The lead has not written for 24 hours: only a template reaches them now. */
    WINDOW_CLOSED,
    /** The recipient cannot get messages (not on WhatsApp, blocked the business, opted out). */
    INVALID_RECIPIENT,
    /** Too many messages, to this lead or from the number: wait before sending again. */
    RATE_LIMITED,
    /** The business's account cannot send (balance, payment, eligibility). */
    ACCOUNT,
    /** Anything else, or no reason given. */
    OTHER
  }

  public DeliveryFailure {
    Check.notNull("reason", reason);
    code = Check.optional("code", code).map(c -> Check.clip(c, MAX_CODE)).filter(c -> !c.isEmpty());
    detail = Check.optional("detail", detail).map(d -> Check.clip(d, MAX_DETAIL)).filter(d -> !d.isEmpty());
  }
}
