package io.crmventas.core.store.jdbc;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.internal.Scope;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.ConversationQuery;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.ConversationStore;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

final class JdbcConversations extends JdbcScoped implements ConversationStore {
  static final String COLS = "tenant_id, id, lead_id, channel, status, assigned_seller_id, created_at, last_message_at,"
      + " last_lead_message_at, last_seller_message_at, last_bot_message_at, awaiting_reply_since, message_count";
  static final Order<Conversation, TimeId> ORDER = Order.timeIdDesc(c -> new TimeId(c.activityAt(), c.id().value()));

  /**
   * Appends a message in one statement (one round trip, one transaction): the insert, and,
   * only if it inserted, the conversation's and the lead's updates. The CASE expressions are
   * {@link Conversation#withMessage} and {@link io.crmventas.core.lead.Lead#withMessage} in SQL.
   */
  private static final String APPEND = "WITH m AS ("
      + " INSERT INTO messages (" + JdbcMessages.COLS + ")"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, CAST(? AS jsonb), ?, ?)"
      + " ON CONFLICT ON CONSTRAINT messages_provider_id_uq DO NOTHING"
      + " RETURNING sent_at, author, delivery_status,"
      + "   author IN ('SELLER', 'BOT') AND delivery_status <> 'FAILED' AS answers"
      + "), c AS ("
      + " UPDATE conversations SET message_count = message_count + 1,"
      + " last_message_at = GREATEST(last_message_at, m.sent_at),"
      + " last_lead_message_at = CASE WHEN m.author = 'LEAD' THEN GREATEST(last_lead_message_at, m.sent_at)"
      + "   ELSE last_lead_message_at END,"
      + " last_seller_message_at = CASE WHEN m.author = 'SELLER' AND m.answers THEN GREATEST(last_seller_message_at, m.sent_at)"
      + "   ELSE last_seller_message_at END,"
      + " last_bot_message_at = CASE WHEN m.author = 'BOT' AND m.answers THEN GREATEST(last_bot_message_at, m.sent_at)"
      + "   ELSE last_bot_message_at END,"
      + " awaiting_reply_since = CASE WHEN m.author = 'LEAD' THEN LEAST(awaiting_reply_since, m.sent_at)"
      + "   WHEN m.answers AND awaiting_reply_since <= m.sent_at THEN NULL"
      + "   ELSE awaiting_reply_since END"
      + " FROM m WHERE conversations.tenant_id = ? AND conversations.id = ?"
      + " RETURNING conversations.id"
      + "), l AS ("
      + " UPDATE leads SET"
      + " last_inbound_at = CASE WHEN m.author = 'LEAD' THEN GREATEST(last_inbound_at, m.sent_at) ELSE last_inbound_at END,"
      + " last_outbound_at = CASE WHEN m.answers THEN GREATEST(last_outbound_at, m.sent_at)"
      + "   ELSE last_outbound_at END,"
      + " version = version + 1, updated_at = ?"
      + " FROM m WHERE leads.tenant_id = ? AND leads.id = ? AND m.author <> 'SYSTEM' AND m.delivery_status <> 'FAILED'"
      + " RETURNING leads.id"
      + ") SELECT (SELECT count(*) FROM m) AS inserted, (SELECT count(*) FROM c) AS conversations";

  JdbcConversations(Db db, TenantId tenant) {
    super(db, tenant);
  }

  static Conversation conversation(Db.Row r) throws SQLException {
    return new Conversation(ConversationId.of(r.uuid("id")), TenantId.of(r.str("tenant_id")), LeadId.of(r.uuid("lead_id")),
        r.str("channel"), r.enumValue(ConversationStatus.class, "status"), r.optUuid("assigned_seller_id").map(UserId::of),
        r.instant("created_at"), r.optInstant("last_message_at"), r.optInstant("last_lead_message_at"),
        r.optInstant("last_seller_message_at"), r.optInstant("last_bot_message_at"), r.optInstant("awaiting_reply_since"),
        r.longValue("message_count"));
  }

  @Override
  public InsertResult<Conversation> openOrGet(Conversation c) {
    Objects.requireNonNull(c, "candidate");
    requireSameTenant(c.tenantId());
    io.crmventas.core.internal.NewConversation.check(c);
    Optional<Conversation> created = db.queryOne("INSERT INTO conversations (" + COLS + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, lead_id, channel) DO NOTHING RETURNING " + COLS,
        JdbcConversations::conversation, t(), c.id().value(), c.leadId().value(), c.channel(), c.status(),
        c.assignedSellerId().map(UserId::value), c.createdAt(), c.lastMessageAt(), c.lastLeadMessageAt(),
        c.lastSellerMessageAt(), c.lastBotMessageAt(), c.awaitingReplySince(), c.messageCount());
    if (created.isPresent()) {
      return new InsertResult.Inserted<>(created.get());
    }
    return new InsertResult.Duplicate<>(findByLead(c.leadId(), c.channel()).orElseThrow());
  }

  @Override
  public Optional<Conversation> find(ConversationId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + COLS + " FROM conversations WHERE tenant_id = ? AND id = ?",
        JdbcConversations::conversation, t(), id.value());
  }

  @Override
  public Optional<Conversation> findByLead(LeadId leadId, String channel) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(channel, "channel");
    return db.queryOne("SELECT " + COLS + " FROM conversations WHERE tenant_id = ? AND lead_id = ? AND channel = ?",
        JdbcConversations::conversation, t(), leadId.value(), channel);
  }

  private static void where(ConversationQuery q, StringBuilder sql, List<Object> params) {
    q.sellerId().ifPresent(s -> {
      sql.append(" AND assigned_seller_id = ?");
      params.add(s.value());
    });
    if (q.unassignedOnly()) {
      sql.append(" AND assigned_seller_id IS NULL");
    }
    q.status().ifPresent(s -> {
      sql.append(" AND status = ?");
      params.add(s);
    });
    if (q.awaitingReply()) {
      sql.append(" AND awaiting_reply_since IS NOT NULL");
    }
    q.leadId().ifPresent(l -> {
      sql.append(" AND lead_id = ?");
      params.add(l.value());
    });
  }

  @Override
  public Page<Conversation> list(ConversationQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    StringBuilder sql = new StringBuilder("SELECT " + COLS + " FROM conversations WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(t()));
    where(query, sql, params);
    ORDER.after(page).ifPresent(k -> {
      sql.append(" AND (activity_at, id) < (?, ?)");
      params.add(k.at());
      params.add(k.id());
    });
    sql.append(" ORDER BY activity_at DESC, id DESC");
    return page(ORDER, page, sql.toString(), JdbcConversations::conversation, params);
  }

  @Override
  public long count(ConversationQuery query) {
    Objects.requireNonNull(query, "query");
    StringBuilder sql = new StringBuilder("SELECT count(*) FROM conversations WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(t()));
    where(query, sql, params);
    return db.queryLong(sql.toString(), params.toArray());
  }

  @Override
  public InsertResult<Message> append(Message m) {
    Objects.requireNonNull(m, "message");
    requireSameTenant(m.tenantId());
    List<Object> params = new ArrayList<>(JdbcMessages.values(m));
    params.add(t());
    params.add(m.conversationId().value());
    params.add(db.now());
    params.add(t());
    params.add(m.leadId().value());
    long inserted = db.queryOne(APPEND, r -> r.rs().getLong("inserted"), params.toArray()).orElse(0L);
    if (inserted == 1) {
      return new InsertResult.Inserted<>(m);
    }
    return new InsertResult.Duplicate<>(new JdbcMessages(db, tenant)
        .findByProviderId(m.providerMessageId().orElseThrow()).orElseThrow());
  }

  @Override
  public List<Conversation> lockByLead(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return db.query("SELECT " + COLS + " FROM conversations WHERE tenant_id = ? AND lead_id = ? ORDER BY id FOR UPDATE",
        JdbcConversations::conversation, t(), leadId.value());
  }

  @Override
  public int assignLead(LeadId leadId, Optional<UserId> sellerId) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(sellerId, "sellerId");
    UUID seller = sellerId.map(UserId::value).orElse(null);
    int changed;
    try {
      changed = db.update("UPDATE conversations SET assigned_seller_id = ? WHERE tenant_id = ? AND lead_id = ?"
          + " AND assigned_seller_id IS DISTINCT FROM CAST(? AS uuid)", seller, t(), leadId.value(), seller);
    } catch (InvalidInputException e) {
      throw Scope.notMember("sellerId", sellerId.orElse(null), tenant);
    }
    if (changed == 0) {
      // Nothing to move: still reject a seller from outside the tenant, as when there is.
      sellerId.ifPresent(s -> requireMember("sellerId", s));
    }
    return changed;
  }

  @Override
  public Conversation setStatus(ConversationId id, ConversationStatus status) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    return db.queryOne("UPDATE conversations SET status = ? WHERE tenant_id = ? AND id = ? RETURNING " + COLS,
        JdbcConversations::conversation, status, t(), id.value())
        .orElseThrow(() -> new NotFoundException("conversation", id));
  }
}
