package io.crmventas.core.store.memory;

import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.inbox.TenantInbox;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

final class MemTenantInbox implements TenantInbox {
  static final Order<InboxEvent, TimeId> ORDER = Order.timeIdDesc(e -> new TimeId(e.receivedAt(), e.id().value()));

  private final MemoryDb db;
  private final TenantId tenant;

  MemTenantInbox(MemoryDb db, TenantId tenant) {
    this.db = db;
    this.tenant = tenant;
  }

  private List<InboxEvent> mine() {
    return db.inbox.values().stream().filter(e -> e.tenantId().equals(tenant)).toList();
  }

  @Override
  public Optional<InboxEvent> find(InboxEventId id) {
    Objects.requireNonNull(id, "id");
    return db.read(() -> Optional.ofNullable(db.inbox.get(id)).filter(e -> e.tenantId().equals(tenant)));
  }

  @Override
  public Optional<InboxEvent> find(String provider, String eventId) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(eventId, "eventId");
    return db.read(() -> Optional.ofNullable(db.inboxKeys.get(new MemoryDb.InboxKey(tenant, provider, eventId)))
        .map(db.inbox::get));
  }

  @Override
  public Page<InboxEvent> list(InboxStatus status, PageRequest page) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(page, "page");
    return db.read(() -> ORDER.page(mine(), e -> e.status() == status, page));
  }

  @Override
  public Map<InboxStatus, Long> countByStatus() {
    return db.read(() -> MemInbox.counts(mine()));
  }

  @Override
  public boolean retry(InboxEventId id) {
    Objects.requireNonNull(id, "id");
    return db.write(() -> {
      InboxEvent e = db.inbox.get(id);
      if (e == null || !e.tenantId().equals(tenant) || e.status() != InboxStatus.DEAD) {
        return false;
      }
      MemInbox.save(db, new InboxEvent(e.id(), e.tenantId(), e.provider(), e.eventId(), e.eventType(), e.payload(),
          InboxStatus.PENDING, 0, db.clock.instant(), Optional.empty(), e.lastError(), e.receivedAt(), Optional.empty()));
      return true;
    });
  }
}
