package io.crmventas.core.channel;

/**
 * Sends messages to leads over one channel (a WhatsApp provider, Telegram, ...). The one port
 * a new channel adapter implements for the outbound side; its definition of done is passing
 * {@code OutboundChannelContract} from crm-core's test-jar.
 *
 * <p>Implementations are thread-safe. They retry transient failures themselves (within a
 * bounded budget) and then throw one of the channel exceptions, all {@link
 * io.crmventas.core.CrmException}s:
 * <ul>
 *   <li>{@link ChannelAuthException}: the channel refused our credentials (not retriable);</li>
 *   <li>{@link InvalidRecipientException}: the recipient cannot receive messages (not
 *       retriable);</li>
 *   <li>{@link ChannelRateLimitedException}: still rate limited after retrying (retriable
 *       later);</li>
 *   <li>{@link ChannelUnavailableException}: the channel is down or timed out (retriable);</li>
 *   <li>{@link ChannelRejectedException}: any other refusal of the request (not retriable).</li>
 * </ul>
 */
public interface OutboundChannel {

  /** The channel's name, as in {@link InboundMessage#channel()}. */
  String name();

  /** Sends a text message. */
  SendReceipt sendText(OutboundText message);

  /** Sends an image, document, audio or video by URL. */
  SendReceipt sendMedia(OutboundMedia message);

  /**
   * Sends a pre-approved template (needed to write first, or outside the reply window). Channels
   * whose network has no templates throw {@link ChannelRejectedException}.
   */
  SendReceipt sendTemplate(OutboundTemplate message);

  /**
   * Marks an inbound message as read (the sender sees the blue ticks). Channels whose network
   * has no read receipts do nothing.
   *
   * @param inboundMessageId the inbound message's {@link InboundMessage#providerMessageId()}
   */
  void markRead(String inboundMessageId);

  /**
   * Shows the lead that a reply is being typed, in answer to an inbound message. Channels
   * whose network has no typing indicator do nothing.
   *
   * @param inboundMessageId the inbound message's {@link InboundMessage#providerMessageId()}
   */
  void showTyping(String inboundMessageId);
}
