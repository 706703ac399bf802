package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.inbox.InboxStore;
import io.crmventas.core.inbox.Lease;
import io.crmventas.core.internal.Check;
import io.crmventas.core.internal.Ids;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.memory.MemoryDb.InboxKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

final class MemInbox implements InboxStore {
  private static final Comparator<InboxEvent> DUE_ORDER = Comparator.comparing(InboxEvent::nextAttemptAt)
      .thenComparing((a, b) -> Ids.compare(a.id().value(), b.id().value()));

  private final MemoryDb db;

  MemInbox(MemoryDb db) {
    this.db = db;
  }

  /** Stores {@code e}, keeping the index of active events in step. */
  static void save(MemoryDb db, InboxEvent e) {
    db.put(db.inbox, e.id(), e);
    if (e.status() == InboxStatus.PENDING || e.status() == InboxStatus.PROCESSING) {
      db.put(db.inboxActive, e.id(), e);
    } else {
      db.remove(db.inboxActive, e.id());
    }
  }

  @Override
  public InsertResult<InboxEvent> append(InboxEvent e) {
    Objects.requireNonNull(e, "event");
    return db.write(() -> {
      if (!db.tenants.containsKey(e.tenantId())) {
        throw new NotFoundException("tenant", e.tenantId());
      }
      InboxKey key = new InboxKey(e.tenantId(), e.provider(), e.eventId());
      InboxEventId existing = db.inboxKeys.get(key);
      if (existing != null) {
        return new InsertResult.Duplicate<>(db.inbox.get(existing));
      }
      if (db.inbox.containsKey(e.id())) {
        throw new ConflictException("inbox.id.unique", "inbox event " + e.id() + " already exists");
      }
      save(db, e);
      db.put(db.inboxKeys, key, e.id());
      return new InsertResult.Inserted<>(e);
    });
  }

  @Override
  public List<InsertResult<InboxEvent>> appendAll(List<InboxEvent> events) {
    Objects.requireNonNull(events, "events");
    events.forEach(e -> Objects.requireNonNull(e, "event"));
    return db.write(() -> {
      for (InboxEvent e : events) {
        if (!db.tenants.containsKey(e.tenantId())) {
          throw new NotFoundException("tenant", e.tenantId());
        }
      }
      List<InsertResult<InboxEvent>> out = new java.util.ArrayList<>(events.size());
      for (InboxEvent e : events) {
        out.add(append(e));
      }
      return out;
    });
  }

  @Override
  public List<InboxEvent> claim(String owner, Set<String> providers, int max, Duration leaseFor) {
    String who = Check.text("owner", owner, 200);
    Set<String> which = Set.copyOf(InboxEvent.providers(providers));
    Check.range("max", max, 1, 10_000);
    requirePositive(leaseFor);
    return db.write(() -> {
      Instant now = db.clock.instant();
      List<InboxEvent> due = new ArrayList<>();
      for (InboxEvent e : db.inboxActive.values()) {
        boolean pendingDue = e.status() == InboxStatus.PENDING && !e.nextAttemptAt().isAfter(now);
        boolean leaseExpired = e.status() == InboxStatus.PROCESSING
            && e.lease().map(l -> !l.until().isAfter(now)).orElse(true);
        if ((pendingDue || leaseExpired) && which.contains(e.provider())) {
          due.add(e);
        }
      }
      due.sort(DUE_ORDER);
      List<InboxEvent> claimed = new ArrayList<>();
      for (InboxEvent e : due.subList(0, Math.min(max, due.size()))) {
        InboxEvent c = new InboxEvent(e.id(), e.tenantId(), e.provider(), e.eventId(), e.eventType(), e.payload(),
            InboxStatus.PROCESSING, e.attempts() + 1, e.nextAttemptAt(),
            Optional.of(new Lease(UUID.randomUUID(), who, now.plus(leaseFor))), e.lastError(), e.receivedAt(),
            Optional.empty());
        save(db, c);
        claimed.add(c);
      }
      return claimed;
    });
  }

  private static void requirePositive(Duration leaseFor) {
    Objects.requireNonNull(leaseFor, "leaseFor");
    if (leaseFor.isNegative() || leaseFor.isZero()) {
      throw new io.crmventas.core.InvalidInputException("leaseFor", leaseFor, "must be positive");
    }
  }

  /** Applies {@code change} if the event is processing under {@code token}. */
  private boolean withLease(InboxEventId id, UUID token, UnaryOperator<InboxEvent> change) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(token, "leaseToken");
    return db.write(() -> {
      InboxEvent e = db.inbox.get(id);
      if (e == null || e.status() != InboxStatus.PROCESSING
          || e.lease().map(l -> !l.token().equals(token)).orElse(true)) {
        return false;
      }
      save(db, change.apply(e));
      return true;
    });
  }

  private static InboxEvent with(InboxEvent e, InboxStatus status, int attempts, Instant next, Optional<Lease> lease,
      Optional<String> error, Optional<Instant> completed) {
    return new InboxEvent(e.id(), e.tenantId(), e.provider(), e.eventId(), e.eventType(), e.payload(), status,
        attempts, next, lease, error, e.receivedAt(), completed);
  }

  @Override
  public boolean complete(InboxEventId id, UUID leaseToken) {
    return withLease(id, leaseToken, e -> with(e, InboxStatus.DONE, e.attempts(), e.nextAttemptAt(), Optional.empty(),
        e.lastError(), Optional.of(db.clock.instant())));
  }

  @Override
  public boolean fail(InboxEventId id, UUID leaseToken, String error, Instant retryAt) {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(retryAt, "retryAt");
    return withLease(id, leaseToken, e -> with(e, InboxStatus.PENDING, e.attempts(), retryAt, Optional.empty(),
        Optional.of(error), Optional.empty()));
  }

  @Override
  public boolean deadLetter(InboxEventId id, UUID leaseToken, String error) {
    Objects.requireNonNull(error, "error");
    return withLease(id, leaseToken, e -> with(e, InboxStatus.DEAD, e.attempts(), e.nextAttemptAt(), Optional.empty(),
        Optional.of(error), Optional.empty()));
  }

  @Override
  public boolean release(InboxEventId id, UUID leaseToken) {
    return withLease(id, leaseToken, e -> with(e, InboxStatus.PENDING, Math.max(0, e.attempts() - 1),
        db.clock.instant(), Optional.empty(), e.lastError(), Optional.empty()));
  }

  @Override
  public boolean extendLease(InboxEventId id, UUID leaseToken, Duration leaseFor) {
    requirePositive(leaseFor);
    return withLease(id, leaseToken, e -> {
      Lease l = e.lease().orElseThrow();
      return with(e, e.status(), e.attempts(), e.nextAttemptAt(),
          Optional.of(new Lease(l.token(), l.owner(), db.clock.instant().plus(leaseFor))), e.lastError(),
          e.completedAt());
    });
  }

  @Override
  public Optional<InboxEvent> find(InboxEventId id) {
    Objects.requireNonNull(id, "id");
    return db.read(() -> Optional.ofNullable(db.inbox.get(id)));
  }

  @Override
  public Map<InboxStatus, Long> countByStatus() {
    return db.read(() -> counts(db.inbox.values()));
  }

  static Map<InboxStatus, Long> counts(Iterable<InboxEvent> events) {
    Map<InboxStatus, Long> counts = new EnumMap<>(InboxStatus.class);
    for (InboxStatus s : InboxStatus.values()) {
      counts.put(s, 0L);
    }
    for (InboxEvent e : events) {
      counts.merge(e.status(), 1L, Long::sum);
    }
    return counts;
  }

  @Override
  public int purgeDone(Instant before) {
    Objects.requireNonNull(before, "before");
    return db.write(() -> {
      List<InboxEvent> old = db.inbox.values().stream()
          .filter(e -> e.status() == InboxStatus.DONE && e.completedAt().map(c -> c.isBefore(before)).orElse(false))
          .toList();
      for (InboxEvent e : old) {
        db.remove(db.inbox, e.id());
        db.remove(db.inboxKeys, new InboxKey(e.tenantId(), e.provider(), e.eventId()));
      }
      return old.size();
    });
  }
}
