package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.internal.Scope;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.scoring.ScoreChange;
import io.crmventas.core.scoring.ScoreHistory;
import io.crmventas.core.tenant.TenantId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

final class MemScoreHistory extends MemScoped implements ScoreHistory {
  private static final Comparator<ScoreChange> ORDER =
      Comparator.comparing(ScoreChange::at).thenComparing(ScoreChange::id);

  MemScoreHistory(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public ScoreChange record(ScoreChange change) {
    Objects.requireNonNull(change, "change");
    requireSameTenant(change.tenantId());
    return write(d -> {
      if (!d.leads.containsKey(change.leadId())) {
        throw Scope.foreign("leadId", change.leadId(), tenant);
      }
      if (d.scoreChanges.containsKey(change.id())) {
        throw new ConflictException("score_change.id.unique", "score change " + change.id() + " already exists");
      }
      db.put(d.scoreChanges, change.id(), change);
      db.index(d.scoreChangesByLead, change.leadId(), change.id());
      return change;
    });
  }

  @Override
  public List<ScoreChange> forLead(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return read(d -> d.scoreChangesByLead.getOrDefault(leadId, Set.of()).stream().map(d.scoreChanges::get)
        .sorted(ORDER).toList(), List::of);
  }
}
