package io.crmventas.core.conversation;

/**
 * How far a message got. Inbound messages are {@link #RECEIVED}; outbound ones move forward
 * through {@code PENDING < ACCEPTED < SENT < DELIVERED < READ}, or end {@link #FAILED}.
 * Updates that would move backwards (a late "delivered" after "read") are ignored. A message
 * delivered to one of the person's devices and failed on another gets both reports, in either
 * order: delivered or read wins, so a failure never follows them and they may follow it.
 */
public enum DeliveryStatus {
  RECEIVED(0),
  PENDING(0),
  ACCEPTED(1),
  SENT(2),
  DELIVERED(3),
  READ(4),
  FAILED(5);

  private final int rank;

  DeliveryStatus(int rank) {
    this.rank = rank;
  }

  /** Whether a message in this status may move to {@code next}. */
  public boolean canAdvanceTo(DeliveryStatus next) {
    if (this == RECEIVED || next == RECEIVED || next == PENDING) {
      return false;
    }
    if (next == FAILED) {
      return this.rank < DELIVERED.rank;
    }
    if (this == FAILED) {
      return next == DELIVERED || next == READ;
    }
    return next.rank > this.rank;
  }
}
