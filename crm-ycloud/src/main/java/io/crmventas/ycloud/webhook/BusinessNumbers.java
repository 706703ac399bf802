package io.crmventas.ycloud.webhook;

import io.crmventas.core.tenant.TenantDirectory;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Each tenant's own WhatsApp business number. Every webhook endpoint of a YCloud account receives
 * the events of every number of the account, so when tenants share an account, the endpoint of
 * one tenant also gets the messages written to the others' numbers; {@link WebhookHandler}
 * answers those "ignored" without storing them (the other tenant's endpoint stores its own copy),
 * and the inbox handler checks again before recording. A tenant with no number takes every
 * event, as an account of its own would.
 */
@FunctionalInterface
public interface BusinessNumbers {

  /** The tenant's business number, when it has one. */
  Optional<String> of(TenantId tenant);

  /** No tenant has a number: every event is the tenant's whose endpoint received it. */
  BusinessNumbers NONE = tenant -> Optional.empty();

  /** How long {@link #fromTenants} keeps a tenant's number before reading it again by default. */
  Duration DEFAULT_TTL = Duration.ofSeconds(30);

  /**
   * Each tenant's {@link io.crmventas.core.tenant.Tenant#whatsappNumber()}, read at most once per {@code ttl} per tenant
   * (zero reads it for every event). A tenant that cannot be read (the store is down, the tenant
   * unknown) has no number for that event: it is stored as it would be without this check.
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

  private static String digits(String number) {
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
