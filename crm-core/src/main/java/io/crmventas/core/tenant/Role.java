package io.crmventas.core.tenant;

/** What a member may do within one tenant. */
public enum Role {
  /** Everything in the tenant: all leads, conversations, metrics, settings and assignments. */
  CEO,
  /** A setter or closer: their own leads, conversations and metrics. */
  SELLER,
  /**
   * Supports the team; changes nothing. What a secretary may read is each service's decision
   * (the team dashboard and tenant-wide notification lists are the CEO's only).
   */
  SECRETARY,
  /** Their own agenda and the leads assigned to them. */
  PROFESSIONAL
}
