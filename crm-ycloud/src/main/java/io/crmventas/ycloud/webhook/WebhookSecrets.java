package io.crmventas.ycloud.webhook;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The webhook signing secrets of each tenant. While a secret is rotated, a tenant has two (the
 * old and the new) and a request signed with either is accepted. Implementations are
 * thread-safe and fast: they are asked on every webhook request.
 */
@FunctionalInterface
public interface WebhookSecrets {

  /** The tenant's valid secrets; empty when the tenant has no YCloud webhook. */
  List<String> secretsFor(TenantId tenant);

  /**
   * Fixed secrets per tenant.
   *
   * @throws InvalidInputException for a blank secret, naming its tenant
   */
  static WebhookSecrets of(Map<TenantId, List<String>> secrets) {
    // Deep copy (List.copyOf also rejects null secrets): later changes by the caller do not leak in.
    Map<TenantId, List<String>> copy = new java.util.HashMap<>();
    secrets.forEach((tenant, list) -> {
      Objects.requireNonNull(tenant, "tenant");
      List<String> own = List.copyOf(list);
      if (own.stream().anyMatch(String::isBlank)) {
        // Not the secret itself: it is named by its tenant only.
        throw new InvalidInputException("secrets", null, "of tenant " + tenant + " include a blank one");
      }
      copy.put(tenant, own);
    });
    Map<TenantId, List<String>> fixed = Map.copyOf(copy);
    return tenant -> fixed.getOrDefault(tenant, List.of());
  }
}
