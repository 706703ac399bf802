package io.crmventas.core.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Redis server integration tests use: {@code crm.test.redis.url} / {@code CRM_TEST_REDIS_URL}
 * (default {@code redis://127.0.0.1:6379}). Tests share the server, so each should work under
 * its own {@link #keyPrefix}. When Redis cannot be reached, {@link #requireReachable} fails with
 * a message saying how to start it: integration tests never skip.
 */
public final class RedisTestServer {
  public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

  private RedisTestServer() {}

  public static String url() {
    String url = System.getProperty("crm.test.redis.url");
    if (url == null || url.isBlank()) {
      url = System.getenv("CRM_TEST_REDIS_URL");
    }
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }

  /** A client for the test server; fails with instructions if it does not answer. */
  public static RedisClient client() {
    RedisURI uri = RedisURI.create(url());
    uri.setTimeout(Duration.ofSeconds(5));
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().ping();
    } catch (RuntimeException e) {
      client.shutdown();
      throw new IllegalStateException("Redis is not reachable at " + url() + " (" + e.getMessage() + ").\n"
          + "Integration tests need a real Redis 6+. Start it with:\n"
          + "  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no\n"
          + "or install and start it with scripts/test-all.sh (the README's test command),\n"
          + "or point -Dcrm.test.redis.url / CRM_TEST_REDIS_URL at another server.", e);
    }
    return client;
  }

  /** A key prefix no other test uses. */
  public static String keyPrefix(String name) {
    return "it:" + name + ":" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":";
  }
}
