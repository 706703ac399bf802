package io.crmventas.core.contact;

import io.crmventas.core.InvalidInputException;

/**
 * The id a messaging channel gives a person in place of, or besides, a phone number: WhatsApp's
 * business-scoped user id (BSUID, such as {@code US.13491208655302741918}, or a parent BSUID such
 * as {@code US.ENT.11815799212886844830}), which reaches users who hide their number behind a
 * WhatsApp username; a Telegram or Messenger user id for adapters of those channels.
 *
 * <p>Compared exactly (case matters). 1 to 200 characters, none of them white space or control
 * characters.
 */
public record ChannelUserId(String value) implements Comparable<ChannelUserId> {
  /** The longest value accepted (a BSUID is a country code, a dot and up to 128 characters). */
  public static final int MAX_LENGTH = 200;

  public ChannelUserId {
    check("channelUserId", value);
  }

  /** Checks {@code value}, naming {@code field} on failure. */
  public static ChannelUserId of(String field, String value) {
    check(field, value);
    return new ChannelUserId(value);
  }

  private static void check(String field, String value) {
    if (value == null) {
      throw new InvalidInputException(field, null, "is required");
    }
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new InvalidInputException(field, value, "must be 1 to " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        throw new InvalidInputException(field, value, "must not contain white space or control characters");
      }
    }
  }

  @Override
  public int compareTo(ChannelUserId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
