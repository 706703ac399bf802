package io.crmventas.core.channel;

import io.crmventas.core.CrmException;
import io.crmventas.core.IdGenerator;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reply as a person would: the message answered is marked read, then the reply goes out
 * split into bubbles ({@link ReplySplitter}), each preceded by a typing indicator and a pause,
 * with link previews. Each bubble is stored in the conversation once the channel took it, with
 * the provider's id and status, so delivery status updates find it (one that overtakes the store
 * is applied on a later attempt). A failing read receipt or typing indicator is logged and
 * ignored. A failing send stops the reply and is thrown as it is: the bubbles before it are
 * stored, the failed one is not, so the conversation still shows the lead waiting for an answer
 * ({@link #deliver} reports instead which bubbles went out and which are left).
 * A bubble sent but not stored (the store failed just after) is a non-retriable
 * {@link CrmException} saying so: sending the reply again would repeat it.
 *
 * <p>A reply goes out on the conversation's channel ({@link Conversation#channel()}): the sender
 * asks its {@link Channels} for the lead's tenant and that channel, and refuses, before sending
 * anything, a conversation that is not the lead's or whose channel the outbound channel it got
 * does not serve ({@link InvalidInputException} naming the conversation), and an author other
 * than BOT or SELLER or a seller who is not an active member of the lead's tenant (naming the
 * field).
 * Thread-safe.
 */
public final class ReplySender {
  private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);

  /** Waits between bubbles. Tests pass one that does not wait. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  /** The outbound channel of a tenant for a channel name, such as {@code whatsapp}. */
  @FunctionalInterface
  public interface Channels {
    /**
     * The channel to reply through; may throw (for example {@code NotFoundException}) when the
     * tenant has none by that name, which the send throws as it is.
     */
    OutboundChannel channel(TenantId tenant, String channelName);
  }

  private final CrmStore store;
  private final Channels channels;
  private final ReplySplitter splitter;
  private final Duration delay;
  private final Pause pause;
  private final Clock clock;
  private final IdGenerator ids;

  /**
   * A sender for one business account: every tenant's replies go out through {@code channel}
   * (an application with one tenant, or tenants that share one WhatsApp number).
   *
   * @param delay the pause after each typing indicator (the original system used 4 s)
   */
  public ReplySender(CrmStore store, OutboundChannel channel, ReplySplitter splitter, Duration delay, Pause pause,
      Clock clock, IdGenerator ids) {
    this(store, tenant -> channel, splitter, delay, pause, clock, ids);
    Objects.requireNonNull(channel, "channel");
  }

  /**
   * A sender for many tenants, each with its own business account on one channel: a reply to a
   * lead goes out through {@code channels.apply(lead's tenant)}, never another tenant's number.
   *
   * @param channels the tenant's channel; may throw (for example {@code NotFoundException}) for a
   *     tenant that has none, which the send throws as it is
   * @param delay the pause after each typing indicator (the original system used 4 s)
   */
  public ReplySender(CrmStore store, Function<TenantId, OutboundChannel> channels, ReplySplitter splitter,
      Duration delay, Pause pause, Clock clock, IdGenerator ids) {
    this(store, perTenant(channels), splitter, delay, pause, clock, ids);
  }

  /**
   * A sender for tenants on several channels (WhatsApp and Telegram, say): a reply goes out
   * through {@code channels.channel(lead's tenant, conversation's channel)}.
   *
   * @param channels the tenant's outbound channel for a channel name
   * @param delay the pause after each typing indicator (the original system used 4 s)
   */
  public ReplySender(CrmStore store, Channels channels, ReplySplitter splitter, Duration delay, Pause pause,
      Clock clock, IdGenerator ids) {
    this.store = Objects.requireNonNull(store, "store");
    this.channels = Objects.requireNonNull(channels, "channels");
    this.splitter = Objects.requireNonNull(splitter, "splitter");
    this.delay = Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new InvalidInputException("delay", delay, "must not be negative");
    }
    this.pause = Objects.requireNonNull(pause, "pause");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  private static Channels perTenant(Function<TenantId, OutboundChannel> channels) {
    Objects.requireNonNull(channels, "channels");
    return (tenant, channelName) -> channels.apply(tenant);
  }

  /**
   * Sends {@code reply} to {@code lead} in {@code conversation}; a failing send is thrown as the
   * channel threw it (see {@link #deliver} to learn which bubbles went out before it).
   *
   * @param inReplyTo the inbound message answered ({@link InboundMessage#providerMessageId()}),
   *     marked read and shown the typing indicator; empty (or blank) to send without either
   * @param author {@code BOT} or {@code SELLER}
   * @return the stored bubbles, each with its provider id
   */
  public List<Message> send(Lead lead, Conversation conversation, String reply, Optional<String> inReplyTo,
      Author author, Optional<UserId> seller) {
    ReplyDelivery delivery = deliver(lead, conversation, reply, inReplyTo, author, seller);
    if (delivery.failure().isPresent()) {
      throw delivery.failure().get();
    }
    return delivery.sent();
  }

  /**
   * Sends {@code reply} as {@link #send} does, but a send the channel fails (or an interruption
   * between bubbles) is not thrown: the result says which bubbles were sent and stored, which were
   * not, and why. Once the failure is over, send {@link ReplyDelivery#rest()} to finish the reply
   * without repeating a bubble. What {@link #send} refuses before sending anything, and a bubble
   * sent but not stored, are thrown as there.
   */
  public ReplyDelivery deliver(Lead lead, Conversation conversation, String reply, Optional<String> inReplyTo,
      Author author, Optional<UserId> seller) {
    Objects.requireNonNull(lead, "lead");
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(inReplyTo, "inReplyTo");
    if (author != Author.BOT && author != Author.SELLER) {
      throw new InvalidInputException("author", author, "must be BOT or SELLER for a reply");
    }
    if (seller == null) {
      throw new InvalidInputException("seller", null, "is required (empty for the bot or a seller not named)");
    }
    if (seller.isPresent() && author != Author.SELLER) {
      throw new InvalidInputException("seller", seller.get(), "is only for replies by a SELLER");
    }
    if (seller.isPresent()
        && store.tenant(lead.tenantId()).members().find(seller.get()).filter(io.crmventas.core.tenant.Membership::active).isEmpty()) {
      throw new InvalidInputException("seller", seller.get(), "is not an active member of tenant " + lead.tenantId());
    }
    if (!conversation.tenantId().equals(lead.tenantId()) || !conversation.leadId().equals(lead.id())) {
      throw new InvalidInputException("conversation", conversation.id().toString(), "is not a conversation of lead "
          + lead.id());
    }
    OutboundChannel channel = Objects.requireNonNull(channels.channel(lead.tenantId(), conversation.channel()),
        "channel of the lead's tenant");
    if (!conversation.channel().equals(channel.name())) {
      throw new InvalidInputException("conversation", conversation.id().toString(), "is on channel '"
          + conversation.channel() + "', but the outbound channel for it sends on '" + channel.name() + "'");
    }
    if (reply == null) {
      throw new InvalidInputException("reply", null, "is required");
    }
    // U+0000 no store keeps: dropped before the first bubble goes, not found at the fifth.
    List<String> bubbles = splitter.split(io.crmventas.core.internal.Check.withoutNul(reply));
    if (bubbles.isEmpty()) {
      // Checked before the read receipt: blue ticks with no answer would be worse than none.
      throw new InvalidInputException("reply", reply, "must not be blank");
    }
    List<Message> sent = new ArrayList<>();
    Optional<String> answered = inReplyTo.filter(id -> !id.isBlank());
    answered.ifPresent(id -> markRead(channel, lead.tenantId(), id));
    for (int i = 0; i < bubbles.size(); i++) {
      String bubble = bubbles.get(i);
      answered.ifPresent(id -> typing(channel, lead.tenantId(), id));
      SendReceipt receipt;
      try {
        if (!delay.isZero()) {
          pause.pause(delay);
        }
        receipt = channel.sendText(new OutboundText(lead.contact(), bubble, true));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return stopped(sent, bubbles, i, new ChannelUnavailableException("interrupted between bubbles", e));
      } catch (RuntimeException e) {
        return stopped(sent, bubbles, i, e);
      }
      // Timed once sent, as it is stored: a reply counts where it lands among the lead's messages.
      Instant at = clock.instant();
      Message message = Message.outboundText(MessageId.of(ids.next()), lead.tenantId(), conversation.id(), lead.id(),
          author, seller, bubble, at).withProviderMessageId(receipt.providerMessageId())
          .withDeliveryStatus(receipt.status());
      try {
        sent.add(store.tenant(lead.tenantId()).conversations().append(message).value());
      } catch (RuntimeException e) {
        throw new CrmException("bubble " + (sent.size() + 1) + " of the reply to lead " + lead.id()
            + " was sent (provider id " + receipt.providerMessageId() + ") but could not be stored; do not send the"
            + " reply again: " + e.getMessage(), e);
      }
    }
    return new ReplyDelivery(sent, List.of(), Optional.empty());
  }

  private static ReplyDelivery stopped(List<Message> sent, List<String> bubbles, int failed, RuntimeException e) {
    return new ReplyDelivery(sent, bubbles.subList(failed, bubbles.size()), Optional.of(e));
  }

  private static void markRead(OutboundChannel channel, TenantId tenant, String inboundId) {
    try {
      channel.markRead(inboundId);
    } catch (RuntimeException e) {
      LOG.info("tenant={} read receipt for {} failed (ignored): {}", tenant, inboundId, e.toString());
    }
  }

  private static void typing(OutboundChannel channel, TenantId tenant, String inboundId) {
    try {
      channel.showTyping(inboundId);
    } catch (RuntimeException e) {
      LOG.info("tenant={} typing indicator for {} failed (ignored): {}", tenant, inboundId, e.toString());
    }
  }
}
