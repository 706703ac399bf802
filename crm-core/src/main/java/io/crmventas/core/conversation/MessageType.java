package io.crmventas.core.conversation;

/** The kind of content a message carries. */
public enum MessageType {
  TEXT,
  AUDIO,
  IMAGE,
  VIDEO,
  DOCUMENT,
  STICKER,
  LOCATION,
  CONTACTS,
  /** A reply to buttons or a list. */
  INTERACTIVE,
  REACTION,
  TEMPLATE,
  /** Something the channel sent that the CRM does not model; kept with a summary. */
  UNSUPPORTED;

  /** Whether the message must carry a media reference. */
  public boolean hasMedia() {
    return this == AUDIO || this == IMAGE || this == VIDEO || this == DOCUMENT || this == STICKER;
  }
}
