package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two WhatsApp accounts writing at once from the number of a lead that has no user id yet: the
 * first to commit gives the lead its user id and username, and the other's username, decided on
 * the lead as it was before (without a user id), is not put on it.
 */
class PostgresLeadUsernameRaceIT {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase();

  @Test
  void anotherAccountsUsernameDecidedBeforeTheFirstCommittedIsNotPutOnTheLead() throws Exception {
    MutableClock clock = MutableClock.at(TestData.T0);
    JdbcCrmStore store = JdbcCrmStore.create(DB.dataSource(), clock);
    TenantFixture t = TenantFixture.create(store, clock);
    Lead lead = t.lead();
    ChannelUserId first = TestData.userId();
    ChannelUserId second = TestData.userId();

    // The first account's message holds the lead (as a unit of work that locked it would) and,
    // once the second has read the lead and waits to fill it, gives it its user id and username.
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch write = new CountDownLatch(1);
    CompletableFuture<Lead> one = CompletableFuture.supplyAsync(() -> store.inTransaction(tx -> {
      Lead l = tx.tenant(t.id).leads().lock(lead.id()).orElseThrow();
      locked.countDown();
      try {
        write.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return tx.tenant(t.id).leads().update(l.toBuilder().channelUserId(first).username("@primera").build());
    }));
    assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Lead> two = CompletableFuture.supplyAsync(() -> t.t.leads().upsertByContact(
        t.leadBuilder(ContactAddress.of(lead.phone(), Optional.of(second))).username("@segunda").build()).value());
    DB.awaitStatementWaitingForLock("UPDATE leads SET name = COALESCE%");
    write.countDown();
    assertThat(one.get(30, TimeUnit.SECONDS).username()).contains("@primera");

    Lead seen = two.get(30, TimeUnit.SECONDS);
    assertThat(seen.id()).isEqualTo(lead.id());
    Lead stored = t.t.leads().find(lead.id()).orElseThrow();
    assertThat(stored.channelUserId()).contains(first);
    assertThat(stored.username()).contains("@primera");
    assertThat(seen).isEqualTo(stored);
  }
}
