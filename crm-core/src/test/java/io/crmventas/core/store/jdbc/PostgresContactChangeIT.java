package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.channel.ContactChange;
import io.crmventas.core.channel.InboundRecorder;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A contact change ({@link InboundRecorder#recordContactChange}) against work that commits while
 * it runs on PostgreSQL: it is decided on what is committed, not on what it read before waiting.
 */
class PostgresContactChangeIT {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase();

  private static final PhoneNumber OLD_PHONE = PhoneNumber.parse("+5491155550001");
  private static final PhoneNumber NEW_PHONE = PhoneNumber.parse("+5491166660001");
  private static final ChannelUserId OLD_ID = new ChannelUserId("AR.13491208655302741918");
  private static final ChannelUserId NEW_ID = new ChannelUserId("AR.66602223334445556667");
  private static final ContactChange NUMBER_CHANGED = new ContactChange(
      ContactAddress.of(Optional.of(OLD_PHONE), Optional.of(OLD_ID)),
      ContactAddress.of(Optional.of(NEW_PHONE), Optional.of(NEW_ID)));

  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private JdbcCrmStore store;
  private TenantFixture t;
  private InboundRecorder recorder;

  @BeforeEach
  void setUp() {
    store = JdbcCrmStore.create(DB.dataSource(), clock);
    t = TenantFixture.create(store, clock);
    recorder = new InboundRecorder(store, new EventBus().subscribe(DomainEvent.class, events::add), clock,
        IdGenerator.timeOrdered(clock), Optional.empty());
  }

  @Test
  void aNewNumberTakenByAUnitThatCommitsWhileTheMoveWaitsForItIsTaken() throws Exception {
    Lead lead = t.t.leads().create(t.leadBuilder(ContactAddress.of(Optional.of(OLD_PHONE), Optional.of(OLD_ID))).build());
    // The user's first message from the new number makes its lead, not committed yet.
    CountDownLatch created = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    CompletableFuture<Lead> newer = CompletableFuture.supplyAsync(() -> store.inTransaction(tx -> {
      Lead l = tx.tenant(t.id).leads().create(t.leadBuilder(ContactAddress.of(NEW_PHONE)).build());
      created.countDown();
      await(commit);
      return l;
    }));
    assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<ContactChange.Applied> move = CompletableFuture.supplyAsync(
        () -> recorder.recordContactChange(t.id, NUMBER_CHANGED, false));
    DB.awaitStatementWaitingForLock("UPDATE leads SET phone = %");
    commit.countDown();
    newer.get(30, TimeUnit.SECONDS);

    assertThat(move.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ContactChange.Outcome.TAKEN);
    assertThat(t.t.leads().find(lead.id())).contains(lead);
    assertThat(events).isEmpty();
  }

  @Test
  void aLeadThatAMessageGaveAnotherIdWhileTheMoveWaitedForItIsNotMoved() throws Exception {
    // Known by the old number only: the number change would move it, unless it is someone else's now.
    Lead lead = t.t.leads().create(t.leadBuilder(ContactAddress.of(OLD_PHONE)).build());
    ChannelUserId someoneElse = new ChannelUserId("AR.88801112223334445556");
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    CompletableFuture<Void> message = CompletableFuture.runAsync(() -> store.inTransaction(tx -> {
      Lead l = tx.tenant(t.id).leads().lock(lead.id()).orElseThrow();
      tx.tenant(t.id).leads().update(l.toBuilder().channelUserId(someoneElse).build());
      locked.countDown();
      await(commit);
      return null;
    }));
    assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<ContactChange.Applied> move = CompletableFuture.supplyAsync(
        () -> recorder.recordContactChange(t.id, NUMBER_CHANGED, false));
    DB.awaitStatementWaitingForLock("SELECT % FROM leads WHERE % FOR UPDATE");
    commit.countDown();
    message.get(30, TimeUnit.SECONDS);

    assertThat(move.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ContactChange.Outcome.NO_LEAD);
    assertThat(t.t.leads().find(lead.id()).orElseThrow().contact())
        .isEqualTo(ContactAddress.of(Optional.of(OLD_PHONE), Optional.of(someoneElse)));
    assertThat(events).isEmpty();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
