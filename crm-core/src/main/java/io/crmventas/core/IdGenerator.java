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
   * milliseconds from {@code clock}, so ids sort roughly by creation time and index well.
   */
  static IdGenerator timeOrdered(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    SecureRandom random = new SecureRandom();
    return () -> {
      long millis = clock.millis();
      long msb = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
      long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      return new UUID(msb, lsb);
    };
  }
}
