package io.crmventas.core.assignment;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies an assignment rule. */
public record AssignmentRuleId(UUID value) implements Comparable<AssignmentRuleId> {
  public AssignmentRuleId {
    Ids.require("ruleId", value);
  }

  public static AssignmentRuleId of(UUID value) {
    return new AssignmentRuleId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code ruleId}. */
  public static AssignmentRuleId parse(String text) {
    return new AssignmentRuleId(Ids.parse("ruleId", text));
  }

  @Override
  public int compareTo(AssignmentRuleId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
