package io.crmventas.core.store.jdbc;

import io.crmventas.core.ConflictException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.internal.LeadUpsert;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadQuery;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.LeadStore;
import io.crmventas.core.lead.ScoreBand;
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

final class JdbcLeads extends JdbcScoped implements LeadStore {
  static final String COLS = "tenant_id, id, phone, channel_user_id, username, name, email, status, source, attribution, score,"
      + " score_band, score_factors, scored_at, qualification, tags, assigned_seller_id, human_override_until, language,"
      + " created_at, updated_at, status_changed_at, last_inbound_at, last_outbound_at, version";
  private static final String VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, CAST(? AS jsonb), ?,"
      + " CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
  static final Order<Lead, TimeId> ORDER = Order.timeIdDesc(l -> new TimeId(l.createdAt(), l.id().value()));

  JdbcLeads(Db db, TenantId tenant) {
    super(db, tenant);
  }

  static Lead lead(Db.Row r) throws SQLException {
    Optional<Integer> score = r.optInteger("score");
    Optional<LeadScore> leadScore = Optional.empty();
    if (score.isPresent()) {
      leadScore = Optional.of(new LeadScore(score.get(), ScoreBand.valueOf(r.str("score_band")),
          JsonCodec.factors(r.str("score_factors")), r.instant("scored_at")));
    }
    return new Lead(LeadId.of(r.uuid("id")), TenantId.of(r.str("tenant_id")), r.optStr("phone").map(PhoneNumber::new),
        r.optStr("channel_user_id").map(ChannelUserId::new), r.optStr("username"), r.optStr("name"), r.optStr("email").map(EmailAddress::new),
        r.enumValue(LeadStatus.class, "status"),
        new LeadSource(r.str("source")), JsonCodec.attribution(r.str("attribution")), leadScore,
        JsonCodec.qualification(r.str("qualification")), io.crmventas.core.lead.Tags.of(r.texts("tags")), r.optUuid("assigned_seller_id").map(UserId::of),
        r.optInstant("human_override_until"), r.optStr("language"), r.instant("created_at"), r.instant("updated_at"),
        r.instant("status_changed_at"), r.optInstant("last_inbound_at"), r.optInstant("last_outbound_at"),
        r.longValue("version"));
  }

  private static List<Object> values(Lead l) {
    Optional<LeadScore> s = l.score();
    List<Object> v = new ArrayList<>();
    v.add(l.tenantId().value());
    v.add(l.id().value());
    v.add(l.phone().map(PhoneNumber::value));
    v.add(l.channelUserId().map(ChannelUserId::value));
    v.add(l.username());
    v.add(l.name());
    v.add(l.email().map(EmailAddress::value));
    v.add(l.status());
    v.add(l.source().code());
    v.add(JsonCodec.attribution(l.attribution()));
    v.add(s.map(LeadScore::value));
    v.add(s.map(LeadScore::band));
    v.add(s.map(x -> JsonCodec.factors(x.factors())));
    v.add(s.map(LeadScore::scoredAt));
    v.add(JsonCodec.qualification(l.qualification()));
    v.add(new Db.SqlArray("text", l.tags()));
    v.add(l.assignedSellerId().map(UserId::value));
    v.add(l.humanOverrideUntil());
    v.add(l.language());
    v.add(l.createdAt());
    v.add(l.updatedAt());
    v.add(l.statusChangedAt());
    v.add(l.lastInboundAt());
    v.add(l.lastOutboundAt());
    return v;
  }

  private Optional<Lead> insert(Lead lead, String onConflict) {
    List<Object> v = values(lead);
    v.add(1L);
    return db.queryOne("INSERT INTO leads (" + COLS + ") VALUES (" + VALUES + ") " + onConflict + " RETURNING " + COLS,
        JdbcLeads::lead, v.toArray());
  }

  @Override
  public Lead create(Lead lead) {
    Objects.requireNonNull(lead, "lead");
    requireSameTenant(lead.tenantId());
    return insert(lead, "").orElseThrow();
  }

  @Override
  public InsertResult<Lead> upsertByContact(Lead candidate) {
    Objects.requireNonNull(candidate, "candidate");
    requireSameTenant(candidate.tenantId());
    // Another round when the leads that made the insert conflict changed before they were read.
    for (int round = 1; round <= 3; round++) {
      // No conflict target: a taken phone or a taken user id both mean a lead exists.
      Optional<Lead> created = insert(candidate, "ON CONFLICT DO NOTHING");
      if (created.isPresent()) {
        return new InsertResult.Inserted<>(created.get());
      }
      LeadUpsert.Outcome outcome = LeadUpsert.resolve(candidate, candidate.phone().flatMap(this::findByPhone),
          candidate.channelUserId().flatMap(this::findByChannelUserId));
      if (outcome instanceof LeadUpsert.Fill fill) {
        return new InsertResult.Duplicate<>(fill.isEmpty() ? fill.lead() : fill(fill));
      }
    }
    throw new ConflictException("lead.id.unique", "lead " + candidate.id() + " could not be stored, and no lead has"
        + " its phone number or user id (the leads of that contact kept changing)");
  }

  /**
   * Sets what the lead lacks, only where it still lacks it (a concurrent fill is not undone), and
   * the username the channel reports now. A phone or user id another lead took meanwhile (a
   * unique violation) is left out, and the name is still set (and the username, unless it came
   * with the user id left out); inside a unit of work a savepoint keeps that violation from
   * aborting the transaction.
   */
  private Lead fill(LeadUpsert.Fill fill) {
    // The account the username was decided for: the lead's user id, or the one it takes now.
    Optional<String> account = fill.lead().channelUserId().or(fill::userId).map(ChannelUserId::value);
    try {
      return fill(fill.lead(), fill.name(), fill.phone().map(PhoneNumber::value),
          fill.userId().map(ChannelUserId::value), fill.username(), account);
    } catch (ConflictException e) {
      Optional<String> username = fill.userId().isEmpty() ? fill.username() : Optional.empty();
      return fill.name().isEmpty() && username.isEmpty() ? find(fill.lead().id()).orElse(fill.lead())
          : fill(fill.lead(), fill.name(), Optional.empty(), Optional.empty(), username, account);
    }
  }

  /**
   * The username is set only if the lead's user id, once this fill is applied, is still
   * {@code account}: a unit that gave the lead another user id meanwhile (another account's
   * message) wins, and this one's username is not put on that account's lead.
   */
  private Lead fill(Lead lead, Optional<String> name, Optional<String> phone, Optional<String> userId,
      Optional<String> username, Optional<String> account) {
    String sameAccount = "COALESCE(channel_user_id, CAST(? AS text)) IS NOT DISTINCT FROM CAST(? AS text)";
    db.savepoint("lead-fill");
    try {
      Lead filled = db.queryOne("UPDATE leads SET name = COALESCE(name, ?), phone = COALESCE(phone, ?),"
              + " channel_user_id = COALESCE(channel_user_id, ?),"
              + " username = CASE WHEN CAST(? AS text) IS NOT NULL AND " + sameAccount + " THEN CAST(? AS text)"
              + " ELSE username END, version = version + 1, updated_at = ?"
              + " WHERE tenant_id = ? AND id = ? AND (name IS NULL AND CAST(? AS text) IS NOT NULL"
              + " OR phone IS NULL AND CAST(? AS text) IS NOT NULL OR channel_user_id IS NULL AND CAST(? AS text) IS NOT NULL"
              + " OR CAST(? AS text) IS NOT NULL AND username IS DISTINCT FROM CAST(? AS text) AND " + sameAccount + ")"
              + " RETURNING " + COLS, JdbcLeads::lead,
          name, phone, userId, username, userId, account, username, db.now(), t(), lead.id().value(), name, phone,
          userId, username, username, userId, account)
          .or(() -> find(lead.id())).orElse(lead);
      db.releaseSavepoint("lead-fill");
      return filled;
    } catch (ConflictException e) {
      db.rollbackTo("lead-fill");
      throw e;
    }
  }

  @Override
  public Optional<Lead> find(LeadId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + COLS + " FROM leads WHERE tenant_id = ? AND id = ?", JdbcLeads::lead, t(), id.value());
  }

  @Override
  public Optional<Lead> lock(LeadId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + COLS + " FROM leads WHERE tenant_id = ? AND id = ? FOR UPDATE", JdbcLeads::lead, t(),
        id.value());
  }

  @Override
  public Optional<Lead> findByPhone(PhoneNumber phone) {
    Objects.requireNonNull(phone, "phone");
    return db.queryOne("SELECT " + COLS + " FROM leads WHERE tenant_id = ? AND phone = ?", JdbcLeads::lead, t(),
        phone.value());
  }

  @Override
  public Optional<Lead> findByChannelUserId(ChannelUserId userId) {
    Objects.requireNonNull(userId, "userId");
    return db.queryOne("SELECT " + COLS + " FROM leads WHERE tenant_id = ? AND channel_user_id = ?", JdbcLeads::lead,
        t(), userId.value());
  }

  @Override
  public Lead update(Lead lead) {
    Objects.requireNonNull(lead, "lead");
    requireSameTenant(lead.tenantId());
    // phone .. language: the columns after tenant_id and id, up to created_at.
    List<Object> v = values(lead).subList(2, 19);
    List<Object> params = new ArrayList<>(v);
    params.add(lead.statusChangedAt());
    params.add(lead.lastInboundAt());
    params.add(lead.lastOutboundAt());
    params.add(db.now());
    params.add(t());
    params.add(lead.id().value());
    params.add(lead.version());
    Optional<Lead> updated = db.queryOne("UPDATE leads SET phone = ?, channel_user_id = ?, username = ?, name = ?, email = ?, status = ?,"
        + " source = ?,"
        + " attribution = CAST(? AS jsonb), score = ?, score_band = ?, score_factors = CAST(? AS jsonb), scored_at = ?,"
        + " qualification = CAST(? AS jsonb), tags = ?, assigned_seller_id = ?, human_override_until = ?, language = ?,"
        + " status_changed_at = ?, last_inbound_at = ?, last_outbound_at = ?, updated_at = ?, version = version + 1"
        + " WHERE tenant_id = ? AND id = ? AND version = ? RETURNING " + COLS, JdbcLeads::lead, params.toArray());
    if (updated.isPresent()) {
      return updated.get();
    }
    Lead current = find(lead.id()).orElseThrow(() -> new NotFoundException("lead", lead.id()));
    throw new ConflictException("lead.version", "lead " + lead.id() + " was changed by someone else (version "
        + lead.version() + ", stored " + current.version() + ")");
  }

  @Override
  public Lead assignSeller(Lead lead, Optional<UserId> sellerId) {
    Objects.requireNonNull(lead, "lead");
    Objects.requireNonNull(sellerId, "sellerId");
    requireSameTenant(lead.tenantId());
    Optional<Lead> updated = db.queryOne("UPDATE leads SET assigned_seller_id = ?, updated_at = ?, version = version + 1"
        + " WHERE tenant_id = ? AND id = ? AND version = ? RETURNING " + COLS, JdbcLeads::lead,
        sellerId.map(UserId::value), db.now(), t(), lead.id().value(), lead.version());
    if (updated.isPresent()) {
      return updated.get();
    }
    Lead current = find(lead.id()).orElseThrow(() -> new NotFoundException("lead", lead.id()));
    throw new ConflictException("lead.version", "lead " + lead.id() + " was changed by someone else (version "
        + lead.version() + ", stored " + current.version() + ")");
  }

  /** The WHERE clause (after the tenant) and its parameters for {@code q}. */
  static void where(LeadQuery q, StringBuilder sql, List<Object> params) {
    if (!q.statuses().isEmpty()) {
      sql.append(" AND status = ANY(?)");
      params.add(new Db.SqlArray("text", q.statuses().stream().map(Enum::name).toList()));
    }
    if (!q.sources().isEmpty()) {
      sql.append(" AND source = ANY(?)");
      params.add(new Db.SqlArray("text", q.sources().stream().map(LeadSource::code).toList()));
    }
    if (!q.bands().isEmpty()) {
      sql.append(" AND score_band = ANY(?)");
      params.add(new Db.SqlArray("text", q.bands().stream().map(Enum::name).toList()));
    }
    q.assignedTo().ifPresent(s -> {
      sql.append(" AND assigned_seller_id = ?");
      params.add(s.value());
    });
    if (q.unassignedOnly()) {
      sql.append(" AND assigned_seller_id IS NULL");
    }
    q.tag().ifPresent(tag -> {
      sql.append(" AND tags @> ARRAY[CAST(? AS text)]");
      params.add(tag);
    });
    q.createdFrom().ifPresent(from -> {
      sql.append(" AND created_at >= ?");
      params.add(from);
    });
    q.createdBefore().ifPresent(before -> {
      sql.append(" AND created_at < ?");
      params.add(before);
    });
    q.search().ifPresent(text -> {
      sql.append(" AND (name ILIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\' OR channel_user_id ILIKE ? ESCAPE '\\'"
          + " OR username ILIKE ? ESCAPE '\\')");
      for (int i = 0; i < 4; i++) {
        params.add(likeContains(text));
      }
    });
  }

  @Override
  public Page<Lead> list(LeadQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    StringBuilder sql = new StringBuilder("SELECT " + COLS + " FROM leads WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(t()));
    where(query, sql, params);
    ORDER.after(page).ifPresent(k -> {
      sql.append(" AND (created_at, id) < (?, ?)");
      params.add(k.at());
      params.add(k.id());
    });
    sql.append(" ORDER BY created_at DESC, id DESC");
    return page(ORDER, page, sql.toString(), JdbcLeads::lead, params);
  }

  @Override
  public long count(LeadQuery query) {
    Objects.requireNonNull(query, "query");
    StringBuilder sql = new StringBuilder("SELECT count(*) FROM leads WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(t()));
    where(query, sql, params);
    return db.queryLong(sql.toString(), params.toArray());
  }
}
