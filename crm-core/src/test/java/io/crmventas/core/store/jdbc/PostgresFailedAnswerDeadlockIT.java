package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recount after a failed answer locks the conversation, then the lead. Work that locks them
 * the other way round (a lead locked, then its conversation changed) can deadlock with it; when
 * PostgreSQL picks the recount as the victim, the recount runs again and the status is applied.
 */
class PostgresFailedAnswerDeadlockIT {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase();

  @Test
  void aRecountThatLosesADeadlockIsRunAgain() throws Exception {
    MutableClock clock = MutableClock.at(TestData.T0);
    JdbcCrmStore store = JdbcCrmStore.create(DB.dataSource(), clock);
    TenantFixture t = TenantFixture.create(store, clock);
    Lead lead = t.lead();
    Conversation c = t.conversation(lead);
    Instant t0 = clock.instant();
    t.t.conversations().append(t.inboundText(c, "hola", "in-1", t0));
    clock.advance(Duration.ofMillis(1));
    Message bot = t.reply(c, Author.BOT, Optional.empty(), "hola", t0.plusSeconds(1));
    t.t.conversations().append(bot);
    t.t.messages().markSent(bot.id(), "wamid.deadlock", DeliveryStatus.ACCEPTED);

    CountDownLatch leadLocked = new CountDownLatch(1);
    CompletableFuture<Void> other = CompletableFuture.runAsync(() -> store.inTransaction(tx -> {
      tx.tenant(t.id).leads().lock(lead.id());
      leadLocked.countDown();
      // Once the recount holds the conversation and waits for the lead, wait for the
      // conversation: the recount waited first, so PostgreSQL finds the deadlock from its side.
      awaitRecountWaitingForTheLead();
      tx.tenant(t.id).conversations().setStatus(c.id(), ConversationStatus.OPEN);
      return null;
    }));
    assertThat(leadLocked.await(10, TimeUnit.SECONDS)).isTrue();

    Optional<Message> failed = t.t.messages().advanceDeliveryStatus("wamid.deadlock", DeliveryStatus.FAILED);

    other.get(30, TimeUnit.SECONDS);
    assertThat(failed).map(Message::deliveryStatus).contains(DeliveryStatus.FAILED);
    assertThat(t.t.conversations().find(c.id()).orElseThrow().awaitingReplySince()).contains(t0);
    assertThat(t.t.leads().find(lead.id()).orElseThrow().lastOutboundAt()).isEmpty();
  }

  private static void awaitRecountWaitingForTheLead() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Connection c = DB.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            + " AND query LIKE 'SELECT id FROM leads WHERE tenant_id = $1 AND id = $2 FOR UPDATE'")) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.sleep(5);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("the recount never waited for the lead's lock");
  }
}
