package io.crmventas.ycloud.webhook;

import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantDirectory;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cache behind {@link BusinessNumbers#fromTenants}. */
final class CachedBusinessNumbers implements BusinessNumbers {
  private static final Logger LOG = LoggerFactory.getLogger(BusinessNumbers.class);

  private record Entry(Optional<String> number, Instant readAt) {}

  private final TenantDirectory tenants;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<TenantId, Entry> entries = new ConcurrentHashMap<>();

  CachedBusinessNumbers(TenantDirectory tenants, Clock clock, Duration ttl) {
    this.tenants = tenants;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public Optional<String> of(TenantId tenant) {
    Objects.requireNonNull(tenant, "tenant");
    Instant now = clock.instant();
    Entry e = entries.get(tenant);
    if (e != null && now.isBefore(e.readAt().plus(ttl))) {
      return e.number();
    }
    Optional<String> number;
    try {
      Optional<Tenant> t = tenants.find(tenant);
      if (t.isEmpty()) {
        return Optional.empty();
      }
      number = t.get().whatsappNumber().map(n -> n.value());
    } catch (RuntimeException ex) {
      LOG.debug("tenant={} business number not read ({}); the event is kept", tenant, ex.toString());
      return Optional.empty();
    }
    if (!ttl.isZero()) {
      entries.put(tenant, new Entry(number, now));
    }
    return number;
  }
}
