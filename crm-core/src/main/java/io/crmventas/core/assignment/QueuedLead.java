package io.crmventas.core.assignment;

import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.LeadId;
import java.time.Instant;

/** A lead waiting for a seller: since when, and why nobody could take it. */
public record QueuedLead(LeadId leadId, Instant queuedAt, String reason) {
  public QueuedLead {
    Check.notNull("leadId", leadId);
    queuedAt = Check.instant("queuedAt", queuedAt);
    reason = Check.text("reason", reason, 1000);
  }
}
