package io.crmventas.core.channel;

import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.internal.Check;
import java.util.Optional;

/**
 * A media message to send, by a URL the channel can fetch.
 *
 * @param to the lead: by phone number when it has one, else by channel user id
 * @param caption shown under images, videos and documents
 * @param filename shown for documents
 */
public record OutboundMedia(ContactAddress to, Kind kind, String url, Optional<String> caption, Optional<String> filename) {

  /** The kinds of media every channel is expected to send. */
  public enum Kind { IMAGE, DOCUMENT, AUDIO, VIDEO }

  public OutboundMedia {
    Check.notNull("to", to);
    Check.notNull("kind", kind);
    url = Check.text("url", url, 4000);
    caption = Check.optionalText("caption", caption, 1024);
    filename = Check.optionalText("filename", filename, 240);
  }

  public static OutboundMedia image(ContactAddress to, String url, String caption) {
    return new OutboundMedia(to, Kind.IMAGE, url, Optional.ofNullable(caption), Optional.empty());
  }

  public static OutboundMedia image(PhoneNumber to, String url, String caption) {
    return image(ContactAddress.of(to), url, caption);
  }

  public static OutboundMedia document(ContactAddress to, String url, String filename, String caption) {
    return new OutboundMedia(to, Kind.DOCUMENT, url, Optional.ofNullable(caption), Optional.ofNullable(filename));
  }

  public static OutboundMedia document(PhoneNumber to, String url, String filename, String caption) {
    return document(ContactAddress.of(to), url, filename, caption);
  }
}
