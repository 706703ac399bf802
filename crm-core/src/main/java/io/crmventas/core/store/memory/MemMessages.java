package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.conversation.MessageStore;
import io.crmventas.core.internal.Check;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

final class MemMessages extends MemScoped implements MessageStore {
  static final Order<Message, TimeId> ORDER = Order.timeIdAsc(m -> new TimeId(m.sentAt(), m.id().value()));

  MemMessages(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public Optional<Message> find(MessageId id) {
    Objects.requireNonNull(id, "id");
    return readOptional(d -> Optional.ofNullable(d.messages.get(id)));
  }

  @Override
  public Optional<Message> findByProviderId(String providerMessageId) {
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    return readOptional(d -> Optional.ofNullable(d.messagesByProvider.get(providerMessageId)).map(d.messages::get));
  }

  private static List<Message> ofConversation(TenantData d, ConversationId id) {
    return d.messagesByConversation.getOrDefault(id, Set.of()).stream().map(d.messages::get).toList();
  }

  @Override
  public Page<Message> list(ConversationId conversationId, PageRequest page) {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(page, "page");
    return page(ORDER, d -> ofConversation(d, conversationId), m -> true, page);
  }

  @Override
  public List<Message> latest(ConversationId conversationId, int limit) {
    Objects.requireNonNull(conversationId, "conversationId");
    Check.range("limit", limit, 1, PageRequest.MAX_LIMIT);
    return read(d -> {
      List<Message> all = ORDER.sorted(ofConversation(d, conversationId));
      return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }, List::of);
  }

  @Override
  public List<Message> storedAround(MessageId id, int before, int after) {
    Objects.requireNonNull(id, "id");
    Check.range("before", before, 0, PageRequest.MAX_LIMIT);
    Check.range("after", after, 0, PageRequest.MAX_LIMIT);
    return read(d -> {
      Message anchor = d.messages.get(id);
      if (anchor == null) {
        return List.<Message>of();
      }
      List<Message> all = ofConversation(d, anchor.conversationId()).stream().sorted(Message.STORED_ORDER).toList();
      int at = all.indexOf(anchor);
      return List.copyOf(all.subList(Math.max(0, at - before), Math.min(all.size(), at + after + 1)));
    }, List::of);
  }

  @Override
  public Optional<Message> advanceDeliveryStatus(String providerMessageId, DeliveryStatus status) {
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(status, "status");
    return write(d -> {
      MessageId id = d.messagesByProvider.get(providerMessageId);
      if (id == null) {
        return Optional.empty();
      }
      Message m = d.messages.get(id);
      if (m.deliveryStatus().canAdvanceTo(status)) {
        boolean wasFailed = m.isFailedAnswer();
        m = m.withDeliveryStatus(status);
        db.put(d.messages, id, m);
        if (wasFailed || m.isFailedAnswer()) {
          recount(d, m);   // it stopped answering, or (delivered after all) answers again
        }
      }
      return Optional.of(m);
    });
  }

  @Override
  public Message markSent(MessageId id, String providerMessageId, DeliveryStatus status) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    // Checked first, as the PostgreSQL store does: a bad value is named even for an unknown id.
    String provider = io.crmventas.core.internal.Check.text("providerMessageId", providerMessageId, 300);
    return write(d -> {
      Message m = d.messages.get(id);
      if (m == null) {
        throw new NotFoundException("message", id);
      }
      Message sent = m.withProviderMessageId(provider);
      MessageId owner = d.messagesByProvider.get(sent.providerMessageId().orElseThrow());
      if (owner != null && !owner.equals(id)) {
        throw new ConflictException("message.provider_id.unique",
            "provider message id " + providerMessageId + " belongs to another message");
      }
      if (m.deliveryStatus().canAdvanceTo(status)) {
        sent = sent.withDeliveryStatus(status);
      }
      m.providerMessageId().ifPresent(p -> db.remove(d.messagesByProvider, p));
      db.put(d.messagesByProvider, sent.providerMessageId().orElseThrow(), id);
      db.put(d.messages, id, sent);
      if (sent.deliveryStatus() != m.deliveryStatus()) {
        recountIfFailed(d, sent);
      }
      return sent;
    });
  }

  /**
   * A bot or seller message that failed answers nothing: its conversation's answers and its
   * lead's last outbound time are counted again without it.
   */
  private void recountIfFailed(TenantData d, Message m) {
    if (m.isFailedAnswer()) {
      recount(d, m);
    }
  }

  /** The conversation's answers and the lead's last outbound time counted again from their messages. */
  private void recount(TenantData d, Message m) {
    Conversation c = d.conversations.get(m.conversationId());
    Conversation recounted = c.withAnswersCountedFrom(ofConversation(d, c.id()));
    if (!recounted.equals(c)) {
      db.put(d.conversations, c.id(), recounted);
    }
    Lead lead = d.leads.get(m.leadId());
    List<Message> leadMessages = d.conversations.values().stream().filter(x -> x.leadId().equals(lead.id()))
        .flatMap(x -> ofConversation(d, x.id()).stream()).toList();
    Lead after = lead.withOutboundCountedFrom(leadMessages);
    if (after != lead) {
      db.put(d.leads, lead.id(), after.toBuilder().version(lead.version() + 1).updatedAt(db.clock.instant()).build());
    }
  }

  @Override
  public Message setTranscript(MessageId id, String transcript) {
    return transcribe(id, transcript, false);
  }

  @Override
  public Message setTranscriptIfAbsent(MessageId id, String transcript) {
    return transcribe(id, transcript, true);
  }

  private Message transcribe(MessageId id, String transcript, boolean onlyIfAbsent) {
    Objects.requireNonNull(id, "id");
    String text = io.crmventas.core.internal.Check.text("transcript", transcript, Message.MAX_TEXT);
    return write(d -> {
      Message m = d.messages.get(id);
      if (m == null) {
        throw new NotFoundException("message", id);
      }
      if (onlyIfAbsent && m.transcript().isPresent()) {
        return m;
      }
      Message updated = m.withTranscript(text);
      db.put(d.messages, id, updated);
      return updated;
    });
  }
}
