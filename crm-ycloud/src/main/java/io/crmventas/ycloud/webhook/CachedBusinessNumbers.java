package io.crmventas.ycloud.webhook;

import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantDirectory;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cache behind {@link BusinessNumbers#fromTenants}. */
final class CachedBusinessNumbers implements BusinessNumbers {
  private static final Logger LOG = LoggerFactory.getLogger(BusinessNumbers.class);
  /** The oldest read an "ignore" answer may rest on. */
  private static final Duration CONFIRM = Duration.ofSeconds(1);

  /** The owners of each number (by its digits), as read at {@code readAt}. */
  private record Snapshot(Map<String, Set<TenantId>> owners, Instant readAt) {}

  private final TenantDirectory tenants;
  private final Clock clock;
  private final Duration ttl;
  private volatile Snapshot snapshot;

  CachedBusinessNumbers(TenantDirectory tenants, Clock clock, Duration ttl) {
    this.tenants = tenants;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public boolean isAnothers(TenantId tenant, String number) {
    String digits = BusinessNumbers.digits(number);
    Instant now = clock.instant();
    Snapshot s = snapshot;
    if (s == null || !now.isBefore(s.readAt().plus(ttl))) {
      s = read(now);
    }
    if (s == null || !anothers(s, tenant, digits)) {
      return false;
    }
    if (now.isAfter(s.readAt().plus(CONFIRM))) {
      s = read(now);   // confirmed on fresh data before an event is left unstored
    }
    return s != null && anothers(s, tenant, digits);
  }

  private static boolean anothers(Snapshot s, TenantId tenant, String digits) {
    Set<TenantId> owners = s.owners().get(digits);
    return owners != null && !owners.contains(tenant);
  }

  private Snapshot read(Instant now) {
    Map<String, Set<TenantId>> owners = new HashMap<>();
    try {
      for (Tenant t : tenants.list()) {
        t.whatsappNumber().ifPresent(n -> owners.computeIfAbsent(BusinessNumbers.digits(n.value()),
            k -> new HashSet<>()).add(t.id()));
      }
    } catch (RuntimeException e) {
      LOG.warn("tenants' business numbers not read ({}); events are stored whatever their number", e.toString());
      return null;
    }
    Snapshot s = new Snapshot(owners, now);
    if (!ttl.isZero()) {
      snapshot = s;
    }
    return s;
  }
}
