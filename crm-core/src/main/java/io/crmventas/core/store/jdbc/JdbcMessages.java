package io.crmventas.core.store.jdbc;

import io.crmventas.core.NotFoundException;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Direction;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.conversation.MessageStore;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.internal.Check;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

final class JdbcMessages extends JdbcScoped implements MessageStore {
  static final String COLS = "tenant_id, id, conversation_id, lead_id, direction, author, author_user_id, type, body,"
      + " media, transcript, provider_message_id, delivery_status, metadata, sent_at, created_at";
  static final Order<Message, TimeId> ORDER = Order.timeIdAsc(m -> new TimeId(m.sentAt(), m.id().value()));
  private static final String QUALIFIED = COLS.replaceAll("(^|, )", "$1m.");

  JdbcMessages(Db db, TenantId tenant) {
    super(db, tenant);
  }

  static Message message(Db.Row r) throws SQLException {
    return new Message(MessageId.of(r.uuid("id")), TenantId.of(r.str("tenant_id")),
        ConversationId.of(r.uuid("conversation_id")), LeadId.of(r.uuid("lead_id")),
        r.enumValue(Direction.class, "direction"), r.enumValue(Author.class, "author"),
        r.optUuid("author_user_id").map(UserId::of), r.enumValue(MessageType.class, "type"), r.optStr("body"),
        JsonCodec.media(r.str("media")), r.optStr("transcript"), r.optStr("provider_message_id"),
        r.enumValue(DeliveryStatus.class, "delivery_status"), JsonCodec.stringMap(r.str("metadata")),
        r.instant("sent_at"), r.instant("created_at"));
  }

  /** The insert parameters, in {@link #COLS} order. */
  static List<Object> values(Message m) {
    return Arrays.asList(m.tenantId().value(), m.id().value(), m.conversationId().value(), m.leadId().value(),
        m.direction(), m.author(), m.authorUserId().map(UserId::value), m.type(), m.body(), JsonCodec.media(m.media()),
        m.transcript(), m.providerMessageId(), m.deliveryStatus(), JsonCodec.stringMap(m.metadata()), m.sentAt(),
        m.createdAt());
  }

  @Override
  public Optional<Message> find(MessageId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + COLS + " FROM messages WHERE tenant_id = ? AND id = ?", JdbcMessages::message,
        t(), id.value());
  }

  @Override
  public Optional<Message> findByProviderId(String providerMessageId) {
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    return db.queryOne("SELECT " + COLS + " FROM messages WHERE tenant_id = ? AND provider_message_id = ?",
        JdbcMessages::message, t(), providerMessageId);
  }

  @Override
  public Page<Message> list(ConversationId conversationId, PageRequest page) {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(page, "page");
    StringBuilder sql = new StringBuilder("SELECT " + COLS + " FROM messages WHERE tenant_id = ? AND conversation_id = ?");
    List<Object> params = new ArrayList<>(List.of(t(), conversationId.value()));
    ORDER.after(page).ifPresent(k -> {
      sql.append(" AND (sent_at, id) > (?, ?)");
      params.add(k.at());
      params.add(k.id());
    });
    sql.append(" ORDER BY sent_at, id");
    return page(ORDER, page, sql.toString(), JdbcMessages::message, params);
  }

  @Override
  public List<Message> latest(ConversationId conversationId, int limit) {
    Objects.requireNonNull(conversationId, "conversationId");
    Check.range("limit", limit, 1, PageRequest.MAX_LIMIT);
    return db.query("SELECT * FROM (SELECT " + COLS + " FROM messages WHERE tenant_id = ? AND conversation_id = ?"
            + " ORDER BY sent_at DESC, id DESC LIMIT ?) last ORDER BY sent_at, id", JdbcMessages::message,
        t(), conversationId.value(), limit);
  }

  @Override
  public List<Message> storedAround(MessageId id, int before, int after) {
    Objects.requireNonNull(id, "id");
    Check.range("before", before, 0, PageRequest.MAX_LIMIT);
    Check.range("after", after, 0, PageRequest.MAX_LIMIT);
    // The anchor, then (LATERAL, so each side is an index scan from the anchor that stops at its
    // limit) the rows stored before it, newest first, and from it on, on the (tenant,
    // conversation, created_at, id) index.
    List<Message> around = new ArrayList<>(db.query("SELECT x.* FROM (SELECT conversation_id, created_at, id"
            + " FROM messages WHERE tenant_id = ? AND id = ?) a, LATERAL ("
            + " (SELECT " + QUALIFIED + " FROM messages m WHERE m.tenant_id = ? AND m.conversation_id = a.conversation_id"
            + "   AND (m.created_at, m.id) < (a.created_at, a.id) ORDER BY m.created_at DESC, m.id DESC LIMIT ?)"
            + " UNION ALL"
            + " (SELECT " + QUALIFIED + " FROM messages m WHERE m.tenant_id = ? AND m.conversation_id = a.conversation_id"
            + "   AND (m.created_at, m.id) >= (a.created_at, a.id) ORDER BY m.created_at, m.id LIMIT ?)) x",
        JdbcMessages::message, t(), id.value(), t(), before, t(), after + 1));
    around.sort(Message.STORED_ORDER);
    return around;
  }

  /** The statuses a message may move from to reach {@code target}. */
  private static Db.SqlArray advancingTo(DeliveryStatus target) {
    return new Db.SqlArray("text", Arrays.stream(DeliveryStatus.values())
        .filter(s -> s.canAdvanceTo(target)).map(Enum::name).toList());
  }

  @Override
  public Optional<Message> advanceDeliveryStatus(String providerMessageId, DeliveryStatus status) {
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(status, "status");
    if (status == DeliveryStatus.DELIVERED || status == DeliveryStatus.READ) {
      // Delivered after a failure report (another of the person's devices): it answers again,
      // so its conversation and lead are counted again, in one unit with the change.
      Optional<Message> revived = db.transactionRetryingRaces(tx -> {
        Optional<Message> m = tx.queryOne("UPDATE messages SET delivery_status = ? WHERE tenant_id = ?"
            + " AND provider_message_id = ? AND delivery_status = 'FAILED' RETURNING " + COLS, JdbcMessages::message,
            status, t(), providerMessageId);
        m.ifPresent(x -> recount(tx, x));
        return m;
      });
      if (revived.isPresent()) {
        return revived;
      }
    }
    if (status != DeliveryStatus.FAILED) {
      db.update("UPDATE messages SET delivery_status = ? WHERE tenant_id = ? AND provider_message_id = ?"
          + " AND delivery_status = ANY(?)", status, t(), providerMessageId, advancingTo(status));
      return findByProviderId(providerMessageId);
    }
    return db.transactionRetryingRaces(tx -> {
      Optional<Message> failed = tx.queryOne("UPDATE messages SET delivery_status = ? WHERE tenant_id = ?"
          + " AND provider_message_id = ? AND delivery_status = ANY(?) RETURNING " + COLS, JdbcMessages::message,
          status, t(), providerMessageId, advancingTo(status));
      failed.ifPresent(m -> recountIfFailed(tx, m));
      return failed.isPresent() ? failed : new JdbcMessages(tx, tenant).findByProviderId(providerMessageId);
    });
  }

  @Override
  public Message markSent(MessageId id, String providerMessageId, DeliveryStatus status) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    String provider = Check.text("providerMessageId", providerMessageId, 300);
    if (status != DeliveryStatus.FAILED) {
      return markSent(db, id, provider, status);
    }
    return db.transactionRetryingRaces(tx -> {
      Message sent = markSent(tx, id, provider, status);
      recountIfFailed(tx, sent);
      return sent;
    });
  }

  private Message markSent(Db on, MessageId id, String provider, DeliveryStatus status) {
    return on.queryOne("UPDATE messages SET provider_message_id = ?,"
            + " delivery_status = CASE WHEN delivery_status = ANY(?) THEN ? ELSE delivery_status END"
            + " WHERE tenant_id = ? AND id = ? RETURNING " + COLS, JdbcMessages::message,
        provider, advancingTo(status), status, t(), id.value())
        .orElseThrow(() -> new NotFoundException("message", id));
  }

  /** The lead's last outbound time counted again, as {@code Lead.withOutboundCountedFrom} does. */
  private static final String RECOUNT_LEAD = "UPDATE leads SET last_outbound_at = x.at, version = version + 1,"
      + " updated_at = ?"
      + " FROM (SELECT max(m.sent_at) AS at FROM conversations c JOIN messages m ON m.tenant_id = c.tenant_id"
      + "   AND m.conversation_id = c.id WHERE c.tenant_id = ? AND c.lead_id = ? AND m.author IN ('SELLER', 'BOT')"
      + "   AND m.delivery_status <> 'FAILED') x"
      + " WHERE leads.tenant_id = ? AND leads.id = ? AND leads.last_outbound_at IS DISTINCT FROM x.at";

  /**
   * A bot or seller message that failed answers nothing: its conversation's answers and its
   * lead's last outbound time are counted again without it, in {@code tx}. The conversation row,
   * then the lead row, is locked before it is counted (the order appends take them in), and each
   * count is a statement of its own, so it sees every message whose append committed before the
   * lock was granted; appends that come after apply their own message on top.
   */
  private void recountIfFailed(Db tx, Message m) {
    if (m.isFailedAnswer()) {
      recount(tx, m);
    }
  }

  /** Counts {@code m}'s conversation's answers and its lead's last outbound time again, in {@code tx}. */
  private void recount(Db tx, Message m) {
    if (m.author() != Author.SELLER && m.author() != Author.BOT) {
      return;
    }
    UUID conversation = m.conversationId().value();
    Conversation c = tx.queryOne("SELECT " + JdbcConversations.COLS + " FROM conversations WHERE tenant_id = ? AND id = ?"
        + " FOR UPDATE", JdbcConversations::conversation, t(), conversation).orElseThrow();
    Conversation recounted = c.withAnswersCountedFrom(tx.query("SELECT " + COLS + " FROM messages"
        + " WHERE tenant_id = ? AND conversation_id = ?", JdbcMessages::message, t(), conversation));
    if (!recounted.equals(c)) {
      tx.update("UPDATE conversations SET last_seller_message_at = ?, last_bot_message_at = ?,"
              + " awaiting_reply_since = ? WHERE tenant_id = ? AND id = ?", recounted.lastSellerMessageAt(),
          recounted.lastBotMessageAt(), recounted.awaitingReplySince(), t(), conversation);
    }
    UUID lead = m.leadId().value();
    tx.queryOne("SELECT id FROM leads WHERE tenant_id = ? AND id = ? FOR UPDATE", r -> r.uuid("id"), t(), lead);
    tx.update(RECOUNT_LEAD, tx.now(), t(), lead, t(), lead);
  }

  @Override
  public Message setTranscript(MessageId id, String transcript) {
    Objects.requireNonNull(id, "id");
    String text = Check.text("transcript", transcript, Message.MAX_TEXT);
    return db.queryOne("UPDATE messages SET transcript = ? WHERE tenant_id = ? AND id = ? RETURNING " + COLS,
        JdbcMessages::message, text, t(), id.value())
        .orElseThrow(() -> new NotFoundException("message", id));
  }

  @Override
  public Message setTranscriptIfAbsent(MessageId id, String transcript) {
    Objects.requireNonNull(id, "id");
    String text = Check.text("transcript", transcript, Message.MAX_TEXT);
    return db.queryOne("UPDATE messages SET transcript = ? WHERE tenant_id = ? AND id = ? AND transcript IS NULL"
            + " RETURNING " + COLS, JdbcMessages::message, text, t(), id.value())
        .or(() -> find(id))
        .orElseThrow(() -> new NotFoundException("message", id));
  }
}
