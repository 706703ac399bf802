package io.crmventas.core.store.jdbc;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.NotificationChecksContract;
import io.crmventas.core.testing.PostgresTestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresNotificationChecksIT extends NotificationChecksContract {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase(12);

  @Override
  protected CrmStore createStore(Clock clock) {
    return JdbcCrmStore.create(DB.dataSource(), clock);
  }
}
