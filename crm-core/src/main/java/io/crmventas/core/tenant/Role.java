package io.crmventas.core.tenant;

/** What a member may do within one tenant. */
public enum Role {
  /** Everything in the tenant: all leads, conversations, metrics, settings and assignments. */
  CEO,
  /** A setter or closer: their own leads, conversations and metrics. */
  SELLER,
  /** Reads what the CEO reads; changes nothing. */
  SECRETARY,
  /** Their own agenda and the leads assigned to them. */
  PROFESSIONAL
}
