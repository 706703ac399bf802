package io.crmventas.core.internal;

import io.crmventas.core.InvalidInputException;
import java.util.UUID;

/** Helpers shared by the typed ids. Not API. */
public final class Ids {
  private Ids() {}

  public static UUID require(String field, UUID value) {
    if (value == null) {
      throw new InvalidInputException(field, null, "is required");
    }
    return value;
  }

  public static UUID parse(String field, String text) {
    if (text == null) {
      throw new InvalidInputException(field, null, "is required");
    }
    try {
      UUID uuid = UUID.fromString(text.strip());
      if (!uuid.toString().equalsIgnoreCase(text.strip())) {
        throw new IllegalArgumentException("not canonical");
      }
      return uuid;
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, text, "is not a UUID");
    }
  }

  /**
   * Orders UUIDs as unsigned 128-bit numbers, the order PostgreSQL's {@code uuid} type uses, so
   * both stores page in the same order. ({@link UUID#compareTo} compares signed halves.)
   */
  public static int compare(UUID a, UUID b) {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
