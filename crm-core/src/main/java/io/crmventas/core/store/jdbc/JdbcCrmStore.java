package io.crmventas.core.store.jdbc;

import io.crmventas.core.inbox.InboxStore;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.TenantDirectory;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserDirectory;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The {@link CrmStore} on PostgreSQL 13 or later, through any {@link DataSource} (use a pool
 * such as HikariCP). The schema is the Flyway migrations in {@code classpath:db/migration}
 * of this jar; apply them before use (the store does not migrate by itself).
 *
 * <p>Every statement filters on the tenant, and composite foreign keys on
 * {@code (tenant_id, ...)} make a cross-tenant reference impossible in the database itself.
 * Uniqueness rules are enforced by constraints, so they hold across processes; duplicates are
 * detected with {@code INSERT ... ON CONFLICT}, and the inbox is claimed with
 * {@code FOR UPDATE SKIP LOCKED}. A unit of work is one database transaction at the data
 * source's default isolation (read committed); outside one, a statement that loses a deadlock
 * is retried.
 *
 * <p>Thread-safe.
 */
public final class JdbcCrmStore implements CrmStore {
  private final Db db;

  private JdbcCrmStore(Db db) {
    this.db = db;
  }

  /**
   * A store on {@code dataSource}, whose connections must reach a database migrated with this
   * version's migrations (for example by setting the schema on the pool).
   *
   * @param clock stamps update times and decides which inbox events are due
   */
  public static JdbcCrmStore create(DataSource dataSource, Clock clock) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(clock, "clock");
    return new JdbcCrmStore(new Db(dataSource, clock));
  }

  @Override
  public TenantDirectory tenants() {
    return new JdbcDirectory(db);
  }

  @Override
  public UserDirectory users() {
    return new JdbcDirectory(db);
  }

  @Override
  public TenantStore tenant(TenantId tenantId) {
    return new JdbcTenantStore(db, Objects.requireNonNull(tenantId, "tenantId"));
  }

  @Override
  public InboxStore inbox() {
    return new JdbcInbox(db);
  }

  @Override
  public <T> T inTransaction(Function<CrmStore, T> work) {
    Objects.requireNonNull(work, "work");
    return db.transaction(tx -> work.apply(new JdbcCrmStore(tx)));
  }

  @Override
  public void checkAvailable() {
    db.queryLong("SELECT 1");
  }
}
