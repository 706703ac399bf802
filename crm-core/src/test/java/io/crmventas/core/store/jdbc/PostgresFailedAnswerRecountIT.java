package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recount after a failed answer, against concurrent work on PostgreSQL's row locks. It locks
 * the conversation, then the lead. Work that locks them the other way round (a lead locked, then
 * its conversation changed) can deadlock with it; when PostgreSQL picks the recount as the
 * victim, the recount runs again and the status is applied. And a message appended meanwhile in
 * another conversation of the lead is counted, not undone.
 */
class PostgresFailedAnswerRecountIT {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase();

  private final MutableClock clock = MutableClock.at(TestData.T0);
  private JdbcCrmStore store;
  private TenantFixture t;
  private Lead lead;
  private Conversation c;
  private final Instant t0 = TestData.T0;

  /** A lead's WhatsApp conversation with the bot's answer at t0 + 1 s, sent as {@code botProviderId}. */
  private void botAnswered(String botProviderId, boolean leadWroteFirst) {
    store = JdbcCrmStore.create(DB.dataSource(), clock);
    t = TenantFixture.create(store, clock);
    lead = t.lead();
    c = t.conversation(lead);
    if (leadWroteFirst) {
      t.t.conversations().append(t.inboundText(c, "hola", "in-1", t0));
      clock.advance(Duration.ofMillis(1));
    }
    Message bot = t.reply(c, Author.BOT, Optional.empty(), "hola", t0.plusSeconds(1));
    t.t.conversations().append(bot);
    t.t.messages().markSent(bot.id(), botProviderId, DeliveryStatus.ACCEPTED);
    clock.advance(Duration.ofMillis(1));
  }

  @Test
  void aRecountThatLosesADeadlockIsRunAgain() throws Exception {
    botAnswered("wamid.deadlock", true);

    CountDownLatch leadLocked = new CountDownLatch(1);
    // Another unit, in plain SQL so that it can wait longer than the recount before it looks for
    // deadlocks: PostgreSQL breaks a deadlock in whichever session checks first, and on a busy
    // machine that is not always the one that started waiting first.
    CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
      try (java.sql.Connection conn = DB.dataSource().getConnection()) {
        conn.setAutoCommit(false);
        try (java.sql.Statement st = conn.createStatement()) {
          if (superuser(st)) {
            st.execute("SET LOCAL deadlock_timeout = '20s'");
          }
          st.execute("SELECT 1 FROM leads WHERE tenant_id = '" + t.id + "' AND id = '" + lead.id() + "' FOR UPDATE");
          leadLocked.countDown();
          // Once the recount holds the conversation and waits for the lead, wait for the
          // conversation: the recount waited first, so PostgreSQL finds the deadlock from its side.
          awaitRecountWaitingForTheLead();
          st.execute("UPDATE conversations SET status = 'OPEN' WHERE tenant_id = '" + t.id + "' AND id = '" + c.id()
              + "'");
        }
        conn.commit();
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(leadLocked.await(10, TimeUnit.SECONDS)).isTrue();

    Optional<Message> failed = t.t.messages().advanceDeliveryStatus("wamid.deadlock", DeliveryStatus.FAILED);

    other.get(30, TimeUnit.SECONDS);
    assertThat(failed).map(Message::deliveryStatus).contains(DeliveryStatus.FAILED);
    assertThat(t.t.conversations().find(c.id()).orElseThrow().awaitingReplySince()).contains(t0);
    assertThat(t.t.leads().find(lead.id()).orElseThrow().lastOutboundAt()).isEmpty();
  }

  @Test
  void aMessageCommittedInAnotherConversationOfTheLeadWhileTheRecountWaitsIsCounted() throws Exception {
    botAnswered("wamid.fails", false);
    Conversation telegram = t.t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), t.id,
        lead.id(), "telegram", Optional.empty(), clock.instant())).value();
    Message meanwhile = t.reply(telegram, Author.BOT, Optional.empty(), "por acá también", t0.plusSeconds(5));

    // An append in the lead's other conversation holds the lead's row until it commits.
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    CompletableFuture<Void> other = CompletableFuture.runAsync(() -> store.inTransaction(tx -> {
      tx.tenant(t.id).conversations().append(meanwhile);
      appended.countDown();
      try {
        commit.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }));
    assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Optional<Message>> recount = CompletableFuture.supplyAsync(
        () -> t.t.messages().advanceDeliveryStatus("wamid.fails", DeliveryStatus.FAILED));
    awaitRecountWaitingForTheLead();
    commit.countDown();
    other.get(30, TimeUnit.SECONDS);
    assertThat(recount.get(30, TimeUnit.SECONDS)).map(Message::deliveryStatus).contains(DeliveryStatus.FAILED);

    assertThat(t.t.leads().find(lead.id()).orElseThrow().lastOutboundAt()).contains(t0.plusSeconds(5));
  }

  private static void awaitRecountWaitingForTheLead() {
    DB.awaitStatementWaitingForLock("SELECT id FROM leads %", "UPDATE leads SET last_outbound_at %");
  }

  private static boolean superuser(java.sql.Statement st) throws java.sql.SQLException {
    try (java.sql.ResultSet rs = st.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
      return rs.next() && rs.getBoolean(1);
    }
  }
}
