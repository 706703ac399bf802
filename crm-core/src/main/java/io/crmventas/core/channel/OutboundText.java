package io.crmventas.core.channel;

import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.internal.Check;

/**
 * A text message to send.
 *
 * @param to the lead: by phone number when it has one, else by channel user id
 * @param previewUrl whether the first link in the body gets a preview, where the channel
 *     supports it
 */
public record OutboundText(ContactAddress to, String body, boolean previewUrl) {
  /** The longest body WhatsApp accepts. */
  public static final int MAX_BODY = 4096;

  public OutboundText {
    Check.notNull("to", to);
    body = Check.text("body", body, MAX_BODY);
  }

  /** A text without link preview. */
  public static OutboundText of(PhoneNumber to, String body) {
    return new OutboundText(ContactAddress.of(to), body, false);
  }
}
