package io.crmventas.core.assignment;

import java.util.List;
import java.util.Optional;

/** One tenant's assignment rules. Thread-safe. */
public interface AssignmentRuleStore {

  /**
   * Stores a new rule.
   *
   * @throws io.crmventas.core.ConflictException if the name is taken (rule
   *     {@code assignment_rule.name.unique})
   */
  AssignmentRule create(AssignmentRule rule);

  /** The rule with this id, if any. */
  Optional<AssignmentRule> find(AssignmentRuleId id);

  /**
   * Replaces a rule.
   *
   * @throws io.crmventas.core.NotFoundException if there is no such rule
   * @throws io.crmventas.core.ConflictException if the new name is taken
   */
  AssignmentRule update(AssignmentRule rule);

  /** Deletes a rule; history entries that name it keep its id. Returns whether it existed. */
  boolean delete(AssignmentRuleId id);

  /** All rules in evaluation order: ascending priority, then name. */
  List<AssignmentRule> list();
}
