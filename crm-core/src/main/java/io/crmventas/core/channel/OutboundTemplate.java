package io.crmventas.core.channel;

import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.internal.Check;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A pre-approved template message.
 *
 * @param to the lead: by phone number when it has one, else by channel user id (WhatsApp's
 *     authentication templates with one-tap, zero-tap or copy-code buttons need a phone number)
 * @param name the template's name as approved
 * @param languageCode the approved language, for example {@code es} or {@code en_US}
 * @param bodyParameters the values of the body's placeholders, in order
 */
public record OutboundTemplate(ContactAddress to, String name, String languageCode, List<String> bodyParameters) {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9_]{1,512}$");
  private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}(_[A-Z]{2})?$");

  public OutboundTemplate {
    Check.notNull("to", to);
    Check.matches("name", name, NAME, "must be lower-case letters, digits and _");
    Check.matches("languageCode", languageCode, LANGUAGE, "must be a language code such as es or en_US");
    bodyParameters = Check.list("bodyParameters", bodyParameters);
    for (String p : bodyParameters) {
      Check.text("bodyParameters[]", p, 1024);
    }
  }
}
