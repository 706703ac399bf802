package io.crmventas.ycloud.dedup;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EventDeduplicator} in this process's memory, for one node: remembers stored events
 * for a time to live, and a claim for a shorter time so that a crashed request does not block
 * the event. Holds at most {@code maxEntries} (checked every few thousand claims); past that it
 * drops expired entries, then, if still too many, forgets everything (the inbox still catches
 * duplicates). Thread-safe.
 */
public final class InMemoryEventDeduplicator implements EventDeduplicator {
  private record Entry(boolean stored, long expiresAtMillis) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long storedTtlMillis;
  private final long claimTtlMillis;
  private final int maxEntries;
  /** Claims between two checks of the size. */
  static final int SWEEP_EVERY = 4096;

  private final AtomicInteger sinceSweep = new AtomicInteger();

  public InMemoryEventDeduplicator(Clock clock, Duration storedTtl, Duration claimTtl, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.storedTtlMillis = positive("storedTtl", storedTtl);
    this.claimTtlMillis = positive("claimTtl", claimTtl);
    if (maxEntries < 1) {
      throw new InvalidInputException("maxEntries", maxEntries, "must be at least 1");
    }
    this.maxEntries = maxEntries;
  }

  /** Stored events kept 24 hours, claims 60 seconds, at most a million entries. */
  public static InMemoryEventDeduplicator create(Clock clock) {
    return new InMemoryEventDeduplicator(clock, Duration.ofHours(24), Duration.ofSeconds(60), 1_000_000);
  }

  private static long positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidInputException(name, d, "must be positive");
    }
    return d.toMillis();
  }

  @Override
  public Claim claim(TenantId tenant, String provider, String eventId) {
    long now = clock.millis();
    Claim[] out = new Claim[1];
    entries.compute(EventDeduplicator.key(tenant, provider, eventId), (k, e) -> {
      if (e == null || e.expiresAtMillis() <= now) {
        out[0] = Claim.CLAIMED;
        return new Entry(false, now + claimTtlMillis);
      }
      out[0] = e.stored() ? Claim.STORED : Claim.IN_FLIGHT;
      return e;
    });
    if (sinceSweep.incrementAndGet() >= SWEEP_EVERY) {
      sinceSweep.set(0);
      sweep(now);
    }
    return out[0];
  }

  @Override
  public void stored(TenantId tenant, String provider, String eventId) {
    entries.put(EventDeduplicator.key(tenant, provider, eventId), new Entry(true, clock.millis() + storedTtlMillis));
  }

  @Override
  public void release(TenantId tenant, String provider, String eventId) {
    entries.computeIfPresent(EventDeduplicator.key(tenant, provider, eventId), (k, e) -> e.stored() ? e : null);
  }

  /** How many entries are held (expired ones included until the next sweep). */
  public int size() {
    return entries.size();
  }

  private void sweep(long now) {
    if (entries.size() <= maxEntries) {
      return;
    }
    entries.values().removeIf(e -> e.expiresAtMillis() <= now);
    if (entries.size() > maxEntries) {
      entries.clear();
    }
  }
}
