package io.crmventas.core.conversation;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The thread of messages with one lead on one channel. There is at most one per lead and
 * channel; the store keeps the "last ..." fields current as messages are appended.
 *
 * @param channel the channel's id, for example {@code whatsapp}
 * @param assignedSellerId the seller who owns the conversation (follows the lead's seller)
 * @param awaitingReplySince the time of the first lead message not yet answered by anyone
 *     (seller or assistant); empty when nothing waits
 * @param messageCount messages stored in the conversation
 */
public record Conversation(
    ConversationId id,
    TenantId tenantId,
    LeadId leadId,
    String channel,
    ConversationStatus status,
    Optional<UserId> assignedSellerId,
    Instant createdAt,
    Optional<Instant> lastMessageAt,
    Optional<Instant> lastLeadMessageAt,
    Optional<Instant> lastSellerMessageAt,
    Optional<Instant> lastBotMessageAt,
    Optional<Instant> awaitingReplySince,
    long messageCount) {

  private static final Pattern CHANNEL = Pattern.compile("^[a-z][a-z0-9_-]{0,29}$");

  /**
   * Checks a channel id ({@code whatsapp}, {@code telegram}...): 1 to 30 lower-case letters,
   * digits, {@code _} or {@code -}, starting with a letter.
   *
   * @throws io.crmventas.core.InvalidInputException naming {@code channel} otherwise
   */
  public static String checkChannel(String channel) {
    return Check.matches("channel", channel, CHANNEL,
        "must be 1 to 30 lower-case letters, digits, _ or -, starting with a letter");
  }

  /** The WhatsApp channel's id. */
  public static final String WHATSAPP = "whatsapp";

  public Conversation {
    Check.notNull("id", id);
    Check.notNull("tenantId", tenantId);
    Check.notNull("leadId", leadId);
    checkChannel(channel);
    Check.notNull("status", status);
    Check.optional("assignedSellerId", assignedSellerId);
    createdAt = Check.instant("createdAt", createdAt);
    lastMessageAt = Check.optionalInstant("lastMessageAt", lastMessageAt);
    lastLeadMessageAt = Check.optionalInstant("lastLeadMessageAt", lastLeadMessageAt);
    lastSellerMessageAt = Check.optionalInstant("lastSellerMessageAt", lastSellerMessageAt);
    lastBotMessageAt = Check.optionalInstant("lastBotMessageAt", lastBotMessageAt);
    awaitingReplySince = Check.optionalInstant("awaitingReplySince", awaitingReplySince);
    if (messageCount < 0) {
      throw new InvalidInputException("messageCount", messageCount, "must not be negative");
    }
  }

  /** A new open conversation with no messages. */
  public static Conversation open(
      ConversationId id, TenantId tenantId, LeadId leadId, String channel, Optional<UserId> seller, Instant now) {
    return new Conversation(id, tenantId, leadId, channel, ConversationStatus.OPEN, seller, now,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0);
  }

  /**
   * This conversation after {@code m} is appended: the message count grows, the last-message
   * times move forward, a lead message starts the waiting-for-reply mark if none is set, and
   * a bot or seller message sent at or after the mark clears it. A bot or seller message that
   * has {@link DeliveryStatus#FAILED failed} answers nothing: it moves only the last-message time.
   * Both stores apply exactly these rules.
   */
  public Conversation withMessage(Message m) {
    Instant at = m.sentAt();
    Optional<Instant> lead = m.author() == Author.LEAD ? Optional.of(latest(lastLeadMessageAt, at)) : lastLeadMessageAt;
    Answers a = new Answers(lastSellerMessageAt, lastBotMessageAt, awaitingReplySince).after(m);
    return new Conversation(id, tenantId, leadId, channel, status, assignedSellerId, createdAt,
        Optional.of(latest(lastMessageAt, at)), lead, a.seller, a.bot, a.awaiting, messageCount + 1);
  }

  /**
   * This conversation with its answers counted again from {@code messages} (all of its
   * messages, with their current delivery status): what the store does when a bot or seller
   * message turns out to have {@link DeliveryStatus#FAILED failed}. The rules of
   * {@link #withMessage} are applied again to the messages in the order they were stored
   * ({@link Message#STORED_ORDER}), so the last seller and bot times and the waiting-for-reply
   * mark are what they would be had the failed message never been sent. The other fields stay.
   * Both stores apply exactly these rules.
   *
   * <p>Stored order is {@link Message#createdAt}, stamped by the application just before the
   * append. Where two appends to one conversation were stamped in one order and stored in the
   * other (nodes whose clocks disagree, a pause between stamping and storing) and a lead message
   * among them was sent before an answer, the replay can set or clear the waiting mark where the
   * appends did not.
   */
  public Conversation withAnswersCountedFrom(Collection<Message> messages) {
    Answers a = new Answers(Optional.empty(), Optional.empty(), Optional.empty());
    for (Message m : messages.stream().sorted(Message.STORED_ORDER).toList()) {
      a = a.after(m);
    }
    return new Conversation(id, tenantId, leadId, channel, status, assignedSellerId, createdAt, lastMessageAt,
        lastLeadMessageAt, a.seller, a.bot, a.awaiting, messageCount);
  }

  /** The fields that answers move: the last seller and bot times, and the waiting-for-reply mark. */
  private record Answers(Optional<Instant> seller, Optional<Instant> bot, Optional<Instant> awaiting) {
    Answers after(Message m) {
      Instant at = m.sentAt();
      if (m.isFailedAnswer()) {
        return this;
      }
      return switch (m.author()) {
        case LEAD -> new Answers(seller, bot, Optional.of(awaiting.map(a -> a.isBefore(at) ? a : at).orElse(at)));
        case SELLER -> new Answers(Optional.of(latest(seller, at)), bot, awaiting.filter(a -> at.isBefore(a)));
        case BOT -> new Answers(seller, Optional.of(latest(bot, at)), awaiting.filter(a -> at.isBefore(a)));
        case SYSTEM -> this;
      };
    }
  }

  private static Instant latest(Optional<Instant> current, Instant at) {
    return current.filter(c -> c.isAfter(at)).orElse(at);
  }

  /** When the conversation last saw activity: its last message, or its creation. */
  public Instant activityAt() {
    return lastMessageAt.orElse(createdAt);
  }

  public Conversation withSeller(Optional<UserId> seller) {
    return new Conversation(id, tenantId, leadId, channel, status, seller, createdAt, lastMessageAt,
        lastLeadMessageAt, lastSellerMessageAt, lastBotMessageAt, awaitingReplySince, messageCount);
  }

  public Conversation withStatus(ConversationStatus newStatus) {
    return new Conversation(id, tenantId, leadId, channel, newStatus, assignedSellerId, createdAt, lastMessageAt,
        lastLeadMessageAt, lastSellerMessageAt, lastBotMessageAt, awaitingReplySince, messageCount);
  }
}
