package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool configured with {@code autoCommit=false} (as some applications set theirs) must not
 * make the store's single-statement writes vanish when the connection goes back to the pool.
 */
class PostgresManualCommitPoolIT {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase();

  @Test
  void writesOutsideAUnitOfWorkAreCommittedEvenWhenThePoolDoesNotAutoCommit() {
    MutableClock clock = MutableClock.at(TestData.T0);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.url());
    config.setSchema(DB.schema());
    config.setAutoCommit(false);
    config.setMaximumPoolSize(2);
    try (HikariDataSource manual = new HikariDataSource(config)) {
      JdbcCrmStore store = JdbcCrmStore.create(manual, clock);
      TenantFixture t = TenantFixture.create(store, clock);
      InboxEvent one = event(t, clock);
      InboxEvent batch = event(t, clock);
      store.inbox().append(one);
      store.inbox().appendAll(List.of(batch));

      // Read through the test's own (auto-committing) pool: only committed rows are visible.
      JdbcCrmStore reader = JdbcCrmStore.create(DB.dataSource(), clock);
      assertThat(reader.tenants().find(t.id)).isPresent();
      assertThat(reader.inbox().find(one.id())).contains(one);
      assertThat(reader.inbox().find(batch.id())).contains(batch);
    }
  }

  private static InboxEvent event(TenantFixture t, MutableClock clock) {
    return InboxEvent.received(InboxEventId.of(UUID.randomUUID()), t.id, "ycloud", "evt-" + UUID.randomUUID(),
        "whatsapp.inbound_message.received", "{}", clock.instant());
  }
}
