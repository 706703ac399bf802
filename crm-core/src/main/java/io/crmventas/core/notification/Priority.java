package io.crmventas.core.notification;

/** How urgent a notification is: critical &gt; high &gt; medium &gt; low. */
public enum Priority {
  LOW(0),
  MEDIUM(1),
  HIGH(2),
  CRITICAL(3);

  private final int rank;

  Priority(int rank) {
    this.rank = rank;
  }

  /** 3 for critical down to 0 for low; higher sorts first. */
  public int rank() {
    return rank;
  }

  /** The priority of a rank, as stored. */
  public static Priority ofRank(int rank) {
    for (Priority p : values()) {
      if (p.rank == rank) {
        return p;
      }
    }
    throw new io.crmventas.core.InvalidInputException("priority", rank, "is not a priority rank (0..3)");
  }
}
