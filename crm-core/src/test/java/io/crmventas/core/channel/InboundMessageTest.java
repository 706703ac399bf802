package io.crmventas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.MediaRef;
import io.crmventas.core.conversation.MessageType;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundMessageTest {
  private static final PhoneNumber LEAD = PhoneNumber.parse("+5491155550001");
  private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

  private InboundMessage.Builder of(MessageType type) {
    return InboundMessage.builder("whatsapp", "m-1", LEAD, "+5491100000000", AT, type);
  }

  @Test
  void aTextNeedsItsText() {
    assertThatThrownBy(() -> of(MessageType.TEXT).build()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("text");
    assertThat(of(MessageType.TEXT).text("hola").build().readableText()).contains("hola");
  }

  @Test
  void mediaNeedsAReferenceAndReadsAsItsCaption() {
    assertThatThrownBy(() -> of(MessageType.IMAGE).build()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("media");
    InboundMessage m = of(MessageType.IMAGE).media(MediaRef.ofUrl("https://x/y.jpg", "image/jpeg")).caption("mirá").build();
    assertThat(m.readableText()).contains("mirá");
  }

  @Test
  void anAdReferralBecomesMetaAttribution() {
    Referral ad = new Referral(Optional.of("ad"), Optional.of("120201"), Optional.of("https://fb.me/x"),
        Optional.of("Promo"), Optional.empty(), Optional.of("image"), Optional.of("clid-1"));
    assertThat(ad.metaAttribution()).hasValueSatisfying(a -> {
      assertThat(a.adId()).isEqualTo("120201");
      assertThat(a.headline()).contains("Promo");
      assertThat(a.clickId()).contains("clid-1");
    });
    Referral post = new Referral(Optional.of("post"), Optional.of("9"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(post.metaAttribution()).isEmpty();
  }

  @Test
  void anEchoIsNotFromTheCustomer() {
    assertThat(of(MessageType.TEXT).text("hola").origin(InboundMessage.Origin.BUSINESS_ECHO).build().fromCustomer())
        .isFalse();
  }
}
