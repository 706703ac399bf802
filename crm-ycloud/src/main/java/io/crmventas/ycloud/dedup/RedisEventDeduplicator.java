package io.crmventas.ycloud.dedup;

import io.crmventas.core.tenant.TenantId;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventDeduplicator} on Redis, shared by every node: a claim is
 * {@code SET key claimed:<this deduplicator's token> NX EX <claimTtl>}, a stored event
 * {@code SET key stored EX <ttl>}. A release deletes only a claim made by this deduplicator (each
 * node has its own), so a node whose claim expired while it stalled cannot release the claim
 * another node made since.
 * Every command waits at most {@code timeout}; when Redis fails or is slow the answer is
 * {@link Claim#UNKNOWN} (the inbox's unique key decides) and the failure is logged and counted,
 * never thrown. {@link #claimAll} and {@link #storedAll} take many events in one round trip (a
 * Lua script), so their keys must live on one Redis node: a standalone or Sentinel-managed
 * Redis, not a cluster. Needs {@code io.lettuce:lettuce-core} on the class path. Thread-safe:
 * lettuce connections are.
 */
public final class RedisEventDeduplicator implements EventDeduplicator {
  private static final Logger LOG = LoggerFactory.getLogger(RedisEventDeduplicator.class);
  private static final String STORED = "stored";
  /** Claims every key in one step: C claimed now, S stored before, F another delivery holds it. */
  private static final Script CLAIM_ALL = new Script("local out = {} "
      + "for i, key in ipairs(KEYS) do "
      + "  if redis.call('set', key, ARGV[2], 'NX', 'EX', ARGV[1]) then out[i] = 'C' "
      + "  elseif redis.call('get', key) == 'stored' then out[i] = 'S' "
      + "  else out[i] = 'F' end "
      + "end "
      + "return out");
  private static final Script STORED_ALL = new Script("for _, key in ipairs(KEYS) do "
      + "redis.call('set', key, 'stored', 'EX', ARGV[1]) end "
      + "return #KEYS");
  private static final Script RELEASE = new Script(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end");

  private final StatefulRedisConnection<String, String> connection;
  private final String prefix;
  private final long storedTtlSeconds;
  private final long claimTtlSeconds;
  private final long timeoutMillis;
  private final AtomicLong failures = new AtomicLong();
  /** This deduplicator's claims: a release deletes only these. */
  private final String claimValue = "claimed:" + UUID.randomUUID();

  /**
   * @param prefix put before every key, for example {@code crm:dedup:ycloud:}
   * @param storedTtl how long a stored event is remembered (YCloud retries for about 8 hours)
   * @param claimTtl how long a claim blocks other deliveries if its holder dies
   * @param timeout the longest any command may take
   */
  public RedisEventDeduplicator(StatefulRedisConnection<String, String> connection, String prefix, Duration storedTtl,
      Duration claimTtl, Duration timeout) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.storedTtlSeconds = Math.max(1, Objects.requireNonNull(storedTtl, "storedTtl").toSeconds());
    this.claimTtlSeconds = Math.max(1, Objects.requireNonNull(claimTtl, "claimTtl").toSeconds());
    this.timeoutMillis = Math.max(1, Objects.requireNonNull(timeout, "timeout").toMillis());
  }

  /** Stored events kept 24 hours, claims 60 seconds, commands time out after 250 ms. */
  public static RedisEventDeduplicator create(StatefulRedisConnection<String, String> connection, String prefix) {
    return new RedisEventDeduplicator(connection, prefix, Duration.ofHours(24), Duration.ofSeconds(60),
        Duration.ofMillis(250));
  }

  @Override
  public Claim claim(TenantId tenant, String provider, String eventId) {
    String key = key(tenant, provider, eventId);
    try {
      RedisAsyncCommands<String, String> redis = connection.async();
      String ok = await(redis.set(key, claimValue, SetArgs.Builder.nx().ex(claimTtlSeconds)));
      if ("OK".equals(ok)) {
        return Claim.CLAIMED;
      }
      String value = await(redis.get(key));
      return STORED.equals(value) ? Claim.STORED : Claim.IN_FLIGHT;
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      return failed("claim", key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("claim", key, e);
    }
  }

  @Override
  public List<Claim> claimAll(List<Event> events) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      return List.of();
    }
    String[] keys = keys(events);
    try {
      List<Object> answers = await(this.<List<Object>>run(CLAIM_ALL, ScriptOutputType.MULTI, keys,
          Long.toString(claimTtlSeconds), claimValue));
      List<Claim> out = new ArrayList<>(keys.length);
      for (Object a : answers) {
        out.add(switch (String.valueOf(a)) {
          case "C" -> Claim.CLAIMED;
          case "S" -> Claim.STORED;
          default -> Claim.IN_FLIGHT;
        });
      }
      return out;
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      return unknown(events.size(), failedFor("claimAll", EventDeduplicator.tenants(events), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unknown(events.size(), failedFor("claimAll", EventDeduplicator.tenants(events), e));
    }
  }

  private String[] keys(List<Event> events) {
    String[] keys = new String[events.size()];
    for (int i = 0; i < keys.length; i++) {
      Event e = events.get(i);
      keys[i] = key(e.tenant(), e.provider(), e.eventId());
    }
    return keys;
  }

  private static List<Claim> unknown(int n, Claim claim) {
    return Collections.nCopies(n, claim);
  }

  /** Marks the events stored with one command, without waiting for Redis (see {@link #stored}). */
  @Override
  public void storedAll(List<Event> events) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      return;
    }
    String[] keys = keys(events);
    try {
      this.<Long>run(STORED_ALL, ScriptOutputType.INTEGER, keys, Long.toString(storedTtlSeconds))
          .whenComplete((n, error) -> {
            if (error != null) {
              Throwable cause = unwrap(error);
              failedFor("storedAll", EventDeduplicator.tenants(events),
                  cause instanceof Exception e ? e : new RuntimeException(cause));
            }
          });
    } catch (RuntimeException e) {
      failedFor("storedAll", EventDeduplicator.tenants(events), e);
    }
  }

  /**
   * Marks the event stored without waiting for Redis: the mark only saves later deliveries a
   * database round trip, and a lost mark costs nothing but that.
   */
  @Override
  public void stored(TenantId tenant, String provider, String eventId) {
    String key = key(tenant, provider, eventId);
    try {
      connection.async().set(key, STORED, SetArgs.Builder.ex(storedTtlSeconds)).whenComplete((ok, error) -> {
        if (error != null) {
          failed("stored", key, error instanceof Exception e ? e : new RuntimeException(error));
        }
      });
    } catch (RuntimeException e) {
      failed("stored", key, e);
    }
  }

  @Override
  public void release(TenantId tenant, String provider, String eventId) {
    String key = key(tenant, provider, eventId);
    try {
      // Compare and delete in one atomic step: never another node's claim or a stored mark.
      await(this.<Long>run(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, claimValue));
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      failed("release", key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed("release", key, e);
    }
  }

  /**
   * Runs {@code script} by its SHA1 (EVALSHA, a few bytes instead of the whole script), and sends
   * the script itself (EVAL, which also caches it again) only if Redis answers that it does not
   * know it: its script cache is emptied by a restart, a failover or SCRIPT FLUSH. A script sent
   * again goes after the commands sent in the meantime; for a stored mark not awaited, that only
   * means a delivery in between may find the event still claimed and be left to the inbox.
   */
  private <T> CompletableFuture<T> run(Script script, ScriptOutputType type, String[] keys, String... args) {
    RedisAsyncCommands<String, String> redis = connection.async();
    return redis.<T>evalsha(script.sha1(), type, keys, args).toCompletableFuture()
        .exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
            ? redis.<T>eval(script.source(), type, keys, args).toCompletableFuture()
            : CompletableFuture.failedFuture(unwrap(e)));
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** A Lua script and its SHA1 in hex, the name EVALSHA knows it by. */
  private record Script(String source, String sha1) {
    Script(String source) {
      this(source, sha1Hex(source));
    }

    private static String sha1Hex(String source) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-1", e);
      }
    }
  }

  /** How many Redis commands have failed or timed out. */
  public long failures() {
    return failures.get();
  }

  private String key(TenantId tenant, String provider, String eventId) {
    return prefix + EventDeduplicator.key(tenant, provider, eventId);
  }

  private <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw e;
    }
  }

  private Claim failed(String what, String key, Exception e) {
    int bar = key.indexOf('|', prefix.length());
    return failedFor(what, bar < 0 ? key : key.substring(prefix.length(), bar), e);
  }

  /**
   * Counts a failure and logs the first and every 1000th, naming the tenants of the command that
   * failed (the failures in between may be other tenants').
   */
  private Claim failedFor(String what, String tenants, Exception e) {
    long n = failures.incrementAndGet();
    if (n == 1 || n % 1000 == 0) {
      LOG.warn("tenant={} Redis dedup {} failed ({} failures so far, of every tenant); the inbox's unique key"
          + " decides: {}", tenants, what, n, e.toString());
    }
    return Claim.UNKNOWN;
  }
}
