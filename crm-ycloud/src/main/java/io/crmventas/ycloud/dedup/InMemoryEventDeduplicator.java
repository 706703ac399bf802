package io.crmventas.ycloud.dedup;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EventDeduplicator} in this process's memory, for one node: remembers stored events
 * for a time to live, and a claim for a shorter time so that a crashed request does not block
 * the event. Expired entries are dropped at least once a minute (on a claim), and whenever the
 * entries pass {@code maxEntries} (checked every few thousand claims); if still too many then, it
 * forgets the stored events first, keeping claims in flight, and only as a last resort everything
 * (the inbox's unique key still catches duplicates). Thread-safe.
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

  /** The longest between two drops of expired entries. */
  static final long SWEEP_INTERVAL_MILLIS = 60_000;

  private final AtomicInteger sinceSweep = new AtomicInteger();
  private final AtomicLong nextSweepMillis = new AtomicLong();

  public InMemoryEventDeduplicator(Clock clock, Duration storedTtl, Duration claimTtl, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.storedTtlMillis = positive("storedTtl", storedTtl);
    this.claimTtlMillis = positive("claimTtl", claimTtl);
    if (maxEntries < 1) {
      throw new InvalidInputException("maxEntries", maxEntries, "must be at least 1");
    }
    this.maxEntries = maxEntries;
    this.nextSweepMillis.set(clock.millis() + SWEEP_INTERVAL_MILLIS);
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
    boolean sizeCheck = sinceSweep.incrementAndGet() >= SWEEP_EVERY;
    if (sizeCheck) {
      sinceSweep.set(0);
    }
    long next = nextSweepMillis.get();
    // One thread sweeps; the others go on rather than wait for it, or sweep again after it.
    if ((now >= next || sizeCheck && entries.size() > maxEntries)
        && nextSweepMillis.compareAndSet(next, now + SWEEP_INTERVAL_MILLIS)) {
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
    entries.values().removeIf(e -> e.expiresAtMillis() <= now);
    if (entries.size() > maxEntries) {
      // Stored marks only save a trip to the inbox, whose unique key refuses their events anyway;
      // claims in flight keep two requests from storing one event at the same moment.
      entries.values().removeIf(Entry::stored);
    }
    if (entries.size() > maxEntries) {
      entries.clear();
    }
  }
}
