package io.crmventas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.CrmException;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link OutboundChannel} passes. An adapter's test extends it, builds the
 * channel against a fake of its provider (WireMock for HTTP providers) and says, in a few
 * methods, what the fake received and how to make it fail.
 */
public abstract class OutboundChannelContract {

  /** What the provider received, in channel-neutral terms. */
  public record Delivered(Kind kind, String target, String content) {}

  /**
   * Kinds of delivery. {@code target} is, for sends, the phone number in E.164 or, for a lead
   * sent to by channel user id, that id; for read receipts and typing, the inbound message id.
   */
  public enum Kind { TEXT, IMAGE, DOCUMENT, TEMPLATE, READ, TYPING }

  protected static final PhoneNumber LEAD = PhoneNumber.parse("+5491155550001");
  /** A WhatsApp business-scoped user id, as Meta gives it to a user who hides their number. */
  protected static final ChannelUserId LEAD_USER_ID = new ChannelUserId("AR.13491208655302741918");
  protected OutboundChannel channel;

  /** Builds the channel under test, talking to a fresh fake provider. */
  protected abstract OutboundChannel createChannel();

  /** What the fake provider received and accepted, in order. */
  protected abstract List<Delivered> delivered();

  /** How many requests the fake provider received, refused ones included. */
  protected abstract int requestsReceived();

  /** From now on the provider refuses our credentials. */
  protected abstract void providerRefusesCredentials();

  /** From now on the provider says the recipient cannot be reached. */
  protected abstract void providerRefusesRecipient();

  /** From now on the provider answers every request with "too many requests". */
  protected abstract void providerRateLimits();

  /** From now on the provider fails on its side. */
  protected abstract void providerIsDown();

  /** The provider fails once on its side, then works again. */
  protected abstract void providerFailsOnce();

  @BeforeEach
  void setUpChannel() {
    channel = createChannel();
  }

  @Test
  void aTextReachesTheLeadWithAProviderId() {
    SendReceipt r = channel.sendText(new OutboundText(ContactAddress.of(LEAD), "Hola, ¿en qué te ayudo?", true));
    assertThat(r.providerMessageId()).isNotBlank();
    assertThat(delivered()).containsExactly(new Delivered(Kind.TEXT, LEAD.value(), "Hola, ¿en qué te ayudo?"));
  }

  @Test
  void aLeadWithoutAPhoneNumberIsReachedByItsChannelUserId() {
    SendReceipt r = channel.sendText(new OutboundText(ContactAddress.of(LEAD_USER_ID), "Hola, ¿en qué te ayudo?", true));
    assertThat(r.providerMessageId()).isNotBlank();
    assertThat(delivered()).containsExactly(new Delivered(Kind.TEXT, LEAD_USER_ID.value(), "Hola, ¿en qué te ayudo?"));
  }

  @Test
  void aLeadWithBothIsReachedByPhoneNumber() {
    channel.sendText(new OutboundText(ContactAddress.of(Optional.of(LEAD), Optional.of(LEAD_USER_ID)), "Hola", false));
    assertThat(delivered()).containsExactly(new Delivered(Kind.TEXT, LEAD.value(), "Hola"));
  }

  @Test
  void eachSendGetsItsOwnProviderId() {
    SendReceipt a = channel.sendText(OutboundText.of(LEAD, "uno"));
    SendReceipt b = channel.sendText(OutboundText.of(LEAD, "dos"));
    assertThat(a.providerMessageId()).isNotEqualTo(b.providerMessageId());
    assertThat(delivered()).extracting(Delivered::content).containsExactly("uno", "dos");
  }

  @Test
  void imagesAndDocumentsAreSentByUrl() {
    channel.sendMedia(OutboundMedia.image(LEAD, "https://example.com/catalogo.jpg", "Catálogo"));
    channel.sendMedia(OutboundMedia.document(LEAD, "https://example.com/precios.pdf", "precios.pdf", null));
    assertThat(delivered()).containsExactly(
        new Delivered(Kind.IMAGE, LEAD.value(), "https://example.com/catalogo.jpg"),
        new Delivered(Kind.DOCUMENT, LEAD.value(), "https://example.com/precios.pdf"));
  }

  @Test
  void aTemplateIsSentByName() {
    SendReceipt r = channel.sendTemplate(new OutboundTemplate(ContactAddress.of(LEAD), "seguimiento_cita", "es", List.of("Ana", "martes")));
    assertThat(r.providerMessageId()).isNotBlank();
    assertThat(delivered()).containsExactly(new Delivered(Kind.TEMPLATE, LEAD.value(), "seguimiento_cita"));
  }

  @Test
  void readReceiptsAndTypingReferToTheInboundMessage() {
    channel.markRead("inbound-123");
    channel.showTyping("inbound-123");
    assertThat(delivered()).containsExactly(
        new Delivered(Kind.READ, "inbound-123", ""), new Delivered(Kind.TYPING, "inbound-123", ""));
  }

  @Test
  void refusedCredentialsAreAnAuthErrorThatIsNotRetried() {
    providerRefusesCredentials();
    assertThatThrownBy(() -> channel.sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(ChannelAuthException.class)
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isFalse());
    assertThat(delivered()).isEmpty();
    assertThat(requestsReceived()).as("refused credentials are not tried again").isEqualTo(1);
  }

  @Test
  void anUnreachableRecipientIsAnInvalidRecipientThatIsNotRetried() {
    providerRefusesRecipient();
    assertThatThrownBy(() -> channel.sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(InvalidRecipientException.class)
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isFalse());
    assertThat(requestsReceived()).as("a refused recipient is not tried again").isEqualTo(1);
  }

  @Test
  void persistentRateLimitingEndsAsARetriableRateLimitError() {
    providerRateLimits();
    assertThatThrownBy(() -> channel.sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(ChannelRateLimitedException.class)
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isTrue());
    assertThat(delivered()).isEmpty();
    assertThat(requestsReceived()).isPositive();
  }

  @Test
  void aProviderThatStaysDownIsUnavailable() {
    providerIsDown();
    assertThatThrownBy(() -> channel.sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(ChannelUnavailableException.class)
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isTrue());
  }

  @Test
  void aSingleFailureOnTheProvidersSideIsRetriedAndSentOnce() {
    providerFailsOnce();
    SendReceipt r = channel.sendText(OutboundText.of(LEAD, "hola"));
    assertThat(r.providerMessageId()).isNotBlank();
    assertThat(delivered()).containsExactly(new Delivered(Kind.TEXT, LEAD.value(), "hola"));
  }
}
