package io.crmventas.ycloud.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.channel.ContactChange;
import io.crmventas.core.channel.DeliveryFailure;
import io.crmventas.core.channel.InboundMessage;
import io.crmventas.core.channel.Referral;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.MediaRef;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.lead.Lead;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class YCloudEventParserTest {
  private final YCloudEventParser parser = new YCloudEventParser();

  private InboundMessage inbound(String fixture) {
    return inbound(fixture, Locale.ENGLISH);
  }

  private InboundMessage inbound(String fixture, Locale language) {
    YCloudEvent e = parser.parse(Fixtures.json(fixture), language);
    assertThat(e).isInstanceOf(YCloudEvent.InboundMessageReceived.class);
    return ((YCloudEvent.InboundMessageReceived) e).message();
  }

  @Test
  void aTextCarriesTheEnvelopeSenderAndProfileName() {
    YCloudEvent e = parser.parse(Fixtures.json("inbound-text"));
    assertThat(e.id()).isEqualTo("evt_inbound-text_01");
    assertThat(e.type()).isEqualTo(YCloudEvent.INBOUND_MESSAGE);
    assertThat(e.createTime()).isEqualTo(Instant.parse("2026-11-25T10:00:01.123Z"));
    InboundMessage m = ((YCloudEvent.InboundMessageReceived) e).message();
    assertThat(m.providerMessageId()).isEqualTo("63f5d7d6b4a7c2inbound-text");
    assertThat(m.externalId()).hasValueSatisfying(w -> assertThat(w).startsWith("wamid."));
    assertThat(m.customer().phone()).contains(PhoneNumber.parse("+5491155550001"));
    assertThat(m.business()).isEqualTo("+5491100000000");
    assertThat(m.customerName()).contains("Ana Gómez");
    assertThat(m.sentAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(m.type()).isEqualTo(MessageType.TEXT);
    assertThat(m.text()).contains("Hola, quiero saber el precio del plan anual");
    assertThat(m.fromCustomer()).isTrue();
    assertThat(m.referral()).isEmpty();
  }

  @Test
  void aMetaAdReferralIsKept() {
    InboundMessage m = inbound("inbound-text-meta-ad");
    assertThat(m.referral()).hasValueSatisfying(r -> {
      assertThat(r.metaAttribution()).hasValueSatisfying(a -> {
        assertThat(a.adId()).isEqualTo("120208765432109876");
        assertThat(a.sourceUrl()).contains("https://fb.me/8xKq2ZbT1");
        assertThat(a.headline()).contains("Plan anual con 30% off");
        assertThat(a.clickId()).hasValueSatisfying(c -> assertThat(c).startsWith("ARAkLkA8"));
      });
    });
  }

  @Test
  void overLongOptionalFieldsAreCutOrLeftOutButNeverFailTheMessage() {
    // An Instagram post's caption can run to 2,200 characters; a lead tapping it still writes.
    String ad = Fixtures.json("inbound-text-meta-ad");
    String longBody = "Promo ".repeat(400);
    InboundMessage m = inboundOf(ad.replace("Escribinos por WhatsApp y te asesoramos", longBody)
        .replace("Plan anual con 30% off", "Plan ".repeat(200))
        .replace("https://fb.me/8xKq2ZbT1", "https://fb.me/" + "x".repeat(Referral.MAX_SOURCE_URL))
        .replace("\"media_type\": \"image\"", "\"media_type\": \"" + "i".repeat(Referral.MAX_MEDIA_TYPE + 1) + "\"")
        .replace("\"Ana Gómez\"", "\"" + "Ana ".repeat(100) + "\""));
    assertThat(m.text()).contains("Hola! Vi el anuncio, ¿me pasás info?");
    assertThat(m.customerName()).hasValueSatisfying(n -> assertThat(n).hasSize(InboundMessage.MAX_CUSTOMER_NAME)
        .startsWith("Ana Ana").endsWith("…"));
    assertThat(m.referral()).hasValueSatisfying(r -> {
      assertThat(r.body()).hasValueSatisfying(b -> assertThat(b).hasSize(Referral.MAX_BODY).startsWith("Promo Promo").endsWith("…"));
      assertThat(r.headline()).hasValueSatisfying(h -> assertThat(h).hasSize(Referral.MAX_HEADLINE).endsWith("…"));
      assertThat(r.sourceUrl()).as("a URL cut short would be wrong").isEmpty();
      assertThat(r.mediaType()).isEmpty();
      assertThat(r.sourceId()).contains("120208765432109876");
    });
    String doc = Fixtures.json("inbound-document");
    InboundMessage d = inboundOf(doc.replace("comprobante-transferencia.pdf", "c".repeat(MediaRef.MAX_FILENAME) + ".pdf")
        .replace("application/pdf", "application/" + "x".repeat(MediaRef.MAX_MIME_TYPE)));
    assertThat(d.media()).hasValueSatisfying(media -> {
      assertThat(media.filename()).hasValueSatisfying(f -> assertThat(f).hasSize(MediaRef.MAX_FILENAME).endsWith("…"));
      assertThat(media.mimeType()).isEmpty();
      assertThat(media.providerMediaId()).isPresent();
    });
    // An over-long download link, wamid or replied-to id is left out; the message stays.
    String image = Fixtures.json("inbound-image");
    InboundMessage i = inboundOf(image.replace("https://api.ycloud.com/v2/whatsapp/media/download/1178734379637920",
        "https://api.ycloud.com/" + "x".repeat(MediaRef.MAX_URL)));
    assertThat(i.media()).hasValueSatisfying(media -> {
      assertThat(media.url()).isEmpty();
      assertThat(media.providerMediaId()).contains("1178734379637920");
    });
    String text = Fixtures.json("inbound-text");
    String wamid = text.substring(text.indexOf("wamid."), text.indexOf('"', text.indexOf("wamid.")));
    assertThat(inboundOf(text.replace(wamid, "wamid." + "w".repeat(InboundMessage.MAX_PROVIDER_ID))).externalId())
        .isEmpty();
  }

  @Test
  void mediaKeepsTheirReferenceAndCaption() {
    InboundMessage image = inbound("inbound-image");
    assertThat(image.type()).isEqualTo(MessageType.IMAGE);
    assertThat(image.media()).hasValueSatisfying(media -> {
      assertThat(media.providerMediaId()).contains("1178734379637920");
      assertThat(media.url()).contains("https://api.ycloud.com/v2/whatsapp/media/download/1178734379637920");
      assertThat(media.mimeType()).contains("image/jpeg");
    });
    assertThat(image.caption()).contains("¿Tienen este modelo en negro?");

    InboundMessage audio = inbound("inbound-audio");
    assertThat(audio.type()).isEqualTo(MessageType.AUDIO);
    assertThat(audio.media().flatMap(x -> x.mimeType())).contains("audio/ogg; codecs=opus");
    assertThat(audio.readableText()).isEmpty();

    InboundMessage doc = inbound("inbound-document");
    assertThat(doc.media().flatMap(x -> x.filename())).contains("comprobante-transferencia.pdf");
    assertThat(doc.caption()).contains("Mi comprobante");

    assertThat(inbound("inbound-video").type()).isEqualTo(MessageType.VIDEO);
    assertThat(inbound("inbound-sticker").media().flatMap(x -> x.mimeType())).contains("image/webp");
    // Without a caption a file reads as what it is, for sellers and for the assistant.
    assertThat(inbound("inbound-sticker").readableText()).contains("Sent a sticker");
    assertThat(inboundOf(Fixtures.json("inbound-image").replace("\"caption\"", "\"notes\"")).readableText())
        .contains("Sent an image");
    assertThat(inboundOf(Fixtures.json("inbound-video").replace("\"caption\"", "\"notes\"")).readableText())
        .contains("Sent a video");
    assertThat(image.readableText()).contains("¿Tienen este modelo en negro?");
  }

  @Test
  void locationsContactsAndReactionsReadAsSummaries() {
    assertThat(inbound("inbound-location").summary())
        .contains("Location: Obelisco, Av. 9 de Julio s/n, CABA (-34.603722, -58.381592)");
    assertThat(inbound("inbound-contacts").summary()).contains("Shared contact: Carlos Pérez +54 9 11 5555-0002");
    InboundMessage reaction = inbound("inbound-reaction");
    assertThat(reaction.type()).isEqualTo(MessageType.REACTION);
    assertThat(reaction.summary()).contains("Reacted 👍");
    assertThat(reaction.replyToId()).contains("wamid.HBgNNTQ5MTE1NTU1MDAwMRUCABEYEjBGNTk0QkE1MzFFRTk1QjEA");
  }

  @Test
  void summariesReadInTheTenantsLanguage() {
    Locale es = Locale.forLanguageTag("es-AR");
    assertThat(inbound("inbound-location", es).summary())
        .contains("Ubicación: Obelisco, Av. 9 de Julio s/n, CABA (-34.603722, -58.381592)");
    assertThat(inbound("inbound-contacts", es).summary()).contains("Contacto compartido: Carlos Pérez +54 9 11 5555-0002");
    assertThat(inbound("inbound-reaction", es).summary()).contains("Reaccionó con 👍");
    assertThat(inbound("inbound-interactive-list", es).summary()).contains("Eligió de la lista: Plan anual");
    assertThat(inbound("inbound-unsupported-type", es).summary()).contains("Tipo de mensaje no soportado: order");
    assertThat(inbound("inbound-sticker", es).readableText()).contains("Envió un sticker");
    assertThat(inboundOf(Fixtures.json("inbound-document").replace("\"caption\"", "\"notes\""), es).readableText())
        .contains("Envió un documento");
    assertThat(inbound("inbound-location", Locale.forLanguageTag("pt")).summary())
        .as("a language that does not ship reads in English")
        .hasValueSatisfying(v -> assertThat(v).startsWith("Location: "));
  }

  @Test
  void buttonAndListRepliesReadAsTheChosenTitle() {
    InboundMessage button = inbound("inbound-interactive-button");
    assertThat(button.type()).isEqualTo(MessageType.INTERACTIVE);
    assertThat(button.text()).contains("Agendar llamada");
    assertThat(button.replyToId()).isPresent();
    assertThat(inbound("inbound-interactive-list").readableText()).contains("Plan anual");
    assertThat(inbound("inbound-button").text()).contains("Confirmo");
  }

  @Test
  void anInboundTypeTheCrmDoesNotModelIsKeptAsUnsupported() {
    InboundMessage m = inbound("inbound-unsupported-type");
    assertThat(m.type()).isEqualTo(MessageType.UNSUPPORTED);
    assertThat(m.summary()).contains("Unsupported message type: order");
  }

  @Test
  void anEchoIsTheBusinessWritingToTheLead() {
    YCloudEvent e = parser.parse(Fixtures.json("echo-text"));
    assertThat(e).isInstanceOf(YCloudEvent.BusinessEcho.class);
    InboundMessage m = ((YCloudEvent.BusinessEcho) e).message();
    assertThat(m.fromCustomer()).isFalse();
    assertThat(m.customer()).isEqualTo(ContactAddress.of(PhoneNumber.parse("+5491155550001")));
    assertThat(m.business()).isEqualTo("+5491100000000");
    assertThat(m.text()).hasValueSatisfying(t -> assertThat(t).startsWith("Hola Ana"));
  }

  @Test
  void statusUpdatesMapToDeliveryStatuses() {
    for (var c : new Object[][] {{"sent", DeliveryStatus.SENT}, {"delivered", DeliveryStatus.DELIVERED},
        {"read", DeliveryStatus.READ}, {"failed", DeliveryStatus.FAILED}}) {
      YCloudEvent e = parser.parse(Fixtures.json("status-" + c[0]));
      assertThat(e).isInstanceOf(YCloudEvent.MessageUpdated.class);
      StatusUpdate u = ((YCloudEvent.MessageUpdated) e).update();
      assertThat(u.messageId()).isEqualTo("63f5d9b2c3d4e5f6a7b8c9d0");
      assertThat(u.deliveryStatus()).contains((DeliveryStatus) c[1]);
    }
    StatusUpdate failed = ((YCloudEvent.MessageUpdated) parser.parse(Fixtures.json("status-failed"))).update();
    assertThat(failed.errorCode()).contains("131047");
    assertThat(failed.failure()).hasValueSatisfying(f -> {
      assertThat(f.reason()).isEqualTo(DeliveryFailure.Reason.WINDOW_CLOSED);
      assertThat(f.code()).contains("131047");
    });
    assertThat(((YCloudEvent.MessageUpdated) parser.parse(Fixtures.json("status-read"))).update().failure()).isEmpty();
    // A YCloud code, a WhatsApp code beside it, and a phone number in the explanation.
    String other = Fixtures.json("status-failed").replace("\"131047\"", "\"BALANCE_INSUFFICIENT\"")
        .replace("Re-engagement message: more than 24 hours have passed since the recipient last replied",
            "Not enough balance to send to +5491155550001");
    StatusUpdate balance = ((YCloudEvent.MessageUpdated) parser.parse(other)).update();
    assertThat(balance.failure()).hasValueSatisfying(f -> {
      assertThat(f.reason()).isEqualTo(DeliveryFailure.Reason.ACCOUNT);
      assertThat(f.code()).contains("BALANCE_INSUFFICIENT");
      assertThat(f.detail()).contains("Not enough balance to send to ***");
    });
    String upstream = Fixtures.json("status-failed").replace("\"131047\"", "\"WHATSAPP_ERROR\"")
        .replace("\"bizType\"", "\"whatsappApiError\": {\"code\": \"131026\", \"message\": \"Message undeliverable\"},\n    \"bizType\"");
    assertThat(((YCloudEvent.MessageUpdated) parser.parse(upstream)).update().failure())
        .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(DeliveryFailure.Reason.INVALID_RECIPIENT));
  }

  @Test
  void anUnknownEventTypeIsUnsupportedNotAnError() {
    YCloudEvent e = parser.parse(Fixtures.json("unknown-event-type"));
    assertThat(e).isInstanceOf(YCloudEvent.Unsupported.class);
    assertThat(e.worthStoring()).isFalse();
  }

  @Test
  void aUsernameUsersMessageNamesThemByBusinessScopedUserId() {
    ChannelUserId bsuid = new ChannelUserId("AR.13491208655302741918");
    String json = Fixtures.json("inbound-username-text");
    InboundMessage m = ((YCloudEvent.InboundMessageReceived) parser.parse(json)).message();
    assertThat(m.customer()).isEqualTo(ContactAddress.of(bsuid));
    assertThat(m.customerName()).contains("Ana Gómez");
    assertThat(m.customerUsername()).contains("@anagomez");
    assertThat(m.business()).isEqualTo("+5491100000000");
    assertThat(m.text()).contains("Hola, ¿tienen el plan anual?");
    // A username too long to keep is left out; the message is not malformed for it.
    assertThat(inboundOf(json.replace("@anagomez", "@" + "a".repeat(Lead.MAX_USERNAME))).customerUsername()).isEmpty();
    assertThat(inboundOf(json.replace("\"@anagomez\"", "42")).customerUsername()).contains("42");
    // Most events carry both: the number while it is shown, and the user id.
    InboundMessage both = ((YCloudEvent.InboundMessageReceived) parser.parse(
        json.replace("\"fromUserId\":", "\"from\": \"5491155550001\", \"fromUserId\":"))).message();
    assertThat(both.customer()).isEqualTo(ContactAddress.of(Optional.of(PhoneNumber.parse("+5491155550001")),
        Optional.of(bsuid)));
    // An echo to a username user names them by toUserId.
    String echo = Fixtures.json("echo-text").replaceFirst("\"to\": \"[^\"]*\",", "\"toUserId\": \"AR.13491208655302741918\",");
    InboundMessage echoed = ((YCloudEvent.BusinessEcho) parser.parse(echo)).message();
    assertThat(echoed.customer()).isEqualTo(ContactAddress.of(bsuid));
    assertThat(echoed.business()).isEqualTo("+5491100000000");
  }

  @Test
  void aMessageNamingTheUserByNeitherIsUnidentifiedAndStillStored() {
    String noOne = Fixtures.json("inbound-username-text").replace("\"fromUserId\": \"AR.13491208655302741918\",", "");
    YCloudEvent e = parser.parse(noOne);
    assertThat(e).isInstanceOfSatisfying(YCloudEvent.Unidentified.class,
        u -> assertThat(u.messageType()).isEqualTo("text"));
    assertThat(e.worthStoring()).isTrue();
    String echo = Fixtures.json("echo-text");
    assertThat(parser.parse(echo.replaceFirst("\"to\": \"[^\"]*\",", ""))).isInstanceOf(YCloudEvent.Unidentified.class);
    // Blank or unusable ids count as absent; the message is still stored, never refused.
    String blank = Fixtures.json("inbound-username-text").replace("\"fromUserId\": \"AR.13491208655302741918\",",
        "\"from\": \"\", \"fromUserId\": \" \",");
    assertThat(parser.parse(blank)).isInstanceOf(YCloudEvent.Unidentified.class);
    assertThat(parser.parse(Fixtures.json("inbound-username-text").replace("AR.13491208655302741918", "AR 1349")))
        .isInstanceOf(YCloudEvent.Unidentified.class);
  }

  @Test
  void oneUnusableIdentifierFallsBackToTheOther() {
    // A user id the CRM cannot use beside a good number: the number is enough.
    String badId = Fixtures.json("inbound-text").replace("\"from\":", "\"fromUserId\": \"AR 1349\", \"from\":");
    assertThat(inboundOf(badId).customer()).isEqualTo(ContactAddress.of(PhoneNumber.parse("+5491155550001")));
    // An unreadable number beside a good user id: the user id is enough.
    String badPhone = Fixtures.json("inbound-username-text").replace("\"fromUserId\":",
        "\"from\": \"not-a-number\", \"fromUserId\":");
    assertThat(inboundOf(badPhone).customer()).isEqualTo(ContactAddress.of(new ChannelUserId("AR.13491208655302741918")));
    // An unreadable number alone is malformed, naming the field.
    assertThatThrownBy(() -> parser.parse(Fixtures.json("inbound-text").replace("\"+5491155550001\"", "\"not-a-number\"")))
        .isInstanceOf(MalformedEventException.class).hasMessageContaining("whatsappInboundMessage.from");
    // ...without the number itself, which would end in logs.
    assertThatThrownBy(() -> parser.parse(Fixtures.json("inbound-text").replace("\"+5491155550001\"", "\"0115555000\"")))
        .isInstanceOf(MalformedEventException.class).hasMessageNotContaining("0115555000").hasNoCause();
  }

  private InboundMessage inboundOf(String json) {
    return ((YCloudEvent.InboundMessageReceived) parser.parse(json)).message();
  }

  private InboundMessage inboundOf(String json, Locale language) {
    return ((YCloudEvent.InboundMessageReceived) parser.parse(json, language)).message();
  }

  @Test
  void aChangedUserIdIsAChangeFromThePreviousIdToTheSendersId() {
    String systemJson = Fixtures.json("inbound-system");
    assertThat(parser.parse(systemJson)).isInstanceOfSatisfying(YCloudEvent.SystemNotice.class, n -> {
      assertThat(n.noticeType()).isEqualTo(YCloudEvent.SystemNotice.USER_ID_CHANGED);
      assertThat(n.change()).contains(new ContactChange(ContactAddress.of(new ChannelUserId("AR.13491208655302741918")),
          ContactAddress.of(new ChannelUserId("AR.55501112223334445556"))));
    });
    // Without the previous id, or with the sender's id the same as it, there is nothing to move.
    assertThat(noticeOf(systemJson.replace("\"previous_user_id\": \"AR.13491208655302741918\",", ""))
        .change()).isEmpty();
    assertThat(noticeOf(systemJson.replace("AR.55501112223334445556", "AR.13491208655302741918")).change()).isEmpty();
  }

  @Test
  void aChangedNumberIsAChangeFromTheSendersNumberAndPreviousIdToWaIdAndTheSendersId() {
    String json = Fixtures.json("inbound-system-number");
    assertThat(noticeOf(json).noticeType()).isEqualTo(YCloudEvent.SystemNotice.NUMBER_CHANGED);
    assertThat(noticeOf(json).change()).contains(new ContactChange(
        ContactAddress.of(Optional.of(PhoneNumber.parse("+5491155550001")), Optional.of(new ChannelUserId("AR.13491208655302741918"))),
        ContactAddress.of(Optional.of(PhoneNumber.parse("+5491166660001")), Optional.of(new ChannelUserId("AR.66602223334445556667")))));
    // An older notice, with no user ids: the number alone moves.
    String noIds = json.replace("\"fromUserId\": \"AR.66602223334445556667\",", "")
        .replace("\"previous_user_id\": \"AR.13491208655302741918\",", "");
    assertThat(noticeOf(noIds).change()).contains(new ContactChange(ContactAddress.of(PhoneNumber.parse("+5491155550001")),
        ContactAddress.of(PhoneNumber.parse("+5491166660001"))));
    // A sender's id that is the previous one is not a new id.
    assertThat(noticeOf(json.replace("AR.66602223334445556667", "AR.13491208655302741918")).change())
        .hasValueSatisfying(c -> assertThat(c.current().userId()).isEmpty());
    // Without a readable new number (or the same as the old one) it is a notice with no change, never malformed.
    assertThat(noticeOf(json.replace("\"wa_id\": \"5491166660001\",", "")).change()).isEmpty();
    assertThat(noticeOf(json.replace("\"wa_id\": \"5491166660001\"", "\"wa_id\": \"not a number\"")).change()).isEmpty();
    assertThat(noticeOf(json.replace("\"wa_id\": \"5491166660001\"", "\"wa_id\": \"5491155550001\"")).change()).isEmpty();
    // Without the old number and id there is no lead to find.
    assertThat(noticeOf(json.replace("\"from\": \"+5491155550001\",", "")
        .replace("\"previous_user_id\": \"AR.13491208655302741918\",", "")).change()).isEmpty();
    // An unreadable old number: the previous id is enough to find the lead.
    assertThat(noticeOf(json.replace("\"from\": \"+5491155550001\"", "\"from\": \"n/a\"")).change())
        .hasValueSatisfying(c -> assertThat(c.previous()).isEqualTo(ContactAddress.of(new ChannelUserId("AR.13491208655302741918"))));
    // A system object or type of the wrong shape is a notice with no change, not a malformed event.
    String system = json.substring(json.indexOf("\"system\": {"), json.lastIndexOf('}', json.lastIndexOf('}') - 1));
    assertThat(noticeOf(json.replace(system, "\"system\": \"changed\"\n")).change()).isEmpty();
    assertThat(noticeOf(json.replace("\"type\": \"user_changed_number\"", "\"type\": {\"a\": 1}")).change()).isEmpty();
    // Other notices are notices too, with no change.
    assertThat(noticeOf(json.replace("user_changed_number", "customer_identity_changed")).change()).isEmpty();
  }

  private YCloudEvent.SystemNotice noticeOf(String json) {
    return (YCloudEvent.SystemNotice) parser.parse(json);
  }

  @Test
  void aNulCharacterIsDroppedFromTextsAndIds() {
    String json = Fixtures.json("inbound-text").replace("evt_inbound-text_01", "evt_inbound\\u0000-text_01")
        .replace("Hola, quiero", "Hola,\\u0000 quiero");
    YCloudEvent.InboundMessageReceived in = (YCloudEvent.InboundMessageReceived) parser.parse(json);
    assertThat(in.id()).isEqualTo("evt_inbound-text_01");
    assertThat(in.message().text()).hasValueSatisfying(t -> assertThat(t).startsWith("Hola, quiero").doesNotContain(String.valueOf((char) 0)));
    // An id of NUL alone is no id.
    assertThatThrownBy(() -> parser.parse(json.replace("evt_inbound\\u0000-text_01", "\\u0000")))
        .isInstanceOf(MalformedEventException.class).hasMessage("id must be a non-empty string");
  }

  @Test
  void missingOrMistypedFieldsAreNamed() {
    String text = Fixtures.json("inbound-text");
    assertThatThrownBy(() -> parser.parse(text.replace("\"id\": \"evt_inbound-text_01\",", "")))
        .isInstanceOf(MalformedEventException.class).hasMessage("id is required");
    assertThatThrownBy(() -> parser.parse(text.replace("\"from\": \"+5491155550001\",", "\"from\": 5,")))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("whatsappInboundMessage.from is not a phone number");
    assertThatThrownBy(() -> parser.parse(text.replace("\"body\": \"Hola, quiero saber el precio del plan anual\"", "")))
        .isInstanceOf(MalformedEventException.class).hasMessage("whatsappInboundMessage.text.body is required");
    assertThatThrownBy(() -> parser.parse(text.replace("\"createTime\": \"2026-11-25T10:00:01.123Z\"", "\"createTime\": 5")))
        .isInstanceOf(MalformedEventException.class).hasMessage("createTime must be a non-empty string");
    assertThatThrownBy(() -> parser.parse(text.replace("+5491155550001", "not-a-phone")))
        .isInstanceOf(MalformedEventException.class).hasMessageContaining("whatsappInboundMessage.from");
    assertThatThrownBy(() -> parser.parse("[1,2]")).isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(() -> parser.parse(text.substring(0, text.length() / 2)))
        .isInstanceOf(MalformedEventException.class).hasMessageContaining("not valid JSON");
  }
}
