package io.crmventas.core.contact;

import io.crmventas.core.InvalidInputException;

/**
 * A phone number in E.164 form: {@code +} followed by 8 to 15 digits, the first not 0.
 *
 * <p>{@link #parse} accepts the usual ways people and providers write international numbers
 * ({@code +54 9 11 5555-1234}, {@code 0054...}, {@code 5491155551234}, {@code whatsapp:+1...})
 * and normalises them. A national number without a country code cannot be normalised and is
 * rejected.
 */
public record PhoneNumber(String value) implements Comparable<PhoneNumber> {

  public PhoneNumber {
    if (value == null) {
      throw new InvalidInputException("phone", null, "is required");
    }
    if (!isE164(value)) {
      throw new InvalidInputException("phone", value, "is not an E.164 number (+ and 8 to 15 digits)");
    }
  }

  /** Normalises {@code text} to E.164, naming {@code phone} as the field on failure. */
  public static PhoneNumber parse(String text) {
    return parse("phone", text);
  }

  /** Normalises {@code text} to E.164, naming {@code field} on failure. */
  public static PhoneNumber parse(String field, String text) {
    if (text == null) {
      throw new InvalidInputException(field, null, "is required");
    }
    String s = text.strip();
    if (s.regionMatches(true, 0, "whatsapp:", 0, 9)) {
      s = s.substring(9).strip();
    } else if (s.regionMatches(true, 0, "tel:", 0, 4)) {
      s = s.substring(4).strip();
    }
    StringBuilder digits = new StringBuilder(16);
    boolean plus = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c == '+' && i == 0) {
        plus = true;
      } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '\u00a0') {
        throw new InvalidInputException(field, text, "is not a phone number (unexpected '" + c + "')");
      }
    }
    if (!plus && digits.length() > 2 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
      digits.delete(0, 2);
    } else if (!plus && digits.length() > 0 && digits.charAt(0) == '0') {
      throw new InvalidInputException(field, text, "is a national number; an international number with country code is required");
    }
    String candidate = "+" + digits;
    if (!isE164(candidate)) {
      throw new InvalidInputException(field, text, "is not an E.164 number (+ and 8 to 15 digits)");
    }
    return new PhoneNumber(candidate);
  }

  private static boolean isE164(String v) {
    int n = v.length();
    if (n < 9 || n > 16 || v.charAt(0) != '+' || v.charAt(1) == '0') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The digits without the leading {@code +}, as WhatsApp APIs often write them. */
  public String digits() {
    return value.substring(1);
  }

  @Override
  public int compareTo(PhoneNumber o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
