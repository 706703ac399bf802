package io.crmventas.core.tenant;

import io.crmventas.core.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A typed tenant setting: its key, its default and how it is parsed and checked.
 *
 * <p>Each module declares the settings it reads as constants (for example the scoring
 * thresholds), so {@link TenantSettings} stays a plain map that any module can extend.
 * Instances are immutable and thread-safe.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
  private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$");

  private final String key;
  private final T defaultValue;
  private final Function<String, T> parser;
  private final Function<T, String> formatter;
  private final Predicate<T> rule;
  private final String ruleText;

  private Setting(
      String key, T defaultValue, Function<String, T> parser, Function<T, String> formatter,
      Predicate<T> rule, String ruleText) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new InvalidInputException("setting.key", key, "must be dotted lower-case words");
    }
    this.key = key;
    this.parser = parser;
    this.formatter = formatter;
    this.rule = rule;
    this.ruleText = ruleText;
    this.defaultValue = check(Objects.requireNonNull(defaultValue, "defaultValue"));
  }

  /** A whole number in [min, max]. */
  public static Setting<Integer> integer(String key, int defaultValue, int min, int max) {
    return new Setting<>(key, defaultValue, Integer::valueOf, String::valueOf,
        v -> v >= min && v <= max, "must be a whole number between " + min + " and " + max);
  }

  /** A fraction in [0, 1]. */
  public static Setting<Double> fraction(String key, double defaultValue) {
    return new Setting<>(key, defaultValue, Double::valueOf, String::valueOf,
        v -> !v.isNaN() && v >= 0 && v <= 1, "must be a fraction between 0 and 1");
  }

  /** A non-negative decimal number. */
  public static Setting<Double> decimal(String key, double defaultValue, double max) {
    return new Setting<>(key, defaultValue, Double::valueOf, String::valueOf,
        v -> !v.isNaN() && v >= 0 && v <= max, "must be a number between 0 and " + max);
  }

  /** A positive duration between min and max, written in ISO-8601 ({@code PT8S}, {@code PT1H}). */
  public static Setting<Duration> duration(String key, Duration defaultValue, Duration min, Duration max) {
    return new Setting<>(key, defaultValue, Duration::parse, Duration::toString,
        v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0,
        "must be an ISO-8601 duration between " + min + " and " + max);
  }

  /** true or false. */
  public static Setting<Boolean> flag(String key, boolean defaultValue) {
    return new Setting<>(key, defaultValue, Setting::parseBoolean, String::valueOf, v -> true, "must be true or false");
  }

  /** Free text up to 500 characters. */
  public static Setting<String> text(String key, String defaultValue) {
    return new Setting<>(key, defaultValue, s -> s, s -> s, v -> v.length() <= 500, "must be at most 500 characters");
  }

  private static Boolean parseBoolean(String s) {
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(s);
  }

  public String key() {
    return key;
  }

  public T defaultValue() {
    return defaultValue;
  }

  T check(T value) {
    if (value == null) {
      throw new InvalidInputException(key, null, "is required");
    }
    if (!rule.test(value)) {
      throw new InvalidInputException(key, value, ruleText);
    }
    return value;
  }

  /** Parses and checks a stored or configured text value. */
  public T parse(String text) {
    if (text == null) {
      throw new InvalidInputException(key, null, "is required");
    }
    T value;
    try {
      value = parser.apply(text.strip());
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new InvalidInputException(key, text, ruleText);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(key, text, ruleText);
    }
    return check(value);
  }

  String format(T value) {
    return formatter.apply(check(value));
  }

  @Override
  public String toString() {
    return key + " (default " + formatter.apply(defaultValue) + ")";
  }
}
