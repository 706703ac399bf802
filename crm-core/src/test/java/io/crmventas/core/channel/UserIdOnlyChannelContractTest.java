package io.crmventas.core.channel;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.channel.RecordingOutboundChannel.Fault;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import java.util.List;

/**
 * The contract for a channel on a network that is not WhatsApp's (Telegram, say): people are
 * reached by their user id only, and there are no templates, read receipts or typing indicators.
 * The adapter here is a small one over a {@link RecordingOutboundChannel} standing in for the
 * network's API; what the contract checks is what such an adapter must do.
 */
class UserIdOnlyChannelContractTest extends OutboundChannelContract {
  private RecordingOutboundChannel network;

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
    network = new RecordingOutboundChannel("telegram", IdGenerator.random());
    return new UserIdOnlyChannel(network);
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

  @Override
  protected List<Delivered> delivered() {
    return network.calls().stream().map(c -> new Delivered(Kind.valueOf(c.kind().name()), c.target(), c.content()))
        .toList();
  }

  @Override
  protected int requestsReceived() {
    return network.attempts();
  }

  @Override
  protected void providerRefusesCredentials() {
    network.simulate(Fault.AUTH);
  }

  @Override
  protected void providerRefusesRecipient() {
    network.simulate(Fault.INVALID_RECIPIENT);
  }

  @Override
  protected void providerRateLimits() {
    network.simulate(Fault.RATE_LIMITED);
  }

  @Override
  protected void providerIsDown() {
    network.simulate(Fault.UNAVAILABLE);
  }

  @Override
  protected void providerFailsOnce() {
    network.simulate(Fault.BLIP);
  }
}
