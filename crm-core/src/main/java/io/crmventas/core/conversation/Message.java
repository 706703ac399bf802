package io.crmventas.core.conversation;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One message of a conversation.
 *
 * <p>The author decides the direction: a lead's messages are inbound; the assistant's and
 * sellers' are outbound; system messages may be either. Text needs a body; audio, images,
 * video, documents and stickers need a media reference (their caption, if any, is the body).
 *
 * @param authorUserId the seller who wrote it, when known (only for {@link Author#SELLER})
 * @param transcript the text of an audio message, once transcribed
 * @param providerMessageId the channel's id for it (WhatsApp's wamid or YCloud's id), unique
 *     per tenant: storing the same provider message twice is detected
 * @param metadata small structured extras (coordinates of a location, the message a reaction
 *     points at)
 * @param sentAt when it was sent, by the channel's clock when the channel says
 * @param createdAt when the CRM stored it
 */
public record Message(
    MessageId id,
    TenantId tenantId,
    ConversationId conversationId,
    LeadId leadId,
    Direction direction,
    Author author,
    Optional<UserId> authorUserId,
    MessageType type,
    Optional<String> body,
    Optional<MediaRef> media,
    Optional<String> transcript,
    Optional<String> providerMessageId,
    DeliveryStatus deliveryStatus,
    Map<String, String> metadata,
    Instant sentAt,
    Instant createdAt) {

  /** Longest body or transcript kept, in characters. */
  public static final int MAX_TEXT = 65_536;
  /**
   * The order messages were stored in ({@link MessageStore#storedAround}): created time, then id,
   * ids compared as PostgreSQL compares uuids.
   */
  public static final Comparator<Message> STORED_ORDER =
      Comparator.comparing(Message::createdAt).thenComparing(Message::id);

  public Message {
    Check.notNull("id", id);
    Check.notNull("tenantId", tenantId);
    Check.notNull("conversationId", conversationId);
    Check.notNull("leadId", leadId);
    Check.notNull("direction", direction);
    Check.notNull("author", author);
    Check.optional("authorUserId", authorUserId);
    Check.notNull("type", type);
    body = Check.optionalText("body", body, MAX_TEXT);
    Check.optional("media", media);
    transcript = Check.optionalText("transcript", transcript, MAX_TEXT);
    providerMessageId = Check.optionalText("providerMessageId", providerMessageId, 300);
    Check.notNull("deliveryStatus", deliveryStatus);
    metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(Check.map("metadata", metadata)));
    sentAt = Check.instant("sentAt", sentAt);
    createdAt = Check.instant("createdAt", createdAt);

    if (author == Author.LEAD && direction != Direction.INBOUND) {
      throw new InvalidInputException("direction", direction, "must be INBOUND for a lead's message");
    }
    if ((author == Author.BOT || author == Author.SELLER) && direction != Direction.OUTBOUND) {
      throw new InvalidInputException("direction", direction, "must be OUTBOUND for a message by " + author);
    }
    if (authorUserId.isPresent() && author != Author.SELLER) {
      throw new InvalidInputException("authorUserId", authorUserId.get(), "is only for messages by a SELLER");
    }
    if (type == MessageType.TEXT && body.isEmpty()) {
      throw new InvalidInputException("body", null, "is required for a TEXT message");
    }
    if (type.hasMedia() && media.isEmpty()) {
      throw new InvalidInputException("media", null, "is required for a " + type + " message");
    }
    if (direction == Direction.INBOUND && deliveryStatus != DeliveryStatus.RECEIVED) {
      throw new InvalidInputException("deliveryStatus", deliveryStatus, "must be RECEIVED for an inbound message");
    }
    if (direction == Direction.OUTBOUND && deliveryStatus == DeliveryStatus.RECEIVED) {
      throw new InvalidInputException("deliveryStatus", deliveryStatus, "is only for inbound messages");
    }
  }

  /** A text message from the lead. */
  public static Message inboundText(
      MessageId id, TenantId tenantId, ConversationId conversationId, LeadId leadId, String body,
      String providerMessageId, Instant sentAt, Instant createdAt) {
    return new Message(id, tenantId, conversationId, leadId, Direction.INBOUND, Author.LEAD, Optional.empty(),
        MessageType.TEXT, Optional.of(body), Optional.empty(), Optional.empty(),
        Optional.ofNullable(providerMessageId), DeliveryStatus.RECEIVED, Map.of(), sentAt, createdAt);
  }

  /** A text message to the lead, by the assistant or a seller, not yet sent. */
  public static Message outboundText(
      MessageId id, TenantId tenantId, ConversationId conversationId, LeadId leadId, Author author,
      Optional<UserId> seller, String body, Instant at) {
    return new Message(id, tenantId, conversationId, leadId, Direction.OUTBOUND, author, seller,
        MessageType.TEXT, Optional.of(body), Optional.empty(), Optional.empty(), Optional.empty(),
        DeliveryStatus.PENDING, Map.of(), at, at);
  }

  /**
   * Whether this is a bot's or seller's message that failed to reach the lead: it answers
   * nothing ({@link Conversation#withAnswersCountedFrom}).
   */
  public boolean isFailedAnswer() {
    return (author == Author.BOT || author == Author.SELLER) && deliveryStatus == DeliveryStatus.FAILED;
  }

  /** The text to read: the transcript of an audio message, otherwise the body. */
  public Optional<String> text() {
    return transcript.isPresent() ? transcript : body;
  }

  public Message withTranscript(String text) {
    return new Message(id, tenantId, conversationId, leadId, direction, author, authorUserId, type, body, media,
        Optional.of(text), providerMessageId, deliveryStatus, metadata, sentAt, createdAt);
  }

  public Message withProviderMessageId(String providerId) {
    return new Message(id, tenantId, conversationId, leadId, direction, author, authorUserId, type, body, media,
        transcript, Optional.of(providerId), deliveryStatus, metadata, sentAt, createdAt);
  }

  public Message withDeliveryStatus(DeliveryStatus status) {
    return new Message(id, tenantId, conversationId, leadId, direction, author, authorUserId, type, body, media,
        transcript, providerMessageId, status, metadata, sentAt, createdAt);
  }
}
