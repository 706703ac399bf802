package io.crmventas.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeadSignalsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
  private final TenantId t = TenantId.of("acme");
  private final ConversationId c = ConversationId.of(UUID.randomUUID());
  private final LeadId l = LeadId.of(UUID.randomUUID());

  private Message lead(String text, Duration ago) {
    return Message.inboundText(MessageId.of(UUID.randomUUID()), t, c, l, text, null, NOW.minus(ago), NOW);
  }

  private Message ours(Duration ago) {
    return Message.outboundText(MessageId.of(UUID.randomUUID()), t, c, l, Author.BOT, Optional.empty(), "x", NOW.minus(ago));
  }

  @Test
  void countsWindowsRepliesAndRecentTexts() {
    List<Message> ms = new ArrayList<>(List.of(
        lead("hace un mes", Duration.ofDays(20)),
        ours(Duration.ofDays(3)),
        lead("hola", Duration.ofDays(3).minusMinutes(4)),
        ours(Duration.ofHours(5)),
        ours(Duration.ofHours(4)),
        lead("precio?", Duration.ofMinutes(30)),
        lead("y?", Duration.ofMinutes(10)),
        lead("futuro", Duration.ofMinutes(-5))));
    java.util.Collections.shuffle(ms);
    LeadSignals s = LeadSignals.from(ms, NOW);
    assertThat(s.leadMessages24h()).isEqualTo(2);
    assertThat(s.leadMessages7d()).isEqualTo(3);
    assertThat(s.leadMessages30d()).isEqualTo(4);
    assertThat(s.replies()).isEqualTo(2);
    assertThat(s.medianReplyDelay()).contains(Duration.ofMinutes(4));
    assertThat(s.lastLeadMessageAt()).contains(NOW.minus(Duration.ofMinutes(10)));
    assertThat(s.recentLeadTexts()).containsExactly("y?", "precio?", "hola");
  }

  @Test
  void noMessagesNoSignals() {
    assertThat(LeadSignals.from(List.of(), NOW)).isEqualTo(LeadSignals.NONE);
  }
}
