package io.crmventas.ycloud.outbound;

import java.time.Duration;

/** Waits between retries. Tests inject one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  /** Waits {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** {@link Thread#sleep}. */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis());
  }
}
