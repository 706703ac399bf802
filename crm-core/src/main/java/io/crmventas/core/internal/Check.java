package io.crmventas.core.internal;

import io.crmventas.core.InvalidInputException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Argument checks that throw {@link InvalidInputException} naming the field. Not API. */
public final class Check {
  private Check() {}

  public static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new InvalidInputException(field, null, "is required");
    }
    return value;
  }

  /**
   * Trims and requires at least one non-blank character, at most {@code max}, and no U+0000
   * (which PostgreSQL text cannot hold).
   */
  public static String text(String field, String value, int max) {
    notNull(field, value);
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidInputException(field, value, "must not be blank");
    }
    if (trimmed.length() > max) {
      throw new InvalidInputException(field, value, "must be at most " + max + " characters");
    }
    if (trimmed.indexOf(0) >= 0) {
      // PostgreSQL cannot store it; refused here so that both stores say the same.
      throw new InvalidInputException(field, value, "must not contain the NUL character (U+0000)");
    }
    return trimmed;
  }

  /**
   * {@code s} without U+0000, for text that must be kept rather than refused (what a lead or a
   * model wrote): no store keeps that character, and it means nothing.
   */
  public static String withoutNul(String s) {
    return s.indexOf(0) < 0 ? s : s.replace(String.valueOf((char) 0), "");
  }

  /**
   * {@code raw} stripped, without U+0000 and cut to {@code max} characters (never splitting a
   * surrogate pair), ending in "…" if cut: for text worth keeping in part rather than refusing
   * (what a lead wrote, a name or caption a channel sent).
   */
  public static String clip(String raw, int max) {
    String text = withoutNul(raw).strip();
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  /** Like {@link #text} for optional values: empty or blank becomes empty. */
  public static Optional<String> optionalText(String field, Optional<String> value, int max) {
    notNull(field, value);
    if (value.isEmpty() || value.get().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(text(field, value.get(), max));
  }

  public static <T> Optional<T> optional(String field, Optional<T> value) {
    return notNull(field, value);
  }

  public static String matches(String field, String value, Pattern pattern, String rule) {
    notNull(field, value);
    if (!pattern.matcher(value).matches()) {
      throw new InvalidInputException(field, value, rule);
    }
    return value;
  }

  public static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidInputException(field, value, "must be between " + min + " and " + max);
    }
    return value;
  }

  public static java.time.Duration positive(String field, java.time.Duration value) {
    notNull(field, value);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidInputException(field, value, "must be positive");
    }
    return value;
  }

  /**
   * Refuses a change made to an old copy: {@code given} is the version the caller read,
   * {@code stored} the one stored now.
   *
   * @throws io.crmventas.core.ConflictException with rule {@code <entity>.version} if they differ
   */
  public static void version(String entity, Object id, long given, long stored) {
    if (given != stored) {
      throw staleVersion(entity, id, given, stored);
    }
  }

  /** The conflict {@link #version} throws, for a store that found the versions apart itself. */
  public static io.crmventas.core.ConflictException staleVersion(String entity, Object id, long given, long stored) {
    return new io.crmventas.core.ConflictException(entity + ".version", entity + " " + id
        + " was changed by someone else (version " + given + ", stored " + stored + "); read it again");
  }

  public static long atLeast(String field, long value, long min) {
    if (value < min) {
      throw new InvalidInputException(field, value, "must be at least " + min);
    }
    return value;
  }

  public static double fraction(String field, double value) {
    if (Double.isNaN(value) || value < 0 || value > 1) {
      throw new InvalidInputException(field, value, "must be a fraction between 0 and 1");
    }
    return value;
  }

  /**
   * Truncates to microseconds, the precision PostgreSQL keeps, so a value reads back equal
   * from every store.
   */
  /** The earliest and latest instants kept: years 1 to 9999, what every store can hold. */
  public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

  public static Instant instant(String field, Instant value) {
    notNull(field, value);
    if (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT)) {
      throw new InvalidInputException(field, value, "must be between the years 1 and 9999");
    }
    return value.truncatedTo(ChronoUnit.MICROS);
  }

  public static Optional<Instant> optionalInstant(String field, Optional<Instant> value) {
    return notNull(field, value).map(v -> instant(field, v));
  }

  public static <T> List<T> list(String field, Collection<T> values) {
    notNull(field, values);
    for (T v : values) {
      if (v == null) {
        throw new InvalidInputException(field, values, "must not contain null");
      }
    }
    return List.copyOf(values);
  }

  public static <T> Set<T> set(String field, Collection<T> values) {
    return Set.copyOf(list(field, values));
  }

  public static <K, V> Map<K, V> map(String field, Map<K, V> values) {
    notNull(field, values);
    values.forEach(
        (k, v) -> {
          if (k == null || v == null) {
            throw new InvalidInputException(field, values, "must not contain null keys or values");
          }
        });
    return Map.copyOf(values);
  }
}
