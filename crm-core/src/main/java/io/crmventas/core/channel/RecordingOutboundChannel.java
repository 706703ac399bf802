package io.crmventas.core.channel;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.conversation.DeliveryStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link OutboundChannel} that sends nothing and remembers everything: for tests, demos and
 * the embedded default. A {@link Fault} can be switched on to see how callers cope with the
 * channel's failures. Thread-safe.
 */
public final class RecordingOutboundChannel implements OutboundChannel {

  /**
   * What was asked of the channel.
   *
   * @param target for a send, the recipient's phone number, or their channel user id when they
   *     have no phone number ({@link io.crmventas.core.contact.ContactAddress#label}); for a read
   *     receipt or typing indicator, the inbound message's id
   */
  public record Call(Kind kind, String target, String content, Optional<String> providerMessageId) {
    public Call {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(providerMessageId, "providerMessageId");
    }
  }

  /** The kinds of call. */
  public enum Kind { TEXT, IMAGE, DOCUMENT, AUDIO, VIDEO, TEMPLATE, READ, TYPING }

  /** A failure to simulate on every following call until {@link #heal()}. */
  public enum Fault {
    AUTH, INVALID_RECIPIENT, RATE_LIMITED, UNAVAILABLE,
    /** One transient failure that the channel absorbs, as a real adapter does by retrying. */
    BLIP
  }

  private final String name;
  private final IdGenerator ids;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicReference<Fault> fault = new AtomicReference<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile boolean typingFails;
  private volatile boolean readFails;

  public RecordingOutboundChannel(String name, IdGenerator ids) {
    this.name = Objects.requireNonNull(name, "name");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** Every call that succeeded, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /**
   * How many tries reached the simulated provider, failed ones included: a call that met a
   * {@link Fault#BLIP} counts its failed try and the retry that sent it.
   */
  public int attempts() {
    return attempts.get();
  }

  /** Makes following calls fail with {@code f}. */
  public void simulate(Fault f) {
    fault.set(Objects.requireNonNull(f, "fault"));
  }

  /** Makes typing indicators fail (channel unavailable) while sends keep working, or stops it. */
  public void failTypingIndicators(boolean fail) {
    typingFails = fail;
  }

  /** Makes read receipts fail (channel unavailable) while sends keep working, or stops it. */
  public void failReadReceipts(boolean fail) {
    readFails = fail;
  }

  /** Stops simulating a failure. */
  public void heal() {
    fault.set(null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SendReceipt sendText(OutboundText m) {
    Objects.requireNonNull(m, "message");
    return send(Kind.TEXT, m.to().label(), m.body());
  }

  @Override
  public SendReceipt sendMedia(OutboundMedia m) {
    Objects.requireNonNull(m, "message");
    return send(Kind.valueOf(m.kind().name()), m.to().label(), m.url());
  }

  @Override
  public SendReceipt sendTemplate(OutboundTemplate m) {
    Objects.requireNonNull(m, "message");
    return send(Kind.TEMPLATE, m.to().label(), m.name());
  }

  @Override
  public void markRead(String inboundMessageId) {
    Objects.requireNonNull(inboundMessageId, "inboundMessageId");
    checkFault();
    if (readFails) {
      throw new ChannelUnavailableException(name + ": read receipt unavailable (simulated)", null);
    }
    calls.add(new Call(Kind.READ, inboundMessageId, "", Optional.empty()));
  }

  @Override
  public void showTyping(String inboundMessageId) {
    Objects.requireNonNull(inboundMessageId, "inboundMessageId");
    checkFault();
    if (typingFails) {
      throw new ChannelUnavailableException(name + ": typing indicator unavailable (simulated)", null);
    }
    calls.add(new Call(Kind.TYPING, inboundMessageId, "", Optional.empty()));
  }

  private SendReceipt send(Kind kind, String to, String content) {
    checkFault();
    String id = name + "-" + ids.next();
    calls.add(new Call(kind, to, content, Optional.of(id)));
    return new SendReceipt(id, Optional.empty(), DeliveryStatus.ACCEPTED);
  }

  private void checkFault() {
    attempts.incrementAndGet();
    Fault f = fault.get();
    if (f == null) {
      return;
    }
    switch (f) {
      case AUTH -> throw new ChannelAuthException(name + ": credentials refused (simulated)");
      case INVALID_RECIPIENT -> throw new InvalidRecipientException(name + ": recipient refused (simulated)");
      case RATE_LIMITED -> throw new ChannelRateLimitedException(name + ": rate limited (simulated)", Optional.empty());
      case UNAVAILABLE -> throw new ChannelUnavailableException(name + ": unavailable (simulated)", null);
      case BLIP -> {
        // The failed try was counted above; the retry that absorbs it is one more.
        fault.compareAndSet(Fault.BLIP, null);
        attempts.incrementAndGet();
      }
      default -> throw new IllegalStateException(f.toString());
    }
  }
}
