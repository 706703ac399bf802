package io.crmventas.core.channel;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.channel.RecordingOutboundChannel.Fault;
import java.util.List;

/** The in-memory channel passes the contract; subclasses put an adapter in front of it as its provider. */
class RecordingOutboundChannelTest extends OutboundChannelContract {
  private RecordingOutboundChannel recording;

  @Override
  protected OutboundChannel createChannel() {
    recording = new RecordingOutboundChannel(channelName(), IdGenerator.random());
    return recording;
  }

  /** The name of the recording channel (or of the network behind a subclass's adapter). */
  protected String channelName() {
    return "whatsapp";
  }

  @Override
  protected List<Delivered> delivered() {
    return recording.calls().stream()
        .map(c -> new Delivered(Kind.valueOf(c.kind().name()), c.target(), c.content()))
        .toList();
  }

  @Override
  protected int requestsReceived() {
    return recording.attempts();
  }

  @Override
  protected void providerRefusesCredentials() {
    recording.simulate(Fault.AUTH);
  }

  @Override
  protected void providerRefusesRecipient() {
    recording.simulate(Fault.INVALID_RECIPIENT);
  }

  @Override
  protected void providerRateLimits() {
    recording.simulate(Fault.RATE_LIMITED);
  }

  @Override
  protected void providerIsDown() {
    recording.simulate(Fault.UNAVAILABLE);
  }

  @Override
  protected void providerFailsOnce() {
    recording.simulate(Fault.BLIP);
  }
}
