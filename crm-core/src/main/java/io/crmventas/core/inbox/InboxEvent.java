package io.crmventas.core.inbox;

import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A webhook event stored durably before it was acknowledged, then processed by workers.
 *
 * @param provider who sent it, for example {@code ycloud}
 * @param eventId the provider's id for the event; unique per tenant and provider
 * @param eventType the provider's event type
 * @param payload the raw body as received
 * @param attempts how many times a worker has claimed it
 * @param nextAttemptAt when it is next due
 * @param lease the current claim, while processing
 * @param lastError the error of the last failed attempt
 */
public record InboxEvent(
    InboxEventId id,
    TenantId tenantId,
    String provider,
    String eventId,
    String eventType,
    String payload,
    InboxStatus status,
    int attempts,
    Instant nextAttemptAt,
    Optional<Lease> lease,
    Optional<String> lastError,
    Instant receivedAt,
    Optional<Instant> completedAt) {

  private static final Pattern PROVIDER = Pattern.compile("^[a-z][a-z0-9_-]{0,29}$");
  private static final String NAME_RULE = "must be 1 to 30 lower-case letters, digits, _ or -, starting with a letter";
  /** The largest payload accepted, in characters. */
  public static final int MAX_PAYLOAD = 8 * 1024 * 1024;

  public InboxEvent {
    Check.notNull("id", id);
    Check.notNull("tenantId", tenantId);
    Check.matches("provider", provider, PROVIDER, NAME_RULE);
    eventId = Check.text("eventId", eventId, 300);
    eventType = Check.text("eventType", eventType, 200);
    Check.notNull("payload", payload);
    if (payload.length() > MAX_PAYLOAD) {
      throw new io.crmventas.core.InvalidInputException("payload", payload.length() + " characters", "is larger than " + MAX_PAYLOAD);
    }
    Check.notNull("status", status);
    Check.range("attempts", attempts, 0, 1_000_000);
    nextAttemptAt = Check.instant("nextAttemptAt", nextAttemptAt);
    Check.optional("lease", lease);
    lastError = Check.optional("lastError", lastError).map(e -> e.length() > 4000 ? e.substring(0, 4000) : e);
    receivedAt = Check.instant("receivedAt", receivedAt);
    completedAt = Check.optionalInstant("completedAt", completedAt);
  }

  /**
   * The providers a worker claims, checked and sorted: at least one, each a valid provider name.
   *
   * @throws io.crmventas.core.InvalidInputException naming {@code providers} and the bad value
   */
  public static List<String> providers(Set<String> providers) {
    Check.notNull("providers", providers);
    if (providers.isEmpty()) {
      throw new io.crmventas.core.InvalidInputException("providers", providers, "must name at least one provider");
    }
    for (String p : providers) {
      Check.matches("providers", p, PROVIDER, NAME_RULE);
    }
    return providers.stream().sorted().toList();
  }

  /** A new pending event, due at once. */
  public static InboxEvent received(
      InboxEventId id, TenantId tenantId, String provider, String eventId, String eventType, String payload, Instant at) {
    return new InboxEvent(id, tenantId, provider, eventId, eventType, payload, InboxStatus.PENDING, 0, at,
        Optional.empty(), Optional.empty(), at, Optional.empty());
  }
}
