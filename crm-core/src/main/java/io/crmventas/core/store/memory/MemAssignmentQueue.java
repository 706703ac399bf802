package io.crmventas.core.store.memory;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.assignment.AssignmentQueue;
import io.crmventas.core.assignment.QueuedLead;
import io.crmventas.core.internal.Scope;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class MemAssignmentQueue extends MemScoped implements AssignmentQueue {
  private static final Comparator<QueuedLead> ORDER =
      Comparator.comparing(QueuedLead::queuedAt).thenComparing(QueuedLead::leadId);

  MemAssignmentQueue(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public boolean enqueue(QueuedLead entry) {
    Objects.requireNonNull(entry, "entry");
    return write(d -> {
      if (!d.leads.containsKey(entry.leadId())) {
        throw Scope.foreign("leadId", entry.leadId(), tenant);
      }
      if (d.queue.containsKey(entry.leadId())) {
        return false;
      }
      db.put(d.queue, entry.leadId(), entry);
      return true;
    });
  }

  @Override
  public Optional<QueuedLead> find(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return readOptional(d -> Optional.ofNullable(d.queue.get(leadId)));
  }

  @Override
  public boolean remove(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return write(d -> {
      boolean was = d.queue.containsKey(leadId);
      db.remove(d.queue, leadId);
      return was;
    });
  }

  @Override
  public List<QueuedLead> oldestFirst(int limit) {
    if (limit < 1) {
      throw new InvalidInputException("limit", limit, "must be at least 1");
    }
    return read(d -> d.queue.values().stream().sorted(ORDER).limit(limit).toList(), List::of);
  }

  @Override
  public long size() {
    return read(d -> (long) d.queue.size(), () -> 0L);
  }
}
