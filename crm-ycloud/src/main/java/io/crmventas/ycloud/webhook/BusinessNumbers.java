package io.crmventas.ycloud.webhook;

import io.crmventas.core.tenant.TenantDirectory;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Which tenant owns which WhatsApp business number. Every webhook endpoint of a YCloud account
 * receives the events of every number of the account, so when tenants share an account, the
 * endpoint of one tenant also gets the messages written to the others' numbers. {@link
 * WebhookHandler} answers those "ignored" without storing them (the owner's endpoint stores its
 * own copy), but only on positive evidence: the event's number is another tenant's
 * {@code whatsappNumber} and not this tenant's. An event for a number nobody has (a number typed
 * in another form, or just changed) is stored, and the inbox handler decides, so nothing a lead
 * wrote is acknowledged and lost for a misconfigured number.
 */
@FunctionalInterface
public interface BusinessNumbers {

  /** Whether an event for {@code number}, received at {@code tenant}'s endpoint, is certainly another tenant's. */
  boolean isAnothers(TenantId tenant, String number);

  /** Never: every event is stored by the endpoint that received it. */
  BusinessNumbers NONE = (tenant, number) -> false;

  /** How long {@link #fromTenants} keeps the tenants' numbers before reading them again by default. */
  Duration DEFAULT_TTL = Duration.ofSeconds(30);

  /**
   * The tenants' {@link io.crmventas.core.tenant.Tenant#whatsappNumber()}s, read at most once per
   * {@code ttl} (zero reads them for every event); an answer that would ignore an event is
   * confirmed by a read at most a second old, so a number just moved is never ignored on stale
   * data. Tenants that cannot be read (the store is down) ignore nothing.
   */
  static BusinessNumbers fromTenants(TenantDirectory tenants, Clock clock, Duration ttl) {
    Objects.requireNonNull(tenants, "tenants");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new io.crmventas.core.InvalidInputException("ttl", ttl, "must not be negative");
    }
    return new CachedBusinessNumbers(tenants, clock, ttl);
  }

  /** Whether two numbers are the same, by their digits ({@code +54 9 11 0000-0000} is {@code 5491100000000}). */
  static boolean same(String a, String b) {
    return digits(a).equals(digits(b));
  }

  /** The digits of a number, the form numbers are compared in. */
  static String digits(String number) {
    StringBuilder d = new StringBuilder(number.length());
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        d.append(c);
      }
    }
    return d.toString();
  }
}
