package io.crmventas.core.tenant;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies a user, across all tenants. */
public record UserId(UUID value) implements Comparable<UserId> {
  public UserId {
    Ids.require("userId", value);
  }

  public static UserId of(UUID value) {
    return new UserId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code userId}. */
  public static UserId parse(String text) {
    return new UserId(Ids.parse("userId", text));
  }

  @Override
  public int compareTo(UserId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
