package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.assignment.AssignmentRule;
import io.crmventas.core.assignment.AssignmentStore;
import io.crmventas.core.assignment.AssignmentStore.SellerLock;
import io.crmventas.core.assignment.SellerWorkload;
import io.crmventas.core.assignment.StaleAssignment;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.internal.Scope;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

final class MemAssignments extends MemScoped implements AssignmentStore {
  private static final Comparator<StaleAssignment> STALE_ORDER = Comparator.comparing(StaleAssignment::assignedAt)
      .thenComparing(StaleAssignment::assignmentId);
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
      if (a.sellerId().isPresent()) {
        db.remove(d.queue, a.leadId());
      }
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

  @Override
  public Map<UserId, SellerWorkload> workloads(Collection<UserId> sellers, Optional<Instant> windowStart,
      Optional<Instant> performanceSince) {
    Objects.requireNonNull(sellers, "sellers");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(performanceSince, "performanceSince");
    return read(d -> {
      Map<UserId, SellerWorkload> out = new LinkedHashMap<>();
      for (UserId s : sellers) {
        long open = d.conversations.values().stream()
            .filter(c -> c.status() == ConversationStatus.OPEN && c.assignedSellerId().equals(Optional.of(s))).count();
        List<Assignment> given = d.assignments.values().stream().filter(a -> a.sellerId().equals(Optional.of(s))).toList();
        Optional<Assignment> last = given.stream().max(Comparator.comparing(Assignment::at).thenComparing(Assignment::id));
        long inWindow = windowStart.map(w -> given.stream().filter(a -> !a.at().isBefore(w)).count()).orElse(0L);
        long assigned = 0;
        long won = 0;
        if (performanceSince.isPresent()) {
          Set<LeadId> leads = new HashSet<>();
          given.stream().filter(a -> !a.at().isBefore(performanceSince.get())).forEach(a -> leads.add(a.leadId()));
          for (LeadId id : leads) {
            Lead l = d.leads.get(id);
            if (l.assignedSellerId().equals(Optional.of(s))) {
              assigned++;
              won += l.status() == LeadStatus.WON ? 1 : 0;
            }
          }
        }
        out.put(s, new SellerWorkload(s, open, last.map(Assignment::at), last.map(Assignment::id), inWindow, assigned, won));
      }
      return out;
    }, () -> {
      Map<UserId, SellerWorkload> out = new LinkedHashMap<>();
      sellers.forEach(s -> out.put(s, SellerWorkload.idle(s)));
      return out;
    });
  }

  @Override
  public SellerLock lockSeller(UserId sellerId, SellerWorkload expected) {
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(expected, "expected");
    if (!read(d -> d.isMember(sellerId), () -> false)) {
      return SellerLock.BUSY;
    }
    if (!read(d -> d.members.get(sellerId).active(), () -> false)) {
      return SellerLock.UNAVAILABLE;
    }
    SellerWorkload now = workloads(List.of(sellerId), Optional.empty(), Optional.empty()).get(sellerId);
    boolean same = now.openConversations() == expected.openConversations()
        && now.lastAssignmentId().equals(expected.lastAssignmentId());
    return same ? SellerLock.LOCKED : SellerLock.CHANGED;
  }

  @Override
  public List<StaleAssignment> findStale(Instant now) {
    Objects.requireNonNull(now, "now");
    return read(d -> {
      List<StaleAssignment> out = new ArrayList<>();
      for (Lead lead : d.leads.values()) {
        if (lead.assignedSellerId().isEmpty() || !lead.status().isOpen()) {
          continue;
        }
        Set<AssignmentId> ids = d.assignmentsByLead.getOrDefault(lead.id(), Set.of());
        Optional<Assignment> latest = ids.stream().map(d.assignments::get)
            .max(Comparator.comparing(Assignment::at).thenComparing(Assignment::id));
        if (latest.isEmpty() || !latest.get().sellerId().equals(lead.assignedSellerId()) || latest.get().ruleId().isEmpty()) {
          continue;
        }
        Assignment a = latest.get();
        AssignmentRule rule = d.rules.get(a.ruleId().get());
        if (rule == null || !rule.active() || rule.staleAfter().isEmpty()
            || a.at().plus(rule.staleAfter().get()).isAfter(now)) {
          continue;
        }
        boolean replied = d.conversations.values().stream().anyMatch(c -> c.leadId().equals(lead.id())
            && c.lastSellerMessageAt().map(t -> !t.isBefore(a.at())).orElse(false));
        if (!replied) {
          out.add(new StaleAssignment(lead.id(), a.sellerId().get(), a.id(), rule.id(), a.at(), rule.staleAfter().get(),
              rule.staleAction()));
        }
      }
      out.sort(STALE_ORDER);
      return out;
    }, List::of);
  }
}
