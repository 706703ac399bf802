package io.crmventas.core.conversation;

/** Who wrote a message. Bot replies are kept apart from the sellers' own work. */
public enum Author {
  /** The lead (always inbound). */
  LEAD,
  /** The sales assistant (always outbound). */
  BOT,
  /** A human seller, from the CRM or the WhatsApp Business app (always outbound). */
  SELLER,
  /** The CRM itself: notes, hand-off markers, templates sent by automation. */
  SYSTEM
}
