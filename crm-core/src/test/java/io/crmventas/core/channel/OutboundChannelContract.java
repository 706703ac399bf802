package io.crmventas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.CrmException;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link OutboundChannel} passes. An adapter's test extends it, builds the
 * channel against a fake of its provider (WireMock for HTTP providers) and says, in a few
 * methods, what the fake received and how to make it fail.
 *
 * <p>The defaults describe a WhatsApp provider: people reached by phone number (or by user id
 * when they have none), templates, read receipts and typing indicators. A channel on another
 * network overrides {@link #reachesPhoneNumbers}, {@link #sendsTemplates},
 * {@link #sendsReadReceipts}, {@link #sendsTypingIndicators}, {@link #userId} and
 * {@link #target} to say what it does instead, and the same tests then check that: a lead with
 * only a phone number is an {@link InvalidRecipientException}, a template a
 * {@link ChannelRejectedException}, receipts and typing quietly nothing, none of them reaching the
 * provider.
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

  /**
   * Whether the channel reaches people by phone number (WhatsApp does; Telegram does not). If
   * not, a lead with a phone number and a user id is reached by the user id, and one with only a
   * phone number is an {@link InvalidRecipientException} with no request made.
   */
  protected boolean reachesPhoneNumbers() {
    return true;
  }

  /**
   * Whether the channel's network has templates. If not, {@code sendTemplate} throws
   * {@link ChannelRejectedException} with no request made.
   */
  protected boolean sendsTemplates() {
    return true;
  }

  /** Whether read receipts reach the provider. If not, {@code markRead} returns and sends nothing. */
  protected boolean sendsReadReceipts() {
    return true;
  }

  /** Whether typing indicators reach the provider. If not, {@code showTyping} returns and sends nothing. */
  protected boolean sendsTypingIndicators() {
    return true;
  }

  /** A user id of the channel's network, for a lead known by it. */
  protected ChannelUserId userId() {
    return LEAD_USER_ID;
  }

  /**
   * The {@link Delivered#target()} a send to this user id reaches: the id itself, or what the
   * adapter makes of it for its provider (an id stored with a channel prefix, {@code tg:734512998},
   * is sent without it).
   */
  protected String target(ChannelUserId id) {
    return id.value();
  }

  /** The lead most tests send to: by phone number where the channel reaches them, else by user id. */
  protected final ContactAddress lead() {
    return reachesPhoneNumbers() ? ContactAddress.of(LEAD) : ContactAddress.of(userId());
  }

  /** The {@link Delivered#target()} of a send to {@link #lead()}. */
  protected final String leadTarget() {
    return reachesPhoneNumbers() ? LEAD.value() : target(userId());
  }

  @BeforeEach
  void setUpChannel() {
    channel = createChannel();
  }

  @Test
  void aTextReachesTheLeadWithAProviderId() {
    SendReceipt r = channel.sendText(new OutboundText(lead(), "Hola, ¿en qué te ayudo?", true));
    assertThat(r.providerMessageId()).isNotBlank();
    assertThat(delivered()).containsExactly(new Delivered(Kind.TEXT, leadTarget(), "Hola, ¿en qué te ayudo?"));
  }

  @Test
  void aLeadWithoutAPhoneNumberIsReachedByItsChannelUserId() {
    SendReceipt r = channel.sendText(new OutboundText(ContactAddress.of(userId()), "Hola, ¿en qué te ayudo?", true));
    assertThat(r.providerMessageId()).isNotBlank();
    assertThat(delivered()).containsExactly(new Delivered(Kind.TEXT, target(userId()), "Hola, ¿en qué te ayudo?"));
  }

  @Test
  void aLeadWithBothIsReachedByPhoneNumberWhereTheChannelReachesNumbersElseByUserId() {
    ContactAddress both = ContactAddress.of(Optional.of(LEAD), Optional.of(userId()));
    String to = reachesPhoneNumbers() ? LEAD.value() : target(userId());
    channel.sendText(new OutboundText(both, "Hola", false));
    channel.sendMedia(OutboundMedia.image(both, "https://example.com/catalogo.jpg", null));
    channel.sendMedia(OutboundMedia.document(both, "https://example.com/precios.pdf", "precios.pdf", null));
    assertThat(delivered()).containsExactly(new Delivered(Kind.TEXT, to, "Hola"),
        new Delivered(Kind.IMAGE, to, "https://example.com/catalogo.jpg"),
        new Delivered(Kind.DOCUMENT, to, "https://example.com/precios.pdf"));
    if (sendsTemplates()) {
      channel.sendTemplate(new OutboundTemplate(both, "seguimiento_cita", "es", List.of()));
      assertThat(delivered()).last().isEqualTo(new Delivered(Kind.TEMPLATE, to, "seguimiento_cita"));
    }
  }

  @Test
  void aLeadWithOnlyAPhoneNumberIsReachedByItOrIsAnInvalidRecipient() {
    OutboundText text = OutboundText.of(LEAD, "Hola");
    OutboundMedia image = OutboundMedia.image(LEAD, "https://example.com/catalogo.jpg", null);
    if (reachesPhoneNumbers()) {
      channel.sendText(text);
      channel.sendMedia(image);
      assertThat(delivered()).containsExactly(new Delivered(Kind.TEXT, LEAD.value(), "Hola"),
          new Delivered(Kind.IMAGE, LEAD.value(), "https://example.com/catalogo.jpg"));
    } else {
      assertThatThrownBy(() -> channel.sendText(text)).isInstanceOf(InvalidRecipientException.class)
          .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isFalse());
      assertThatThrownBy(() -> channel.sendMedia(image)).isInstanceOf(InvalidRecipientException.class);
      assertThat(requestsReceived()).isZero();
    }
  }

  @Test
  void eachSendGetsItsOwnProviderId() {
    SendReceipt a = channel.sendText(new OutboundText(lead(), "uno", false));
    SendReceipt b = channel.sendText(new OutboundText(lead(), "dos", false));
    assertThat(a.providerMessageId()).isNotEqualTo(b.providerMessageId());
    assertThat(delivered()).extracting(Delivered::content).containsExactly("uno", "dos");
  }

  @Test
  void imagesAndDocumentsAreSentByUrl() {
    channel.sendMedia(OutboundMedia.image(lead(), "https://example.com/catalogo.jpg", "Catálogo"));
    channel.sendMedia(OutboundMedia.document(lead(), "https://example.com/precios.pdf", "precios.pdf", null));
    assertThat(delivered()).containsExactly(
        new Delivered(Kind.IMAGE, leadTarget(), "https://example.com/catalogo.jpg"),
        new Delivered(Kind.DOCUMENT, leadTarget(), "https://example.com/precios.pdf"));
  }

  @Test
  void aTemplateIsSentByNameWhereTheNetworkHasTemplates() {
    OutboundTemplate template = new OutboundTemplate(lead(), "seguimiento_cita", "es", List.of("Ana", "martes"));
    if (sendsTemplates()) {
      SendReceipt r = channel.sendTemplate(template);
      assertThat(r.providerMessageId()).isNotBlank();
      assertThat(delivered()).containsExactly(new Delivered(Kind.TEMPLATE, leadTarget(), "seguimiento_cita"));
    } else {
      assertThatThrownBy(() -> channel.sendTemplate(template)).isInstanceOf(ChannelRejectedException.class)
          .isNotInstanceOf(ConversationWindowClosedException.class)
          .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isFalse());
      assertThat(requestsReceived()).isZero();
    }
  }

  @Test
  void readReceiptsAndTypingReferToTheInboundMessageWhereTheNetworkHasThem() {
    channel.markRead("inbound-123");
    channel.showTyping("inbound-123");
    List<Delivered> expected = new ArrayList<>();
    if (sendsReadReceipts()) {
      expected.add(new Delivered(Kind.READ, "inbound-123", ""));
    }
    if (sendsTypingIndicators()) {
      expected.add(new Delivered(Kind.TYPING, "inbound-123", ""));
    }
    assertThat(delivered()).isEqualTo(expected);
    assertThat(requestsReceived()).as("nothing else reached the provider").isEqualTo(expected.size());
  }

  @Test
  void refusedCredentialsAreAnAuthErrorThatIsNotRetried() {
    providerRefusesCredentials();
    assertThatThrownBy(() -> channel.sendText(new OutboundText(lead(), "hola", false)))
        .isInstanceOf(ChannelAuthException.class)
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isFalse());
    assertThat(delivered()).isEmpty();
    assertThat(requestsReceived()).as("refused credentials are not tried again").isEqualTo(1);
  }

  @Test
  void anUnreachableRecipientIsAnInvalidRecipientThatIsNotRetried() {
    providerRefusesRecipient();
    assertThatThrownBy(() -> channel.sendText(new OutboundText(lead(), "hola", false)))
        .isInstanceOf(InvalidRecipientException.class)
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isFalse());
    assertThat(requestsReceived()).as("a refused recipient is not tried again").isEqualTo(1);
  }

  @Test
  void persistentRateLimitingEndsAsARetriableRateLimitError() {
    providerRateLimits();
    assertThatThrownBy(() -> channel.sendText(new OutboundText(lead(), "hola", false)))
        .isInstanceOf(ChannelRateLimitedException.class)
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isTrue());
    assertThat(delivered()).isEmpty();
    assertThat(requestsReceived()).isPositive();
  }

  @Test
  void aProviderThatStaysDownIsUnavailable() {
    providerIsDown();
    assertThatThrownBy(() -> channel.sendText(new OutboundText(lead(), "hola", false)))
        .isInstanceOf(ChannelUnavailableException.class)
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isTrue());
  }

  @Test
  void aSingleFailureOnTheProvidersSideIsRetriedAndSentOnce() {
    providerFailsOnce();
    SendReceipt r = channel.sendText(new OutboundText(lead(), "hola", false));
    assertThat(r.providerMessageId()).isNotBlank();
    assertThat(delivered()).containsExactly(new Delivered(Kind.TEXT, leadTarget(), "hola"));
    assertThat(requestsReceived()).as("the failed try and the one retry that sent it").isEqualTo(2);
  }
}
