package io.crmventas.core.store.memory;

import io.crmventas.core.inbox.InboxStore;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.TenantDirectory;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserDirectory;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * A complete {@link CrmStore} in memory: for tests, for embedding the SDK without a database,
 * and for the reference server's embedded default. It passes the same contract suites as the
 * PostgreSQL store.
 *
 * <p>Thread-safe and serializable: one read-write lock guards all state, and every operation
 * and every {@link #inTransaction unit of work} is all-or-nothing. Nothing survives the
 * process.
 */
public final class InMemoryCrmStore implements CrmStore {
  private final MemoryDb db;
  private final MemDirectory directory;
  private final MemInbox inbox;

  private InMemoryCrmStore(Clock clock) {
    this.db = new MemoryDb(clock);
    this.directory = new MemDirectory(db);
    this.inbox = new MemInbox(db);
  }

  /**
   * An empty store whose clock stamps update times and decides which inbox events are due.
   */
  public static InMemoryCrmStore create(Clock clock) {
    return new InMemoryCrmStore(Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public TenantDirectory tenants() {
    return directory;
  }

  @Override
  public UserDirectory users() {
    return directory;
  }

  @Override
  public TenantStore tenant(TenantId tenantId) {
    return new MemTenantStore(db, Objects.requireNonNull(tenantId, "tenantId"));
  }

  @Override
  public InboxStore inbox() {
    return inbox;
  }

  @Override
  public <T> T inTransaction(Function<CrmStore, T> work) {
    Objects.requireNonNull(work, "work");
    return db.write(() -> work.apply(this));
  }

  @Override
  public void checkAvailable() {
    // Always available.
  }
}
