package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentStore;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.internal.Scope;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

final class MemAssignments extends MemScoped implements AssignmentStore {
  static final Order<Assignment, TimeId> NEWEST_FIRST = Order.timeIdDesc(a -> new TimeId(a.at(), a.id().value()));
  static final Order<Assignment, TimeId> OLDEST_FIRST = Order.timeIdAsc(a -> new TimeId(a.at(), a.id().value()));

  MemAssignments(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public Assignment record(Assignment a) {
    Objects.requireNonNull(a, "assignment");
    requireSameTenant(a.tenantId());
    return write(d -> {
      if (!d.leads.containsKey(a.leadId())) {
        throw Scope.foreign("leadId", a.leadId(), tenant);
      }
      requireMember(d, "sellerId", a.sellerId());
      requireMember(d, "previousSellerId", a.previousSellerId());
      requireMember(d, "assignedBy", a.assignedBy());
      if (d.assignments.containsKey(a.id())) {
        throw new ConflictException("assignment.id.unique", "assignment " + a.id() + " already exists");
      }
      db.put(d.assignments, a.id(), a);
      db.index(d.assignmentsByLead, a.leadId(), a.id());
      return a;
    });
  }

  @Override
  public List<Assignment> history(LeadId leadId) {
    Objects.requireNonNull(leadId, "leadId");
    return read(d -> OLDEST_FIRST.sorted(
        d.assignmentsByLead.getOrDefault(leadId, Set.of()).stream().map(d.assignments::get).toList()), List::of);
  }

  @Override
  public Optional<Assignment> latest(LeadId leadId) {
    List<Assignment> h = history(leadId);
    return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1));
  }

  @Override
  public Page<Assignment> list(Optional<UserId> sellerId, Optional<Instant> since, PageRequest page) {
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(page, "page");
    return page(NEWEST_FIRST, d -> d.assignments.values(),
        a -> (sellerId.isEmpty() || sellerId.equals(a.sellerId())) && (since.isEmpty() || !a.at().isBefore(since.get())),
        page);
  }
}
