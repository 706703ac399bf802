package io.crmventas.core.conversation;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
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
    return Check.matches("channel", channel, CHANNEL, "must be 1 to 30 lower-case letters, digits, _ or -");
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
   * a bot or seller message sent at or after the mark clears it. Both stores apply exactly
   * these rules.
   */
  public Conversation withMessage(Message m) {
    Instant at = m.sentAt();
    Optional<Instant> lead = lastLeadMessageAt;
    Optional<Instant> seller = lastSellerMessageAt;
    Optional<Instant> bot = lastBotMessageAt;
    Optional<Instant> awaiting = awaitingReplySince;
    switch (m.author()) {
      case LEAD -> {
        lead = Optional.of(latest(lead, at));
        awaiting = Optional.of(awaiting.map(a -> a.isBefore(at) ? a : at).orElse(at));
      }
      case SELLER -> {
        seller = Optional.of(latest(seller, at));
        awaiting = awaiting.filter(a -> at.isBefore(a));
      }
      case BOT -> {
        bot = Optional.of(latest(bot, at));
        awaiting = awaiting.filter(a -> at.isBefore(a));
      }
      case SYSTEM -> { }
    }
    return new Conversation(id, tenantId, leadId, channel, status, assignedSellerId, createdAt,
        Optional.of(latest(lastMessageAt, at)), lead, seller, bot, awaiting, messageCount + 1);
  }

  /**
   * This conversation with its answers counted again from {@code messages} (all of its
   * messages, with their current delivery status): what the store does when a bot or seller
   * message turns out to have {@link DeliveryStatus#FAILED failed}, since a message the lead never
   * got answers nothing. The last seller and bot times become those of the messages that did not
   * fail, and the lead waits since its first message after the last of them (none if there is
   * none). Both stores apply exactly these rules.
   */
  public Conversation withAnswersCountedFrom(Collection<Message> messages) {
    Optional<Instant> seller = latestAnswer(messages, Author.SELLER);
    Optional<Instant> bot = latestAnswer(messages, Author.BOT);
    Optional<Instant> answered = seller.isEmpty() ? bot : bot.filter(b -> b.isAfter(seller.get())).or(() -> seller);
    Optional<Instant> awaiting = messages.stream()
        .filter(m -> m.author() == Author.LEAD && answered.map(a -> m.sentAt().isAfter(a)).orElse(true))
        .map(Message::sentAt).min(Comparator.naturalOrder());
    return new Conversation(id, tenantId, leadId, channel, status, assignedSellerId, createdAt, lastMessageAt,
        lastLeadMessageAt, seller, bot, awaiting, messageCount);
  }

  /** When the latest message by {@code author} that did not fail was sent. */
  static Optional<Instant> latestAnswer(Collection<Message> messages, Author author) {
    return messages.stream().filter(m -> m.author() == author && m.deliveryStatus() != DeliveryStatus.FAILED)
        .map(Message::sentAt).max(Comparator.naturalOrder());
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
