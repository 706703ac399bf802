package io.crmventas.ycloud.dedup;

import static io.crmventas.ycloud.webhook.Fixtures.bytes;
import static io.crmventas.ycloud.webhook.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.ycloud.dedup.EventDeduplicator.Claim;
import io.crmventas.ycloud.webhook.Fixtures;
import io.crmventas.ycloud.webhook.WebhookHandler;
import io.crmventas.ycloud.webhook.WebhookResult;
import io.crmventas.ycloud.webhook.WebhookSecrets;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Redis outage, not a closed connection: a redis-server of the test's own is stopped under
 * a deduplicator whose lettuce connection is configured as site/docs/ycloud.md recommends
 * (commands refused while disconnected). Claims then answer "unknown" at once, the inbox's unique
 * key still stops a duplicate, and once Redis is back the claims work again.
 */
class RedisOutageIT {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase();
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private Process server;
  private RedisClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.shutdown();
    }
    if (server != null) {
      server.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts redis-server on {@code port} (nothing kept on disk) and waits until it answers. */
  private Process startRedis(int port) throws Exception {
    Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return p;
      } catch (IOException notYet) {
        assertThat(p.isAlive()).as("redis-server must be installed (apt-get install redis-server)").isTrue();
        assertThat(System.nanoTime()).as("redis-server on port %d did not start", port).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  @Test
  void duringAnOutageClaimsAnswerUnknownAtOnceTheInboxDecidesAndAfterItClaimsWorkAgain() throws Exception {
    int port = freePort();
    server = startRedis(port);
    client = RedisClient.create(RedisURI.create("127.0.0.1", port));
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(10_000)
        .build());
    StatefulRedisConnection<String, String> connection = client.connect();
    // A command budget of a minute: a claim queued while Redis is down, instead of refused, would
    // hold the test far past the bound below.
    RedisEventDeduplicator dedup = new RedisEventDeduplicator(connection, "outage:", Duration.ofHours(24),
        Duration.ofSeconds(60), Duration.ofSeconds(60));
    JdbcCrmStore store = JdbcCrmStore.create(DB.dataSource(), clock);
    TenantFixture t = TenantFixture.create(store, clock);
    WebhookHandler handler = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(t.id, List.of(Fixtures.SECRET))))
        .clock(clock).deduplicator(dedup).build();
    assertThat(dedup.claim(t.id, "ycloud", "before")).isEqualTo(Claim.CLAIMED);

    server.destroy();
    assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> dedup.claim(t.id, "ycloud", "during")))
        .as("refused at once, not queued until Redis is back").isEqualTo(Claim.UNKNOWN);
    byte[] body = bytes(Fixtures.json("inbound-text"));
    long now = clock.instant().getEpochSecond();
    assertThat(handler.handle(t.id, signed(body, now), body)).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(handler.handle(t.id, signed(body, now), body)).isInstanceOf(WebhookResult.Duplicate.class);
    assertThat(t.t.inbox().countByStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);

    server = startRedis(port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Claim after = Claim.UNKNOWN;
    while (after == Claim.UNKNOWN && System.nanoTime() < deadline) {
      Thread.sleep(100); // lettuce reconnects on its own
      after = dedup.claim(t.id, "ycloud", "after");
    }
    assertThat(after).as("claims work again once Redis is back").isEqualTo(Claim.CLAIMED);
  }
}
