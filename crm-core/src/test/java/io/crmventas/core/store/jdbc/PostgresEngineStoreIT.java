package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.lead.Lead;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.EngineStoreContract;
import io.crmventas.core.testing.PostgresTestDatabase;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresEngineStoreIT extends EngineStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase();

  @Override
  protected CrmStore createStore(Clock clock) {
    return JdbcCrmStore.create(DB.dataSource(), clock);
  }

  @Test
  void unlockLetsOthersTakeTheSellerBeforeTheUnitEnds() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    CountDownLatch checked = new CountDownLatch(1);
    CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> store.runInTransaction(tx -> {
      assertThat(tx.tenant(a.id).members().tryLock(a.seller1.id())).isTrue();
      tx.tenant(a.id).members().unlock(a.seller1.id());
      released.countDown();
      try {
        checked.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
    boolean free = store.inTransaction(tx -> tx.tenant(a.id).members().tryLock(a.seller1.id()));
    checked.countDown();
    holder.get(10, TimeUnit.SECONDS);
    assertThat(free).isTrue();
  }

  @Test
  void aMemberLockedByAnotherUnitIsSkippedAndALeadLockMakesOthersWait() throws Exception {
    Lead lead = a.lead();
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> store.runInTransaction(tx -> {
      assertThat(tx.tenant(a.id).members().tryLock(a.seller1.id())).isTrue();
      tx.tenant(a.id).leads().lock(lead.id());
      locked.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
    boolean busy = store.inTransaction(tx -> tx.tenant(a.id).members().tryLock(a.seller1.id()));
    assertThat(busy).as("held by the other unit: skipped, not waited for").isFalse();
    var w = a.t.assignments().workloads(java.util.List.of(a.seller1.id()), java.util.Optional.empty(),
        java.util.Optional.empty()).get(a.seller1.id());
    var busyToo = store.inTransaction(tx -> tx.tenant(a.id).assignments().lockSeller(a.seller1.id(), w));
    assertThat(busyToo).isEqualTo(io.crmventas.core.assignment.AssignmentStore.SellerLock.BUSY);
    boolean free = store.inTransaction(tx -> tx.tenant(a.id).members().tryLock(a.seller2.id()));
    assertThat(free).isTrue();

    CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(
        () -> store.inTransaction(tx -> tx.tenant(a.id).leads().lock(lead.id()).isPresent()));
    // The second lock waits for the first unit (the helper fails if it never does).
    DB.awaitStatementWaitingForLock("SELECT % FROM leads WHERE % FOR UPDATE");
    assertThat(waiter).as("the second lock waits for the first unit").isNotDone();
    release.countDown();
    holder.get(10, TimeUnit.SECONDS);
    assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
  }
}
