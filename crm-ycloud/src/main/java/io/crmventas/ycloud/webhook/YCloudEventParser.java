package io.crmventas.ycloud.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmventas.core.CrmException;
import io.crmventas.core.channel.ContactChange;
import io.crmventas.core.channel.InboundMessage;
import io.crmventas.core.channel.Referral;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.MediaRef;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.internal.Check;
import io.crmventas.core.internal.Texts;
import io.crmventas.core.lead.Lead;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads YCloud webhook bodies into {@link YCloudEvent}s. Every inbound message type WhatsApp
 * sends is read: text, media (audio, image, video, document, sticker), location, contacts,
 * interactive and button replies, reactions; other message types become
 * {@link MessageType#UNSUPPORTED} with a summary. Summaries (how a location, a shared contact, a
 * reaction or a button reads to sellers and the assistant) are in the tenant's language, from the
 * bundle {@code io/crmventas/ycloud/webhook/MessageSummaries} (Spanish and English ship; other
 * languages read in English). Thread-safe.
 */
public final class YCloudEventParser {
  /** The channel name inbound messages carry. */
  public static final String CHANNEL = "whatsapp";

  private static final String SUMMARIES = "io.crmventas.ycloud.webhook.MessageSummaries";
  private static final Texts ENGLISH = Texts.of(SUMMARIES, Locale.ENGLISH);

  private final ObjectMapper mapper = new ObjectMapper();

  /** {@link #parse(String, Locale)} with summaries in English. */
  public YCloudEvent parse(String body) {
    return parse(body, ENGLISH);
  }

  /**
   * Parses one webhook body, with summaries in {@code language} (the tenant's).
   *
   * @throws MalformedEventException if it is not JSON, not an object, or misses or mistypes a
   *     field the event needs; the message names the field
   */
  public YCloudEvent parse(String body, Locale language) {
    return parse(body, Texts.of(SUMMARIES, language));
  }

  private YCloudEvent parse(String body, Texts texts) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      throw new MalformedEventException("body is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedEventException("body is not a JSON object");
    }
    String id = text(root, "id", "id");
    String type = text(root, "type", "type");
    Instant created = instant(root, "createTime", "createTime");
    try {
      return switch (type) {
        case YCloudEvent.INBOUND_MESSAGE -> {
          JsonNode m = object(root, "whatsappInboundMessage", "whatsappInboundMessage");
          if ("system".equals(m.path("type").asText())) {
            String notice = m.path("system").path("type").asText("system");
            yield new YCloudEvent.SystemNotice(id, type, created, notice, contactChange(notice, m), optText(m, "to"));
          }
          yield unidentified(id, type, created, m, "from", "fromUserId", "to", "whatsappInboundMessage")
              .orElseGet(() -> new YCloudEvent.InboundMessageReceived(id, type, created,
                  message(m, "whatsappInboundMessage", InboundMessage.Origin.CUSTOMER, created, texts)));
        }
        case YCloudEvent.BUSINESS_ECHO -> {
          JsonNode m = object(root, "whatsappMessage", "whatsappMessage");
          yield unidentified(id, type, created, m, "to", "toUserId", "from", "whatsappMessage")
              .orElseGet(() -> new YCloudEvent.BusinessEcho(id, type, created,
                  message(m, "whatsappMessage", InboundMessage.Origin.BUSINESS_ECHO, created, texts)));
        }
        case YCloudEvent.MESSAGE_UPDATED -> {
          JsonNode m = object(root, "whatsappMessage", "whatsappMessage");
          yield new YCloudEvent.MessageUpdated(id, type, created, status(m), optText(m, "from"));
        }
        default -> new YCloudEvent.Unsupported(id, type, created);
      };
    } catch (MalformedEventException e) {
      throw e;
    } catch (CrmException e) {
      // A value our domain model refuses (a phone number that is not one, an over-long field).
      throw new MalformedEventException(e.getMessage(), e);
    }
  }

  /**
   * The address change a system notice of a kind that moves leads reports, if it has the values
   * that make one. Values the CRM cannot read count as absent, as for a message's user id: a
   * notice is not worth a malformed event.
   */
  private static Optional<ContactChange> contactChange(String notice, JsonNode m) {
    JsonNode system = m.path("system");
    Optional<ChannelUserId> previousId = userId(system, "previous_user_id");
    Optional<ChannelUserId> newId = userId(m, "fromUserId").filter(u -> !previousId.equals(Optional.of(u)));
    Optional<ContactAddress> previous;
    Optional<ContactAddress> current;
    switch (notice) {
      case YCloudEvent.SystemNotice.USER_ID_CHANGED -> {
        previous = previousId.map(ContactAddress::of);
        current = newId.map(ContactAddress::of);
      }
      case YCloudEvent.SystemNotice.NUMBER_CHANGED -> {
        Optional<PhoneNumber> oldPhone = readablePhone(m, "from");
        Optional<PhoneNumber> newPhone = readablePhone(system, "wa_id").filter(p -> !oldPhone.equals(Optional.of(p)));
        previous = oldPhone.isPresent() || previousId.isPresent()
            ? Optional.of(ContactAddress.of(oldPhone, previousId)) : Optional.empty();
        current = newPhone.map(p -> ContactAddress.of(Optional.of(p), newId));
      }
      default -> {
        return Optional.empty();
      }
    }
    return previous.flatMap(was -> current.map(now -> new ContactChange(was, now)));
  }

  /** The phone number in {@code field} if it holds one (WhatsApp writes some without the {@code +}). */
  private static Optional<PhoneNumber> readablePhone(JsonNode parent, String field) {
    try {
      return optText(parent, field).map(v -> phone(v, field));
    } catch (MalformedEventException e) {
      return Optional.empty();
    }
  }

  /**
   * The event as {@link YCloudEvent.Unidentified} when it names the user by neither phone number
   * nor a usable business-scoped user id (a blank field counts as absent).
   */
  private static Optional<YCloudEvent> unidentified(String id, String type, Instant created, JsonNode m,
      String phoneField, String userIdField, String businessField, String p) {
    if (optText(m, phoneField).isPresent() || userId(m, userIdField).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new YCloudEvent.Unidentified(id, type, created, text(m, "type", p + ".type"),
        optText(m, businessField)));
  }

  private static StatusUpdate status(JsonNode m) {
    String p = "whatsappMessage";
    return new StatusUpdate(text(m, "id", p + ".id"), optText(m, "wamid"), text(m, "status", p + ".status"),
        optText(m, "errorCode"), optText(m, "errorMessage"), optText(m.path("whatsappApiError"), "code"),
        optText(m, "updateTime").map(v -> parseInstant(v, p + ".updateTime")));
  }

  private static InboundMessage message(JsonNode m, String p, InboundMessage.Origin origin, Instant created,
      Texts texts) {
    String id = text(m, "id", p + ".id");
    boolean echo = origin == InboundMessage.Origin.BUSINESS_ECHO;
    // The user's side may come as a phone number, a business-scoped user id (a user who hides
    // their number behind a WhatsApp username) or both; the business's number is always there.
    String customerField = echo ? "to" : "from";
    String userIdField = echo ? "toUserId" : "fromUserId";
    String business = text(m, echo ? "from" : "to", p + (echo ? ".from" : ".to"));
    String rawType = text(m, "type", p + ".type");
    Instant sent = optText(m, "sendTime").map(v -> parseInstant(v, p + ".sendTime")).orElse(created);
    Optional<ChannelUserId> userId = userId(m, userIdField);
    // A number that cannot be read is malformed only when there is no user id to go by.
    Optional<PhoneNumber> phone = optText(m, customerField).flatMap(v -> {
      try {
        return Optional.of(phone(v, p + "." + customerField));
      } catch (MalformedEventException e) {
        if (userId.isEmpty()) {
          throw e;
        }
        return Optional.empty();
      }
    });
    ContactAddress customer = ContactAddress.of(phone, userId);
    MessageType type = messageType(rawType);
    InboundMessage.Builder b = InboundMessage.builder(CHANNEL, id, customer, business, sent, type)
        .origin(origin)
        .externalId(fitting(m, "wamid", InboundMessage.MAX_PROVIDER_ID).orElse(null))
        .customerName(optText(m.path("customerProfile"), "name")
            .map(n -> Check.clip(n, InboundMessage.MAX_CUSTOMER_NAME)).orElse(null))
        // Shown, not needed: one too long to keep is left out rather than failing the event.
        .customerUsername(fitting(m.path("customerProfile"), "username", Lead.MAX_USERNAME).orElse(null));
    fitting(m.path("context"), "id", InboundMessage.MAX_PROVIDER_ID).ifPresent(b::replyToId);
    JsonNode referral = m.path("referral");
    if (referral.isObject()) {
      // What the ad or post said is kept in part when too long; an id, a URL or a type cut short
      // would be wrong, so one too long is left out. Neither fails the lead's message.
      b.referral(new Referral(fitting(referral, "source_type", Referral.MAX_SOURCE_TYPE),
          fitting(referral, "source_id", Referral.MAX_SOURCE_ID),
          fitting(referral, "source_url", Referral.MAX_SOURCE_URL),
          clipped(referral, "headline", Referral.MAX_HEADLINE), clipped(referral, "body", Referral.MAX_BODY),
          fitting(referral, "media_type", Referral.MAX_MEDIA_TYPE),
          fitting(referral, "ctwa_clid", Referral.MAX_CLICK_ID)));
    }
    switch (type) {
      case TEXT -> b.text(text(object(m, "text", p + ".text"), "body", p + ".text.body"));
      case AUDIO, IMAGE, VIDEO, DOCUMENT, STICKER -> {
        String key = rawType.toLowerCase(Locale.ROOT);
        JsonNode media = object(m, key, p + "." + key);
        MediaRef ref = media(media, p + "." + key);
        b.media(ref);
        optText(media, "caption").ifPresent(b::caption);
        if (type != MessageType.AUDIO) {
          // What a file without a caption reads as (a voice note reads as its transcript). Not
          // its file name: that is in the media reference, and words in it ("baja.pdf") would
          // read to scoring as if the lead had written them.
          b.summary(texts.get(key));
        }
      }
      case LOCATION -> b.summary(location(object(m, "location", p + ".location"), p + ".location", texts));
      case CONTACTS -> b.summary(contacts(m.path("contacts"), p + ".contacts", texts));
      case INTERACTIVE -> interactive(m, rawType, p, b, texts);
      case REACTION -> {
        JsonNode r = object(m, "reaction", p + ".reaction");
        String target = text(r, "message_id", p + ".reaction.message_id");
        if (target.strip().length() <= InboundMessage.MAX_PROVIDER_ID) {
          b.replyToId(target);
        }
        b.summary(optText(r, "emoji").map(e -> texts.get("reaction", e))
            .orElseGet(() -> texts.get("reaction.removed")));
      }
      default -> b.summary(texts.get("unsupported", rawType));
    }
    return b.build();
  }

  private static MessageType messageType(String rawType) {
    return switch (rawType) {
      case "text" -> MessageType.TEXT;
      case "audio" -> MessageType.AUDIO;
      case "image" -> MessageType.IMAGE;
      case "video" -> MessageType.VIDEO;
      case "document" -> MessageType.DOCUMENT;
      case "sticker" -> MessageType.STICKER;
      case "location" -> MessageType.LOCATION;
      case "contacts" -> MessageType.CONTACTS;
      case "interactive", "button" -> MessageType.INTERACTIVE;
      case "reaction" -> MessageType.REACTION;
      default -> MessageType.UNSUPPORTED;
    };
  }

  private static MediaRef media(JsonNode media, String p) {
    // Either reference is enough: one too long to keep is left out while the other is usable.
    Optional<String> id = fitting(media, "id", MediaRef.MAX_PROVIDER_MEDIA_ID);
    Optional<String> link = fitting(media, "link", MediaRef.MAX_URL);
    if (id.isEmpty() && link.isEmpty()) {
      throw new MalformedEventException(p + " needs an id (at most " + MediaRef.MAX_PROVIDER_MEDIA_ID
          + " characters) or a link (at most " + MediaRef.MAX_URL + ")");
    }
    Optional<Long> size = media.path("file_size").canConvertToLong()
        ? Optional.of(media.path("file_size").asLong()) : Optional.empty();
    return new MediaRef(id, link, fitting(media, "mime_type", MediaRef.MAX_MIME_TYPE),
        clipped(media, "filename", MediaRef.MAX_FILENAME), size, fitting(media, "sha256", MediaRef.MAX_SHA256));
  }

  private static String location(JsonNode loc, String p, Texts texts) {
    JsonNode lat = loc.get("latitude");
    JsonNode lon = loc.get("longitude");
    if (lat == null || lon == null || !lat.isNumber() || !lon.isNumber()) {
      throw new MalformedEventException(p + ".latitude and .longitude must be numbers");
    }
    // Coordinates as Java writes doubles, in every language: a decimal point, no grouping.
    String latitude = String.valueOf(lat.asDouble());
    String longitude = String.valueOf(lon.asDouble());
    String place = String.join(", ", Stream.of(optText(loc, "name"), optText(loc, "address"))
        .flatMap(Optional::stream).toList());
    return place.isEmpty() ? texts.get("location", latitude, longitude)
        : texts.get("location.named", place, latitude, longitude);
  }

  private static String contacts(JsonNode list, String p, Texts texts) {
    if (!list.isArray() || list.isEmpty()) {
      throw new MalformedEventException(p + " must be a non-empty array");
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      if (i > 0) {
        s.append("; ");
      }
      s.append(optText(c.path("name"), "formatted_name").orElseGet(() -> texts.get("contact.unnamed")));
      JsonNode phones = c.path("phones");
      if (phones.isArray() && !phones.isEmpty()) {
        optText(phones.get(0), "phone").ifPresent(ph -> s.append(' ').append(ph));
      }
    }
    return texts.get("contacts", list.size(), s.toString());
  }

  private static void interactive(JsonNode m, String rawType, String p, InboundMessage.Builder b, Texts texts) {
    if (rawType.equals("button")) {
      JsonNode button = object(m, "button", p + ".button");
      String t = optText(button, "text").or(() -> optText(button, "payload"))
          .orElseThrow(() -> new MalformedEventException(p + ".button needs a text or a payload"));
      b.text(t).summary(texts.get("button", t));
      return;
    }
    JsonNode i = object(m, "interactive", p + ".interactive");
    String kind = text(i, "type", p + ".interactive.type");
    JsonNode reply = i.path(kind);
    Optional<String> title = optText(reply, "title");
    if (title.isPresent()) {
      b.text(title.get()).summary(texts.get(kind.equals("list_reply") ? "list" : "button", title.get()));
    } else {
      b.summary(texts.get("interactive", kind));
    }
  }

  /**
   * The business-scoped user id in {@code field}, if it holds a usable one. It is optional
   * information beside the phone number, so a value the CRM cannot use counts as absent rather
   * than making the whole event malformed (YCloud would then give the message up).
   */
  private static Optional<ChannelUserId> userId(JsonNode parent, String field) {
    try {
      return optText(parent, field).map(v -> ChannelUserId.of(field, v));
    } catch (CrmException e) {
      return Optional.empty();
    }
  }

  private static PhoneNumber phone(String value, String path) {
    try {
      return PhoneNumber.parse(path, value.startsWith("+") ? value : "+" + value);
    } catch (CrmException e) {
      // Without the value (a customer's number ends in logs and the answer); YCloud has it.
      throw new MalformedEventException(path + " is not a phone number in international (E.164) form");
    }
  }

  private static JsonNode object(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      throw new MalformedEventException(path + " is required");
    }
    if (!n.isObject()) {
      throw new MalformedEventException(path + " must be an object");
    }
    return n;
  }

  private static String text(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      throw new MalformedEventException(path + " is required");
    }
    // U+0000: JSON may carry it (escaped), PostgreSQL text cannot, and it means nothing here.
    String value = n.isTextual() ? Check.withoutNul(n.asText()) : "";
    if (value.isBlank()) {
      throw new MalformedEventException(path + " must be a non-empty string");
    }
    return value;
  }

  private static Optional<String> optText(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    return n != null && n.isValueNode() && !n.isNull()
        ? Optional.of(Check.withoutNul(n.asText())).filter(s -> !s.isBlank()) : Optional.empty();
  }

  /** {@code field}'s text, empty if longer than {@code max} (after stripping). */
  private static Optional<String> fitting(JsonNode parent, String field, int max) {
    return optText(parent, field).filter(v -> v.strip().length() <= max);
  }

  /** {@code field}'s text, cut to {@code max} characters if longer ({@link Check#clip}). */
  private static Optional<String> clipped(JsonNode parent, String field, int max) {
    return optText(parent, field).map(v -> Check.clip(v, max));
  }

  private static Instant instant(JsonNode parent, String field, String path) {
    return parseInstant(text(parent, field, path), path);
  }

  private static Instant parseInstant(String value, String path) {
    try {
      return IsoInstant.parse(value);
    } catch (DateTimeParseException e) {
      throw new MalformedEventException(path + " is not an ISO-8601 time: " + value, e);
    }
  }
}
