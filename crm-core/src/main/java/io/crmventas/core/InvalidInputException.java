package io.crmventas.core;

import java.util.Objects;

/**
 * A value was rejected: it names the field, the offending value and the rule it broke.
 *
 * <p>Thrown at construction of domain values (a phone that is not E.164, an appointment that
 * ends before it starts) and by stores when a reference points outside the tenant.
 */
public class InvalidInputException extends CrmException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final transient Object value;

  public InvalidInputException(String field, Object value, String problem) {
    super(field + " " + problem + " (was: " + render(value) + ")");
    this.field = Objects.requireNonNull(field, "field");
    this.value = value;
  }

  /** The name of the rejected field, as the API calls it (for example {@code phone}). */
  public String field() {
    return field;
  }

  /** The rejected value, possibly null. */
  public Object value() {
    return value;
  }

  private static String render(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }
}
