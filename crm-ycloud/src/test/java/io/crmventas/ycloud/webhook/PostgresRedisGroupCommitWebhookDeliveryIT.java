package io.crmventas.ycloud.webhook;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.RedisTestServer;
import io.crmventas.ycloud.dedup.EventDeduplicator;
import io.crmventas.ycloud.dedup.RedisEventDeduplicator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The delivery contract on PostgreSQL with Redis as the deduplicator and group commit: claims,
 * inserts and stored marks of concurrent deliveries go in batches.
 */
class PostgresRedisGroupCommitWebhookDeliveryIT extends WebhookDeliveryContract {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase(16);
  private static RedisClient redis;
  private StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void connectRedis() {
    redis = RedisTestServer.client();
  }

  @AfterAll
  static void shutdownRedis() {
    if (redis != null) {
      redis.shutdown();
    }
  }

  @Override
  protected CrmStore createStore(Clock clock) {
    return JdbcCrmStore.create(DB.dataSource(), clock);
  }

  @Override
  protected EventDeduplicator createDeduplicator(Clock clock) {
    connection = redis.connect();
    return RedisEventDeduplicator.create(connection, RedisTestServer.keyPrefix("webhook"));
  }

  @Override
  protected void closeDeduplicator() {
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  protected WebhookHandler.Builder configure(WebhookHandler.Builder builder) {
    return builder.groupCommit(64, 2);
  }
}
