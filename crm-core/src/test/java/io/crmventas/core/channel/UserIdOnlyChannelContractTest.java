package io.crmventas.core.channel;

import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;

/**
 * The contract for a channel on a network that is not WhatsApp's (Telegram, say): people are
 * reached by their user id only, and there are no templates, read receipts or typing indicators.
 * The adapter here is a small one over a {@link RecordingOutboundChannel} standing in for the
 * network's API (the faults and what it received come from {@link RecordingOutboundChannelTest});
 * what the contract checks is what such an adapter must do.
 */
class UserIdOnlyChannelContractTest extends RecordingOutboundChannelTest {

  /** A channel that sends to user ids only, as a Telegram adapter would. */
  private static final class UserIdOnlyChannel implements OutboundChannel {
    private final RecordingOutboundChannel network;

    UserIdOnlyChannel(RecordingOutboundChannel network) {
      this.network = network;
    }

    @Override
    public String name() {
      return "telegram";
    }

    @Override
    public SendReceipt sendText(OutboundText m) {
      return network.sendText(new OutboundText(reachable(m.to()), m.body(), m.previewUrl()));
    }

    @Override
    public SendReceipt sendMedia(OutboundMedia m) {
      return network.sendMedia(new OutboundMedia(reachable(m.to()), m.kind(), m.url(), m.caption(), m.filename()));
    }

    @Override
    public SendReceipt sendTemplate(OutboundTemplate m) {
      throw new ChannelRejectedException("telegram has no message templates; send a text instead");
    }

    @Override
    public void markRead(String inboundMessageId) {
      // The network has no read receipts for bots.
    }

    @Override
    public void showTyping(String inboundMessageId) {
      // Nor a typing indicator in answer to a message.
    }

    private static ContactAddress reachable(ContactAddress to) {
      ChannelUserId id = to.userId().orElseThrow(() -> new InvalidRecipientException(
          "telegram reaches people by user id, and this lead has none (only a phone number)"));
      return ContactAddress.of(id);
    }
  }

  @Override
  protected OutboundChannel createChannel() {
    return new UserIdOnlyChannel((RecordingOutboundChannel) super.createChannel());
  }

  @Override
  protected boolean reachesPhoneNumbers() {
    return false;
  }

  @Override
  protected boolean sendsTemplates() {
    return false;
  }

  @Override
  protected boolean sendsReceipts() {
    return false;
  }

  @Override
  protected ChannelUserId userId() {
    return new ChannelUserId("tg:734512998");
  }
}
