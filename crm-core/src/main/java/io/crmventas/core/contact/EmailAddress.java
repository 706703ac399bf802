package io.crmventas.core.contact;

import io.crmventas.core.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/** An e-mail address, trimmed and lower-cased, with a pragmatic shape check. */
public record EmailAddress(String value) {
  private static final Pattern SHAPE =
      Pattern.compile("^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

  public EmailAddress {
    if (value == null) {
      throw new InvalidInputException("email", null, "is required");
    }
    if (value.length() > 254 || !SHAPE.matcher(value).matches()) {
      throw new InvalidInputException("email", value, "is not an e-mail address");
    }
  }

  /** Trims and lower-cases {@code text}, then checks it. */
  public static EmailAddress parse(String text) {
    if (text == null) {
      throw new InvalidInputException("email", null, "is required");
    }
    return new EmailAddress(text.strip().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return value;
  }
}
