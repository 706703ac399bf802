package io.crmventas.core.audit;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies an audit event. */
public record AuditEventId(UUID value) implements Comparable<AuditEventId> {
  public AuditEventId {
    Ids.require("auditEventId", value);
  }

  public static AuditEventId of(UUID value) {
    return new AuditEventId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code auditEventId}. */
  public static AuditEventId parse(String text) {
    return new AuditEventId(Ids.parse("auditEventId", text));
  }

  @Override
  public int compareTo(AuditEventId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
