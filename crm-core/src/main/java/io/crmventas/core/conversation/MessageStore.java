package io.crmventas.core.conversation;

import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import java.util.List;
import java.util.Optional;

/**
 * Reading and updating one tenant's stored messages (messages are added with
 * {@link ConversationStore#append}). Thread-safe.
 */
public interface MessageStore {

  /** The message with this id, if any. */
  Optional<Message> find(MessageId id);

  /** The message with this provider id, if any. */
  Optional<Message> findByProviderId(String providerMessageId);

  /** A conversation's messages, oldest first (by sent time, then id). */
  Page<Message> list(ConversationId conversationId, PageRequest page);

  /** The last {@code limit} messages of a conversation, oldest first. */
  List<Message> latest(ConversationId conversationId, int limit);

  /**
   * The message {@code id} with up to {@code before} messages of its conversation stored just
   * before it and up to {@code after} stored just after it, in the order they were stored (created
   * time, then id): what arrived around a message, whatever the send times say (a redelivered
   * message can be stored long after it was sent). Empty if this tenant has no such message.
   *
   * @throws io.crmventas.core.InvalidInputException if {@code before} or {@code after} is negative
   *     or above {@link io.crmventas.core.store.PageRequest#MAX_LIMIT}
   */
  List<Message> storedAround(MessageId id, int before, int after);

  /**
   * Moves the message with this provider id to {@code status} if that is forward
   * ({@link DeliveryStatus#canAdvanceTo}); a late or repeated update changes nothing. A bot or
   * seller message that becomes {@link DeliveryStatus#FAILED} answers nothing: in the same
   * transaction its conversation's answers ({@link Conversation#withAnswersCountedFrom}) and its
   * lead's last outbound time ({@link io.crmventas.core.lead.Lead#withOutboundCountedFrom}) are
   * counted again without it, so the lead waits for a reply again.
   *
   * @return the message as stored afterwards; empty if no message has that provider id
   */
  Optional<Message> advanceDeliveryStatus(String providerMessageId, DeliveryStatus status);

  /**
   * Records the provider's id (after sending) and the status it reported; a {@code FAILED}
   * status counts the answers again as {@link #advanceDeliveryStatus} does.
   *
   * @throws io.crmventas.core.NotFoundException if there is no such message
   * @throws io.crmventas.core.ConflictException if another message has that provider id
   */
  Message markSent(MessageId id, String providerMessageId, DeliveryStatus status);

  /**
   * Stores the transcript of an audio message.
   *
   * @throws io.crmventas.core.NotFoundException if there is no such message
   */
  Message setTranscript(MessageId id, String transcript);

  /**
   * Stores the transcript of an audio message unless it already has one, atomically: for a
   * placeholder (a "transcription failed" marker) that must never replace a transcript another
   * worker stored meanwhile. The default reads, then writes; both built-in stores do it in one
   * step.
   *
   * @return the message as stored afterwards (with the transcript it already had, if any)
   * @throws io.crmventas.core.NotFoundException if there is no such message
   */
  default Message setTranscriptIfAbsent(MessageId id, String transcript) {
    Message m = find(id).orElseThrow(() -> new io.crmventas.core.NotFoundException("message", id));
    return m.transcript().isPresent() ? m : setTranscript(id, transcript);
  }
}
