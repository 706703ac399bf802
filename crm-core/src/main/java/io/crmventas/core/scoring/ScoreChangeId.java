package io.crmventas.core.scoring;

import io.crmventas.core.internal.Ids;
import java.util.UUID;

/** Identifies an entry of a lead's score history. */
public record ScoreChangeId(UUID value) implements Comparable<ScoreChangeId> {
  public ScoreChangeId {
    Ids.require("scoreChangeId", value);
  }

  public static ScoreChangeId of(UUID value) {
    return new ScoreChangeId(value);
  }

  /** Parses the canonical text form; rejects anything else naming the field {@code scoreChangeId}. */
  public static ScoreChangeId parse(String text) {
    return new ScoreChangeId(Ids.parse("scoreChangeId", text));
  }

  @Override
  public int compareTo(ScoreChangeId other) {
    return Ids.compare(value, other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
