package io.crmventas.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageRulesTest {
  private static final TenantId T = TenantId.of("acme");
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private final ConversationId conv = ConversationId.of(UUID.randomUUID());
  private final LeadId lead = LeadId.of(UUID.randomUUID());

  private Message message(Direction d, Author a, Optional<UserId> user, MessageType type, Optional<String> body,
      Optional<MediaRef> media, DeliveryStatus status) {
    return new Message(MessageId.of(UUID.randomUUID()), T, conv, lead, d, a, user, type, body, media, Optional.empty(),
        Optional.empty(), status, Map.of(), NOW, NOW);
  }

  @Test
  void theAuthorDecidesTheDirection() {
    assertThatThrownBy(() -> message(Direction.OUTBOUND, Author.LEAD, Optional.empty(), MessageType.TEXT,
        Optional.of("x"), Optional.empty(), DeliveryStatus.SENT))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("direction"));
    assertThatThrownBy(() -> message(Direction.INBOUND, Author.BOT, Optional.empty(), MessageType.TEXT,
        Optional.of("x"), Optional.empty(), DeliveryStatus.RECEIVED))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("direction"));
    assertThatThrownBy(() -> message(Direction.OUTBOUND, Author.BOT, Optional.of(UserId.of(UUID.randomUUID())),
        MessageType.TEXT, Optional.of("x"), Optional.empty(), DeliveryStatus.PENDING))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("authorUserId"));
  }

  @Test
  void textNeedsABodyAndMediaNeedsAReference() {
    assertThatThrownBy(() -> message(Direction.INBOUND, Author.LEAD, Optional.empty(), MessageType.TEXT,
        Optional.of("   "), Optional.empty(), DeliveryStatus.RECEIVED))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body"));
    assertThatThrownBy(() -> message(Direction.INBOUND, Author.LEAD, Optional.empty(), MessageType.AUDIO,
        Optional.empty(), Optional.empty(), DeliveryStatus.RECEIVED))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("media"));
    assertThatThrownBy(() -> new MediaRef(Optional.empty(), Optional.empty(), Optional.of("audio/ogg"), Optional.empty(),
        Optional.empty(), Optional.empty()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("media"));
  }

  @Test
  void inboundIsReceivedAndOutboundIsNot() {
    assertThatThrownBy(() -> message(Direction.INBOUND, Author.LEAD, Optional.empty(), MessageType.TEXT,
        Optional.of("x"), Optional.empty(), DeliveryStatus.SENT))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("deliveryStatus"));
    assertThatThrownBy(() -> message(Direction.OUTBOUND, Author.BOT, Optional.empty(), MessageType.TEXT,
        Optional.of("x"), Optional.empty(), DeliveryStatus.RECEIVED))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("deliveryStatus"));
  }

  @Test
  void deliveryStatusNeverGoesBack() {
    assertThat(DeliveryStatus.SENT.canAdvanceTo(DeliveryStatus.DELIVERED)).isTrue();
    assertThat(DeliveryStatus.PENDING.canAdvanceTo(DeliveryStatus.READ)).isTrue();
    assertThat(DeliveryStatus.READ.canAdvanceTo(DeliveryStatus.DELIVERED)).isFalse();
    assertThat(DeliveryStatus.DELIVERED.canAdvanceTo(DeliveryStatus.DELIVERED)).isFalse();
    assertThat(DeliveryStatus.SENT.canAdvanceTo(DeliveryStatus.FAILED)).isTrue();
    assertThat(DeliveryStatus.DELIVERED.canAdvanceTo(DeliveryStatus.FAILED)).isFalse();
    assertThat(DeliveryStatus.FAILED.canAdvanceTo(DeliveryStatus.READ)).as("read on another device").isTrue();
    assertThat(DeliveryStatus.FAILED.canAdvanceTo(DeliveryStatus.DELIVERED)).isTrue();
    assertThat(DeliveryStatus.FAILED.canAdvanceTo(DeliveryStatus.SENT)).isFalse();
    assertThat(DeliveryStatus.RECEIVED.canAdvanceTo(DeliveryStatus.READ)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(DeliveryStatus.class)
  void nothingAdvancesToPendingOrReceived(DeliveryStatus from) {
    assertThat(from.canAdvanceTo(DeliveryStatus.PENDING)).isFalse();
    assertThat(from.canAdvanceTo(DeliveryStatus.RECEIVED)).isFalse();
  }

  @Test
  void aConversationTracksWaitingAndLastTimesPerAuthor() {
    Conversation c = Conversation.open(conv, T, lead, "whatsapp", Optional.empty(), NOW);
    Message in = Message.inboundText(MessageId.of(UUID.randomUUID()), T, conv, lead, "hola", "w1", NOW.plusSeconds(10), NOW);
    Message earlier = Message.inboundText(MessageId.of(UUID.randomUUID()), T, conv, lead, "antes", "w0", NOW.plusSeconds(5), NOW);
    c = c.withMessage(in).withMessage(earlier);
    assertThat(c.awaitingReplySince()).contains(NOW.plusSeconds(5));
    assertThat(c.lastLeadMessageAt()).contains(NOW.plusSeconds(10));
    assertThat(c.messageCount()).isEqualTo(2);
    Message bot = Message.outboundText(MessageId.of(UUID.randomUUID()), T, conv, lead, Author.BOT, Optional.empty(), "hi",
        NOW.plusSeconds(5));
    c = c.withMessage(bot);
    assertThat(c.awaitingReplySince()).as("a reply at the waiting time answers it").isEmpty();
    assertThat(c.activityAt()).isEqualTo(NOW.plusSeconds(10));
  }
}
