package io.crmventas.core.scoring;

import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

final class ScoringFixtures {
  static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");

  private ScoringFixtures() {}

  static Lead.Builder lead() {
    return Lead.builder(LeadId.of(UUID.fromString("7f3c1a2e-0000-4000-8000-000000000001")), TenantId.of("acme"),
        PhoneNumber.parse("+5491155551234"), NOW.minus(Duration.ofDays(2)));
  }

  static LeadSignals signals(int day, int week, int month, List<String> texts) {
    return new LeadSignals(day, week, month, Optional.empty(), 0, Optional.of(NOW.minus(Duration.ofMinutes(10))), texts);
  }
}
