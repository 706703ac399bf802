package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.assignment.AssignmentRule;
import io.crmventas.core.assignment.AssignmentRuleId;
import io.crmventas.core.assignment.AssignmentRuleStore;
import io.crmventas.core.tenant.TenantId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class MemRules extends MemScoped implements AssignmentRuleStore {
  private static final Comparator<AssignmentRule> ORDER =
      Comparator.comparingInt(AssignmentRule::priority).thenComparing(AssignmentRule::name);

  MemRules(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  private void requireFreeName(TenantData d, AssignmentRule rule) {
    for (AssignmentRule r : d.rules.values()) {
      if (r.name().equals(rule.name()) && !r.id().equals(rule.id())) {
        throw new ConflictException("assignment_rule.name.unique", "a rule named '" + rule.name() + "' already exists");
      }
    }
  }

  @Override
  public AssignmentRule create(AssignmentRule rule) {
    Objects.requireNonNull(rule, "rule");
    requireSameTenant(rule.tenantId());
    return write(d -> {
      if (d.rules.containsKey(rule.id())) {
        throw new ConflictException("assignment_rule.id.unique", "rule " + rule.id() + " already exists");
      }
      requireFreeName(d, rule);
      db.put(d.rules, rule.id(), rule);
      return rule;
    });
  }

  @Override
  public Optional<AssignmentRule> find(AssignmentRuleId id) {
    Objects.requireNonNull(id, "id");
    return readOptional(d -> Optional.ofNullable(d.rules.get(id)));
  }

  @Override
  public AssignmentRule update(AssignmentRule rule) {
    Objects.requireNonNull(rule, "rule");
    requireSameTenant(rule.tenantId());
    return write(d -> {
      AssignmentRule current = d.rules.get(rule.id());
      if (current == null) {
        throw new NotFoundException("assignment rule", rule.id());
      }
      requireFreeName(d, rule);
      AssignmentRule updated = new AssignmentRule(rule.id(), rule.tenantId(), rule.name(), rule.priority(), rule.active(),
          rule.sources(), rule.tags(), rule.bands(), rule.strategy(), rule.pool(), rule.staleAfter(), rule.staleAction(),
          current.createdAt());
      db.put(d.rules, rule.id(), updated);
      return updated;
    });
  }

  @Override
  public boolean delete(AssignmentRuleId id) {
    Objects.requireNonNull(id, "id");
    return write(d -> {
      boolean existed = d.rules.containsKey(id);
      db.remove(d.rules, id);
      return existed;
    });
  }

  @Override
  public List<AssignmentRule> list() {
    return read(d -> d.rules.values().stream().sorted(ORDER).toList(), List::of);
  }
}
