package io.crmventas.core.inbox;

import io.crmventas.core.internal.Check;
import java.time.Instant;
import java.util.UUID;

/**
 * A worker's claim on an inbox event until {@code until}. The token proves ownership: a
 * worker whose lease expired and was taken over can no longer complete or fail the event.
 */
public record Lease(UUID token, String owner, Instant until) {
  public Lease {
    Check.notNull("lease.token", token);
    owner = Check.text("lease.owner", owner, 200);
    until = Check.instant("lease.until", until);
  }
}
