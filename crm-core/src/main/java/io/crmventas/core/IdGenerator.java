package io.crmventas.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Source of new entity ids. Inject a predictable one in tests.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface IdGenerator {

  /** Returns a new id, never the same one twice. */
  UUID next();

  /** Random version 4 UUIDs. */
  static IdGenerator random() {
    return UUID::randomUUID;
  }

  /**
   * Time-ordered version 7 UUIDs (RFC 9562): the first 48 bits are the Unix time in
   * milliseconds from {@code clock}, so ids sort by creation time and index well. Ids from one
   * generator strictly increase (in PostgreSQL's and {@code Ids}' unsigned order), even within
   * one millisecond or if the clock steps back: the 12 bits after the time count up (RFC 9562,
   * method 1).
   */
  static IdGenerator timeOrdered(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    SecureRandom random = new SecureRandom();
    long[] state = {-1L, 0L};
    return () -> {
      long millis;
      long seq;
      synchronized (state) {
        millis = clock.millis();
        if (millis <= state[0]) {
          millis = state[0];
          seq = state[1] + 1;
          if (seq > 0xFFFL) {
            millis++;
            seq = random.nextInt(0x800);
          }
        } else {
          seq = random.nextInt(0x800);
        }
        state[0] = millis;
        state[1] = seq;
      }
      long msb = (millis << 16) | 0x7000L | seq;
      long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      return new UUID(msb, lsb);
    };
  }
}
