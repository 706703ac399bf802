package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.ConversationQuery;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.ConversationStore;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.internal.Scope;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.store.memory.TenantData.LeadChannel;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.util.Objects;
import java.util.Optional;

final class MemConversations extends MemScoped implements ConversationStore {
  static final Order<Conversation, TimeId> ORDER =
      Order.timeIdDesc(c -> new TimeId(c.activityAt(), c.id().value()));

  MemConversations(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public InsertResult<Conversation> openOrGet(Conversation candidate) {
    Objects.requireNonNull(candidate, "candidate");
    requireSameTenant(candidate.tenantId());
    io.crmventas.core.internal.NewConversation.check(candidate);
    return write(d -> {
      ConversationId existing = d.conversationsByLead.get(new LeadChannel(candidate.leadId(), candidate.channel()));
      if (existing != null) {
        return new InsertResult.Duplicate<>(d.conversations.get(existing));
      }
      if (!d.leads.containsKey(candidate.leadId())) {
        throw Scope.foreign("leadId", candidate.leadId(), tenant);
      }
      requireMember(d, "assignedSellerId", candidate.assignedSellerId());
      if (d.conversations.containsKey(candidate.id())) {
        throw new ConflictException("conversation.id.unique", "conversation " + candidate.id() + " already exists");
      }
      db.put(d.conversations, candidate.id(), candidate);
      db.put(d.conversationsByLead, new LeadChannel(candidate.leadId(), candidate.channel()), candidate.id());
      return new InsertResult.Inserted<>(candidate);
    });
  }

  @Override
  public Optional<Conversation> find(ConversationId id) {
    Objects.requireNonNull(id, "id");
    return readOptional(d -> Optional.ofNullable(d.conversations.get(id)));
  }

  @Override
  public Optional<Conversation> findByLead(LeadId leadId, String channel) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(channel, "channel");
    return readOptional(d -> Optional.ofNullable(d.conversationsByLead.get(new LeadChannel(leadId, channel)))
        .map(d.conversations::get));
  }

  @Override
  public Page<Conversation> list(ConversationQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    return page(ORDER, d -> d.conversations.values(), query::matches, page);
  }

  @Override
  public long count(ConversationQuery query) {
    Objects.requireNonNull(query, "query");
    return read(d -> d.conversations.values().stream().filter(query::matches).count(), () -> 0L);
  }

  @Override
  public InsertResult<Message> append(Message m) {
    Objects.requireNonNull(m, "message");
    requireSameTenant(m.tenantId());
    return write(d -> {
      if (m.providerMessageId().isPresent()) {
        MessageId existing = d.messagesByProvider.get(m.providerMessageId().get());
        if (existing != null) {
          return new InsertResult.Duplicate<>(d.messages.get(existing));
        }
      }
      Conversation c = d.conversations.get(m.conversationId());
      if (c == null || !c.leadId().equals(m.leadId())) {
        throw new InvalidInputException("conversationId", m.conversationId(),
            "does not exist in tenant " + tenant + " for lead " + m.leadId());
      }
      requireMember(d, "authorUserId", m.authorUserId());
      if (d.messages.containsKey(m.id())) {
        throw new ConflictException("message.id.unique", "message " + m.id() + " already exists");
      }
      db.put(d.messages, m.id(), m);
      m.providerMessageId().ifPresent(p -> db.put(d.messagesByProvider, p, m.id()));
      db.index(d.messagesByConversation, m.conversationId(), m.id());
      db.put(d.conversations, c.id(), c.withMessage(m));
      Lead lead = d.leads.get(m.leadId());
      Lead touched = lead.withMessage(m);
      if (touched != lead) {
        db.put(d.leads, lead.id(), touched.toBuilder().version(lead.version() + 1).updatedAt(db.clock.instant()).build());
      }
      return new InsertResult.Inserted<>(m);
    });
  }

  @Override
  public int assignLead(LeadId leadId, Optional<UserId> sellerId) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(sellerId, "sellerId");
    return write(d -> {
      requireMember(d, "sellerId", sellerId);
      int changed = 0;
      for (Conversation c : d.conversations.values().stream().filter(c -> c.leadId().equals(leadId)).toList()) {
        if (!c.assignedSellerId().equals(sellerId)) {
          db.put(d.conversations, c.id(), c.withSeller(sellerId));
          changed++;
        }
      }
      return changed;
    });
  }

  @Override
  public Conversation setStatus(ConversationId id, ConversationStatus status) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    return write(d -> {
      Conversation c = d.conversations.get(id);
      if (c == null) {
        throw new NotFoundException("conversation", id);
      }
      Conversation updated = c.withStatus(status);
      db.put(d.conversations, id, updated);
      return updated;
    });
  }
}
