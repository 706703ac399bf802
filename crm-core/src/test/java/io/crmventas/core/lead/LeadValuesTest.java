package io.crmventas.core.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeadValuesTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private Lead.Builder lead() {
    return Lead.builder(LeadId.of(UUID.randomUUID()), TenantId.of("acme"), PhoneNumber.parse("+5491155551234"), NOW);
  }

  @Test
  void aNewLeadStartsNewOrganicAndUnscored() {
    Lead l = lead().build();
    assertThat(l.status()).isEqualTo(LeadStatus.NEW);
    assertThat(l.source()).isEqualTo(LeadSource.ORGANIC);
    assertThat(l.score()).isEmpty();
    assertThat(l.version()).isZero();
    assertThat(l.isHumanOverrideActive(NOW)).isFalse();
    assertThat(lead().humanOverrideUntil(NOW.plusSeconds(1)).build().isHumanOverrideActive(NOW)).isTrue();
  }

  @Test
  void tagsAreNormalisedAndSorted() {
    assertThat(lead().tags(List.of("Urgente", " caliente ", "precio_sensible")).build().tags())
        .containsExactly("caliente", "precio_sensible", "urgente");
    assertThatThrownBy(() -> lead().tags(List.of("two words")).build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("tags"));
  }

  @Test
  void scoresAreBoundedAndLanguagesAreCodes() {
    assertThatThrownBy(() -> new LeadScore(101, ScoreBand.HOT, List.of(), NOW))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("score");
          assertThat(e.value()).isEqualTo(101);
        });
    assertThatThrownBy(() -> lead().language("Spanish").build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("language"));
  }

  @Test
  void statusChangesMoveStatusChangedAt() {
    Lead l = lead().build();
    Lead won = l.withStatus(LeadStatus.WON, NOW.plusSeconds(60));
    assertThat(won.statusChangedAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(won.withStatus(LeadStatus.WON, NOW.plusSeconds(120))).isSameAs(won);
    assertThat(LeadStatus.WON.isOpen()).isFalse();
    assertThat(LeadStatus.MEETING_SCHEDULED.isOpen()).isTrue();
  }

  @Test
  void customSourcesAreUpperCaseWords() {
    assertThat(LeadSource.of(" trade_show ").code()).isEqualTo("TRADE_SHOW");
    assertThatThrownBy(() -> LeadSource.of("trade show"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("source"));
  }
}
