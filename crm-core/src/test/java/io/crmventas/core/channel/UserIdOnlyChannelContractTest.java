package io.crmventas.core.channel;

import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;

/**
 * The contract for a channel on a network that is not WhatsApp's (Telegram, say): people are
 * reached by their user id only (stored with the channel's prefix, {@code tg:}, and sent without
 * it), there are no templates or read receipts, and there is a typing indicator.
 * The adapter here is a small one over a {@link RecordingOutboundChannel} standing in for the
 * network's API (the faults and what it received come from {@link RecordingOutboundChannelTest});
 * what the contract checks is what such an adapter must do.
 */
class UserIdOnlyChannelContractTest extends RecordingOutboundChannelTest {

  /** A channel that sends to user ids only, without their prefix, as a Telegram adapter would. */
  private static final class UserIdOnlyChannel implements OutboundChannel {
    private static final String PREFIX = "tg:";
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
      network.showTyping(inboundMessageId);
    }

    private static ContactAddress reachable(ContactAddress to) {
      ChannelUserId id = to.userId().filter(u -> u.value().startsWith(PREFIX))
          .orElseThrow(() -> new InvalidRecipientException("telegram reaches people by their telegram user id, and this"
              + " lead has none"));
      return ContactAddress.of(new ChannelUserId(id.value().substring(PREFIX.length())));
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
  protected boolean sendsReadReceipts() {
    return false;
  }

  @Override
  protected ChannelUserId userId() {
    return new ChannelUserId("tg:734512998");
  }

  @Override
  protected String target(ChannelUserId id) {
    return id.value().substring("tg:".length());
  }

  @Override
  protected String channelName() {
    return "telegram";
  }
}
