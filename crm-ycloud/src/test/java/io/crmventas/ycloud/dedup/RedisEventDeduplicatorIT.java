package io.crmventas.ycloud.dedup;

import static io.crmventas.ycloud.webhook.Fixtures.bytes;
import static io.crmventas.ycloud.webhook.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.RedisTestServer;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.ycloud.dedup.EventDeduplicator.Claim;
import io.crmventas.ycloud.webhook.Fixtures;
import io.crmventas.ycloud.webhook.WebhookHandler;
import io.crmventas.ycloud.webhook.WebhookResult;
import io.crmventas.ycloud.webhook.WebhookSecrets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisEventDeduplicatorIT {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase();
  private static RedisClient redis;
  private final TenantId tenant = TestData.newTenantId();

  @BeforeAll
  static void connect() {
    redis = RedisTestServer.client();
  }

  @AfterAll
  static void shutdown() {
    if (redis != null) {
      redis.shutdown();
    }
  }

  @Test
  void aClaimIsHeldUntilStoredOrReleased() {
    try (StatefulRedisConnection<String, String> c = redis.connect()) {
      RedisEventDeduplicator d = RedisEventDeduplicator.create(c, RedisTestServer.keyPrefix("dedup"));
      assertThat(d.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.CLAIMED);
      assertThat(d.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.IN_FLIGHT);
      d.release(tenant, "ycloud", "e1");
      assertThat(d.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.CLAIMED);
      d.stored(tenant, "ycloud", "e1");
      // The mark is not awaited; lettuce keeps one connection's commands in order.
      assertThat(d.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.STORED);
      d.release(tenant, "ycloud", "e1");
      assertThat(d.claim(tenant, "ycloud", "e1")).as("a stored event is never released").isEqualTo(Claim.STORED);
      assertThat(d.claim(TestData.newTenantId(), "ycloud", "e1")).as("tenants never share ids").isEqualTo(Claim.CLAIMED);
      assertThat(d.failures()).isZero();
    }
  }

  @Test
  void aNodeReleasesOnlyItsOwnClaimNotOneAnotherNodeMadeAfterItsExpired() {
    try (StatefulRedisConnection<String, String> c = redis.connect()) {
      String prefix = RedisTestServer.keyPrefix("dedup");
      RedisEventDeduplicator stalled = RedisEventDeduplicator.create(c, prefix);
      RedisEventDeduplicator other = RedisEventDeduplicator.create(c, prefix);
      assertThat(stalled.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.CLAIMED);
      // The stalled node's claim expires (deleted here instead of waiting out its TTL).
      assertThat(c.sync().del(c.sync().keys(prefix + "*").toArray(new String[0]))).isEqualTo(1);
      assertThat(other.claimAll(List.of(new EventDeduplicator.Event(tenant, "ycloud", "e1"))))
          .containsExactly(Claim.CLAIMED);
      stalled.release(tenant, "ycloud", "e1");
      assertThat(other.claim(tenant, "ycloud", "e1")).as("the other node's claim still holds").isEqualTo(Claim.IN_FLIGHT);
      other.release(tenant, "ycloud", "e1");
      assertThat(stalled.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.CLAIMED);
    }
  }

  @Test
  void manyClaimsAndMarksTakeOneRoundTripWithTheSameAnswersAsOneByOne() {
    try (StatefulRedisConnection<String, String> c = redis.connect()) {
      RedisEventDeduplicator d = RedisEventDeduplicator.create(c, RedisTestServer.keyPrefix("dedup"));
      d.claim(tenant, "ycloud", "held");
      d.claim(tenant, "ycloud", "done");
      d.stored(tenant, "ycloud", "done");
      TenantId other = TestData.newTenantId();
      List<EventDeduplicator.Event> batch = List.of(new EventDeduplicator.Event(tenant, "ycloud", "new"),
          new EventDeduplicator.Event(tenant, "ycloud", "held"), new EventDeduplicator.Event(tenant, "ycloud", "done"),
          new EventDeduplicator.Event(tenant, "ycloud", "new"), new EventDeduplicator.Event(other, "ycloud", "done"));

      d.claimAll(List.of(new EventDeduplicator.Event(tenant, "ycloud", "warm-up"))); // Redis now knows the script
      d.storedAll(List.of(new EventDeduplicator.Event(tenant, "ycloud", "warm-up")));
      long evalsBefore = evalCalls(c);
      assertThat(d.claimAll(batch)).containsExactly(Claim.CLAIMED, Claim.IN_FLIGHT, Claim.STORED, Claim.IN_FLIGHT,
          Claim.CLAIMED);
      assertThat(evalCalls(c) - evalsBefore).as("one Redis call for the five claims").isEqualTo(1);
      assertThat(d.claimAll(List.of())).isEmpty();

      d.storedAll(List.of(batch.get(0), batch.get(4)));
      assertThat(d.claim(tenant, "ycloud", "new")).isEqualTo(Claim.STORED);
      assertThat(d.claim(other, "ycloud", "done")).isEqualTo(Claim.STORED);
      assertThat(d.failures()).isZero();
    }
  }

  @Test
  void scriptsRunByTheirSha1AndAreSentAgainWhenRedisForgetsThem() {
    try (StatefulRedisConnection<String, String> c = redis.connect()) {
      RedisEventDeduplicator d = RedisEventDeduplicator.create(c, RedisTestServer.keyPrefix("dedup"));
      EventDeduplicator.Event a = new EventDeduplicator.Event(tenant, "ycloud", "a");
      EventDeduplicator.Event b = new EventDeduplicator.Event(tenant, "ycloud", "b");
      d.claimAll(List.of(new EventDeduplicator.Event(tenant, "ycloud", "warm-up")));
      long whole = calls(c, "eval");
      long bySha1 = calls(c, "evalsha");
      assertThat(d.claimAll(List.of(a))).containsExactly(Claim.CLAIMED);
      assertThat(calls(c, "evalsha") - bySha1).as("a known script goes by its SHA1").isEqualTo(1);
      assertThat(calls(c, "eval") - whole).as("and is not sent whole").isZero();

      // A restart or failover empties the script cache; SCRIPT FLUSH does the same.
      c.sync().scriptFlush();
      assertThat(d.claimAll(List.of(a, b))).containsExactly(Claim.IN_FLIGHT, Claim.CLAIMED);
      assertThat(calls(c, "eval") - whole).as("the script is sent whole once").isEqualTo(1);
      d.release(tenant, "ycloud", "b");
      c.sync().scriptFlush();
      d.storedAll(List.of(a));
      c.sync().scriptFlush();
      d.release(tenant, "ycloud", "a");
      assertThat(d.claimAll(List.of(a, b))).as("the mark and the release both took effect")
          .containsExactly(Claim.STORED, Claim.CLAIMED);
      assertThat(d.failures()).isZero();
    }
  }

  /** How many EVAL and EVALSHA calls Redis has served (this test class is the only one using Redis while it runs). */
  private static long evalCalls(StatefulRedisConnection<String, String> c) {
    return calls(c, "eval") + calls(c, "evalsha");
  }

  private static long calls(StatefulRedisConnection<String, String> c, String command) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_" + command + ":calls=(\\d+)")
        .matcher(c.sync().info("commandstats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  @Test
  void redisDownAnswersUnknownForEveryClaimOfABatch() {
    StatefulRedisConnection<String, String> c = redis.connect();
    RedisEventDeduplicator d = RedisEventDeduplicator.create(c, RedisTestServer.keyPrefix("dedup"));
    c.close();
    List<EventDeduplicator.Event> batch = List.of(new EventDeduplicator.Event(tenant, "ycloud", "a"),
        new EventDeduplicator.Event(tenant, "ycloud", "b"));
    assertThat(d.claimAll(batch)).containsExactly(Claim.UNKNOWN, Claim.UNKNOWN);
    d.storedAll(batch);
    assertThat(d.failures()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void redisDownAnswersUnknownAndNeverThrows() {
    StatefulRedisConnection<String, String> c = redis.connect();
    RedisEventDeduplicator d = RedisEventDeduplicator.create(c, RedisTestServer.keyPrefix("dedup"));
    c.close();
    assertThat(d.claim(tenant, "ycloud", "e1")).isEqualTo(Claim.UNKNOWN);
    d.stored(tenant, "ycloud", "e1");
    d.release(tenant, "ycloud", "e1");
    assertThat(d.failures()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void withRedisDownTheInboxUniqueKeyStillStopsTheDuplicate() {
    MutableClock clock = MutableClock.at(TestData.T0);
    JdbcCrmStore store = JdbcCrmStore.create(DB.dataSource(), clock);
    TenantFixture t = TenantFixture.create(store, clock);
    StatefulRedisConnection<String, String> c = redis.connect();
    RedisEventDeduplicator down = RedisEventDeduplicator.create(c, RedisTestServer.keyPrefix("dedup"));
    c.close();
    WebhookHandler handler = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(t.id, List.of(Fixtures.SECRET))))
        .clock(clock).deduplicator(down).build();
    byte[] body = bytes(Fixtures.json("inbound-text"));
    long now = clock.instant().getEpochSecond();

    WebhookResult first = handler.handle(t.id, signed(body, now), body);
    WebhookResult second = handler.handle(t.id, signed(body, now), body);

    assertThat(first).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(second).isInstanceOf(WebhookResult.Duplicate.class);
    assertThat(second.status()).isEqualTo(200);
    assertThat(t.t.inbox().countByStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
    assertThat(down.failures()).isGreaterThan(0);
  }
}
