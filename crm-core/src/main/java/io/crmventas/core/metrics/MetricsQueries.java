package io.crmventas.core.metrics;

/**
 * Computes a tenant's seller activity from the raw data (messages, assignments, leads,
 * appointments, conversations). The PostgreSQL store does it in a fixed number of set-based
 * queries for all sellers at once; the in-memory store computes the same figures. Thread-safe.
 */
public interface MetricsQueries {

  /**
   * The facts of every seller of {@code window} (each exactly once, in the window's order, also
   * when they have no activity) and of the team, as defined on {@link ActivityFacts}.
   */
  FactSheet facts(MetricsWindow window);
}
