package io.crmventas.ycloud.webhook;

import io.crmventas.core.inbox.GroupCommitInboxWriter;
import io.crmventas.core.inbox.InboxWriter;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.ycloud.dedup.EventDeduplicator;
import io.crmventas.ycloud.dedup.InMemoryEventDeduplicator;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The delivery contract on PostgreSQL with concurrent deliveries committed together. */
class PostgresGroupCommitWebhookDeliveryIT extends WebhookDeliveryContract {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase(16);

  @Override
  protected CrmStore createStore(Clock clock) {
    return JdbcCrmStore.create(DB.dataSource(), clock);
  }

  @Override
  protected EventDeduplicator createDeduplicator(Clock clock) {
    return InMemoryEventDeduplicator.create(clock);
  }

  @Override
  protected InboxWriter createInboxWriter(CrmStore store) {
    return new GroupCommitInboxWriter(store.inbox(), 64);
  }
}
