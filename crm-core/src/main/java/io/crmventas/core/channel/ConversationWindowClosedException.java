package io.crmventas.core.channel;

/**
 * The channel takes only template messages for this recipient now: on WhatsApp, more than 24
 * hours have passed since the lead last wrote, so free text cannot reach them until they write
 * again. Send an approved template ({@link OutboundChannel#sendTemplate}) instead. Not retriable.
 */
public class ConversationWindowClosedException extends ChannelRejectedException {
  private static final long serialVersionUID = 1L;

  public ConversationWindowClosedException(String message) {
    super(message);
  }
}
