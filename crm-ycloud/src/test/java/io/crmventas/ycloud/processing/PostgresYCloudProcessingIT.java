package io.crmventas.ycloud.processing;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.testing.PostgresTestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresYCloudProcessingIT extends YCloudProcessingContract {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase(16);

  @Override
  protected CrmStore createStore(Clock clock) {
    return JdbcCrmStore.create(DB.dataSource(), clock);
  }
}
