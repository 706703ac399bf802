package io.crmventas.core.lead;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies a lead within its tenant. */
public record LeadId(UUID value) implements Comparable<LeadId> {
  public LeadId {
    Ids.require("leadId", value);
  }

  public static LeadId of(UUID value) {
    return new LeadId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code leadId}. */
  public static LeadId parse(String text) {
    return new LeadId(Ids.parse("leadId", text));
  }

  @Override
  public int compareTo(LeadId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
