package io.crmventas.core.assignment;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies one entry of the assignment history. */
public record AssignmentId(UUID value) implements Comparable<AssignmentId> {
  public AssignmentId {
    Ids.require("assignmentId", value);
  }

  public static AssignmentId of(UUID value) {
    return new AssignmentId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code assignmentId}. */
  public static AssignmentId parse(String text) {
    return new AssignmentId(Ids.parse("assignmentId", text));
  }

  @Override
  public int compareTo(AssignmentId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
