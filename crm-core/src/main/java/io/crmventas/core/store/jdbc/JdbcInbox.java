package io.crmventas.core.store.jdbc;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.RetriableException;
import io.crmventas.core.StoreUnavailableException;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.inbox.InboxStore;
import io.crmventas.core.inbox.Lease;
import io.crmventas.core.internal.Check;
import io.crmventas.core.internal.Ids;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.tenant.TenantId;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The inbox on PostgreSQL: workers on any node claim with {@code FOR UPDATE SKIP LOCKED}. */
final class JdbcInbox implements InboxStore {
  static final String COLS = "id, tenant_id, provider, event_id, event_type, payload, status, attempts, next_attempt_at,"
      + " lease_token, lease_owner, lease_until, last_error, received_at, completed_at";
  private static final Comparator<InboxEvent> KEY_ORDER = Comparator.comparing((InboxEvent e) -> e.tenantId().value())
      .thenComparing(InboxEvent::provider).thenComparing(InboxEvent::eventId);
  private static final Comparator<InboxEvent> DUE_ORDER = Comparator.comparing(InboxEvent::nextAttemptAt)
      .thenComparing((a, b) -> Ids.compare(a.id().value(), b.id().value()));

  private final Db db;

  JdbcInbox(Db db) {
    this.db = db;
  }

  static InboxEvent event(Db.Row r) throws SQLException {
    Optional<UUID> token = r.optUuid("lease_token");
    Optional<Lease> lease = token.isEmpty() ? Optional.empty()
        : Optional.of(new Lease(token.get(), r.str("lease_owner"), r.instant("lease_until")));
    return new InboxEvent(InboxEventId.of(r.uuid("id")), TenantId.of(r.str("tenant_id")), r.str("provider"),
        r.str("event_id"), r.str("event_type"), r.str("payload"), r.enumValue(InboxStatus.class, "status"),
        r.integer("attempts"), r.instant("next_attempt_at"), lease, r.optStr("last_error"), r.instant("received_at"),
        r.optInstant("completed_at"));
  }

  @Override
  public InsertResult<InboxEvent> append(InboxEvent e) {
    Objects.requireNonNull(e, "event");
    Optional<Lease> lease = e.lease();
    Optional<InboxEvent> stored = db.queryOne("INSERT INTO inbox (" + COLS + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT inbox_event_uq DO NOTHING RETURNING " + COLS, JdbcInbox::event,
        e.id().value(), e.tenantId().value(), e.provider(), e.eventId(), e.eventType(), e.payload(), e.status(),
        e.attempts(), e.nextAttemptAt(), lease.map(Lease::token), lease.map(Lease::owner), lease.map(Lease::until),
        e.lastError(), e.receivedAt(), e.completedAt());
    if (stored.isPresent()) {
      return new InsertResult.Inserted<>(stored.get());
    }
    return new InsertResult.Duplicate<>(db.queryOne("SELECT " + COLS + " FROM inbox WHERE tenant_id = ? AND provider = ?"
        + " AND event_id = ?", JdbcInbox::event, e.tenantId().value(), e.provider(), e.eventId()).orElseThrow());
  }

  /** Rows per multi-row INSERT (15 parameters each). */
  private static final int BATCH = 1000;

  @Override
  public List<InsertResult<InboxEvent>> appendAll(List<InboxEvent> events) {
    Objects.requireNonNull(events, "events");
    events.forEach(e -> Objects.requireNonNull(e, "event"));
    if (events.isEmpty()) {
      return List.of();
    }
    Set<UUID> inserted = new HashSet<>();
    if (events.size() <= BATCH) {
      // One statement is atomic on its own: outside a unit of work it runs in autocommit, so a
      // group commit costs one round trip instead of three (insert, commit, and the implicit begin).
      insertChunk(db, events, inserted);
    } else {
      db.transaction(tx -> {
        for (int from = 0; from < events.size(); from += BATCH) {
          insertChunk(tx, events.subList(from, Math.min(events.size(), from + BATCH)), inserted);
        }
        return null;
      });
    }
    List<InsertResult<InboxEvent>> out = new ArrayList<>(events.size());
    Map<String, InboxEvent> first = new HashMap<>();
    for (InboxEvent e : events) {
      String key = e.tenantId().value() + "\u0000" + e.provider() + "\u0000" + e.eventId();
      if (inserted.contains(e.id().value())) {
        first.put(key, e);
        out.add(new InsertResult.Inserted<>(e));
      } else {
        InboxEvent earlier = first.get(key);
        out.add(new InsertResult.Duplicate<>(earlier != null ? earlier : storedAfterWrite(e)));
      }
    }
    return out;
  }

  /**
   * The event that holds {@code e}'s unique key, read after the batch was committed. A failure
   * here must not look like a failed write (the new events are stored): it is retriable, and a
   * retry finds every event of the batch already there.
   */
  private InboxEvent storedAfterWrite(InboxEvent e) {
    try {
      // Without the event's id or tenant: a group commit's batch mixes tenants, and every caller
      // of the batch gets this.
      return stored(e).orElseThrow(() -> new StoreUnavailableException("an event of the batch was purged while the"
          + " batch was stored; the batch is stored, deliver the event again", null));
    } catch (RetriableException r) {
      throw r;
    } catch (RuntimeException x) {
      throw new StoreUnavailableException("the batch is stored, but reading back one of its events failed", x);
    }
  }

  private static void insertChunk(Db db, List<InboxEvent> unordered, Set<UUID> inserted) {
    // Rows in key order: two batches racing for the same event ids wait for each other in one
    // order, never in a cycle (a deadlock would cost the 1 s deadlock_timeout and a retry).
    List<InboxEvent> chunk = new ArrayList<>(unordered);
    chunk.sort(KEY_ORDER);
    StringBuilder sql = new StringBuilder("INSERT INTO inbox (" + COLS + ") VALUES ");
    List<Object> params = new ArrayList<>(chunk.size() * 15);
    for (int i = 0; i < chunk.size(); i++) {
      InboxEvent e = chunk.get(i);
      Optional<Lease> lease = e.lease();
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      params.addAll(Arrays.asList(e.id().value(), e.tenantId().value(), e.provider(), e.eventId(), e.eventType(),
          e.payload(), e.status(), e.attempts(), e.nextAttemptAt(), lease.map(Lease::token), lease.map(Lease::owner),
          lease.map(Lease::until), e.lastError(), e.receivedAt(), e.completedAt()));
    }
    sql.append(" ON CONFLICT ON CONSTRAINT inbox_event_uq DO NOTHING RETURNING id");
    db.query(sql.toString(), r -> inserted.add(r.uuid("id")), params.toArray());
  }

  private Optional<InboxEvent> stored(InboxEvent e) {
    return db.queryOne("SELECT " + COLS + " FROM inbox WHERE tenant_id = ? AND provider = ? AND event_id = ?",
        JdbcInbox::event, e.tenantId().value(), e.provider(), e.eventId());
  }

  @Override
  public List<InboxEvent> claim(String owner, Set<String> providers, int max, Duration leaseFor) {
    String who = Check.text("owner", owner, 200);
    List<String> which = InboxEvent.providers(providers);
    Check.range("max", max, 1, 10_000);
    requirePositive(leaseFor);
    Instant now = db.now();
    List<InboxEvent> claimed = new ArrayList<>(db.query("WITH due AS (SELECT id FROM inbox"
            + " WHERE ((status = 'PENDING' AND next_attempt_at <= ?) OR (status = 'PROCESSING' AND lease_until <= ?))"
            + " AND provider = ANY (?) ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " UPDATE inbox i SET status = 'PROCESSING', attempts = i.attempts + 1, lease_token = gen_random_uuid(),"
            + " lease_owner = ?, lease_until = ? FROM due WHERE i.id = due.id RETURNING "
            + COLS.replaceAll("(^|, )", "$1i."),
        JdbcInbox::event, now, now, new Db.SqlArray("text", which), max, who, now.plus(leaseFor)));
    claimed.sort(DUE_ORDER);
    return claimed;
  }

  private static void requirePositive(Duration leaseFor) {
    Objects.requireNonNull(leaseFor, "leaseFor");
    if (leaseFor.isNegative() || leaseFor.isZero()) {
      throw new InvalidInputException("leaseFor", leaseFor, "must be positive");
    }
  }

  /** Runs {@code set} on the event if it is processing under {@code token}. */
  private boolean withLease(InboxEventId id, UUID token, String set, Object... params) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(token, "leaseToken");
    Object[] all = new Object[params.length + 2];
    System.arraycopy(params, 0, all, 0, params.length);
    all[params.length] = id.value();
    all[params.length + 1] = token;
    return db.update("UPDATE inbox SET " + set + " WHERE id = ? AND status = 'PROCESSING' AND lease_token = ?", all) == 1;
  }

  private static final String NO_LEASE = "lease_token = NULL, lease_owner = NULL, lease_until = NULL";

  @Override
  public boolean complete(InboxEventId id, UUID leaseToken) {
    return withLease(id, leaseToken, "status = 'DONE', completed_at = ?, " + NO_LEASE, db.now());
  }

  @Override
  public boolean fail(InboxEventId id, UUID leaseToken, String error, Instant retryAt) {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(retryAt, "retryAt");
    return withLease(id, leaseToken, "status = 'PENDING', next_attempt_at = ?, last_error = ?, " + NO_LEASE,
        retryAt, truncate(error));
  }

  @Override
  public boolean deadLetter(InboxEventId id, UUID leaseToken, String error) {
    Objects.requireNonNull(error, "error");
    return withLease(id, leaseToken, "status = 'DEAD', last_error = ?, " + NO_LEASE, truncate(error));
  }

  @Override
  public boolean release(InboxEventId id, UUID leaseToken) {
    return withLease(id, leaseToken, "status = 'PENDING', next_attempt_at = ?, attempts = GREATEST(attempts - 1, 0), "
        + NO_LEASE, db.now());
  }

  @Override
  public boolean extendLease(InboxEventId id, UUID leaseToken, Duration leaseFor) {
    requirePositive(leaseFor);
    return withLease(id, leaseToken, "lease_until = ?", db.now().plus(leaseFor));
  }

  private static String truncate(String error) {
    return error.length() > 4000 ? error.substring(0, 4000) : error;
  }

  @Override
  public Optional<InboxEvent> find(InboxEventId id) {
    Objects.requireNonNull(id, "id");
    return db.queryOne("SELECT " + COLS + " FROM inbox WHERE id = ?", JdbcInbox::event, id.value());
  }

  @Override
  public Map<InboxStatus, Long> countByStatus() {
    return counts(db, "SELECT status, count(*) AS n FROM inbox GROUP BY status");
  }

  static Map<InboxStatus, Long> counts(Db db, String sql, Object... params) {
    Map<InboxStatus, Long> counts = new EnumMap<>(InboxStatus.class);
    for (InboxStatus s : InboxStatus.values()) {
      counts.put(s, 0L);
    }
    db.query(sql, r -> counts.put(r.enumValue(InboxStatus.class, "status"), r.longValue("n")), params);
    return counts;
  }

  @Override
  public int purgeDone(Instant before) {
    Objects.requireNonNull(before, "before");
    return db.update("DELETE FROM inbox WHERE status = 'DONE' AND completed_at < ?", before);
  }
}
