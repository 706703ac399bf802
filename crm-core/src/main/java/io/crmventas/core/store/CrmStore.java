package io.crmventas.core.store;

import io.crmventas.core.inbox.InboxStore;
import io.crmventas.core.tenant.TenantDirectory;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserDirectory;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The CRM's persistent state. Two implementations ship: {@code InMemoryCrmStore} (tests,
 * embedding, the embedded default) and {@code JdbcCrmStore} (PostgreSQL); both pass the same
 * contract suites.
 *
 * <p><b>Tenants.</b> Tenant-owned data is only reachable through {@link #tenant(TenantId)},
 * a view bound to one tenant: every read and write through it is limited to that tenant, and
 * references to another tenant's rows (a seller who is not a member, another tenant's lead)
 * are rejected. Users, the tenant directory and the inbox work queue are not tenant-owned.
 *
 * <p><b>Transactions.</b> Each method is atomic on its own. {@link #inTransaction} groups
 * several into one unit of work that commits together or leaves nothing behind.
 *
 * <p><b>Threads and errors.</b> Implementations are thread-safe. Methods throw
 * {@link io.crmventas.core.InvalidInputException} for bad values and foreign references,
 * {@link io.crmventas.core.NotFoundException} when an entity the call needs is missing,
 * {@link io.crmventas.core.ConflictException} for uniqueness and version clashes, and
 * {@link io.crmventas.core.RetriableException} (including
 * {@link io.crmventas.core.StoreUnavailableException}) for transient failures.
 */
public interface CrmStore {

  /** Tenants: create, read, update, list. */
  TenantDirectory tenants();

  /** Users, which exist across tenants. */
  UserDirectory users();

  /**
   * The view of one tenant's data. Cheap to call; does not check that the tenant exists
   * (reads of an unknown tenant find nothing, writes fail with not found).
   */
  TenantStore tenant(TenantId tenantId);

  /** The durable inbox of received webhook events, shared by the workers of every tenant. */
  InboxStore inbox();

  /**
   * Runs {@code work} as one unit of work against the store it is given: either everything it
   * wrote is committed, or, if it throws, nothing is. Calls nest: an inner call joins the
   * outer unit. Use only the store passed to {@code work} inside it.
   *
   * @return what {@code work} returned
   * @throws RuntimeException whatever {@code work} threw, after rolling back
   */
  <T> T inTransaction(Function<CrmStore, T> work);

  /** {@link #inTransaction(Function)} for work that returns nothing. */
  default void runInTransaction(Consumer<CrmStore> work) {
    inTransaction(tx -> {
      work.accept(tx);
      return null;
    });
  }

  /**
   * Checks that the store answers.
   *
   * @throws io.crmventas.core.StoreUnavailableException if it does not
   */
  void checkAvailable();
}
