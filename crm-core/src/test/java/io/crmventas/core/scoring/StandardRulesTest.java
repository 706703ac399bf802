package io.crmventas.core.scoring;

import static io.crmventas.core.scoring.ScoringFixtures.NOW;
import static io.crmventas.core.scoring.ScoringFixtures.lead;
import static io.crmventas.core.scoring.ScoringFixtures.signals;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.Qualification;
import io.crmventas.core.tenant.TenantSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each standard rule alone: the factors it adds for a given context. */
class StandardRulesTest {
  private record Added(int points, String key, List<Object> args) {}

  private static List<Added> run(ScoringRule rule, Lead lead, LeadSignals signals) {
    PhraseMatcher m = Phrases.matcher(TenantSettings.DEFAULTS);
    ScoringContext ctx = new ScoringContext(lead, signals, m.firstHits(signals.recentLeadTexts()), NOW);
    List<Added> out = new ArrayList<>();
    rule.apply(ctx, (points, key, args) -> out.add(new Added(points, key, List.of(args))));
    return out;
  }

  @Test
  void engagementWeighsRecentMessagesMoreAndIsCapped() {
    assertThat(run(StandardRules.ENGAGEMENT, lead().build(), signals(6, 6, 6, List.of())))
        .containsExactly(new Added(18, "engagement.day", List.of(6)));
    assertThat(run(StandardRules.ENGAGEMENT, lead().build(), signals(10, 20, 40, List.of())))
        .containsExactly(new Added(18 + 8 + 4, "engagement.day", List.of(10)));
    assertThat(run(StandardRules.ENGAGEMENT, lead().build(), signals(0, 3, 3, List.of())))
        .containsExactly(new Added(3, "engagement.week", List.of(3)));
    assertThat(run(StandardRules.ENGAGEMENT, lead().build(), signals(0, 0, 4, List.of())))
        .containsExactly(new Added(2, "engagement.month", List.of(4)));
    assertThat(run(StandardRules.ENGAGEMENT, lead().build(), LeadSignals.NONE)).isEmpty();
  }

  @Test
  void responsivenessRewardsFastReplies() {
    LeadSignals fast = new LeadSignals(1, 1, 1, Optional.of(Duration.ofMinutes(3)), 4, Optional.of(NOW), List.of());
    LeadSignals slow = new LeadSignals(1, 1, 1, Optional.of(Duration.ofDays(3)), 2, Optional.of(NOW), List.of());
    assertThat(run(StandardRules.RESPONSIVENESS, lead().build(), fast))
        .containsExactly(new Added(10, "responsiveness.fast.5m", List.of(4)));
    assertThat(run(StandardRules.RESPONSIVENESS, lead().build(), slow))
        .containsExactly(new Added(-3, "responsiveness.slow", List.of(3L, 2)));
    assertThat(run(StandardRules.RESPONSIVENESS, lead().build(), LeadSignals.NONE)).isEmpty();
    LeadSignals almostTwoDays = new LeadSignals(1, 1, 1, Optional.of(Duration.ofHours(45)), 2, Optional.of(NOW), List.of());
    assertThat(run(StandardRules.RESPONSIVENESS, lead().build(), almostTwoDays))
        .as("to the nearest day").containsExactly(new Added(-3, "responsiveness.slow", List.of(2L, 2)));
  }

  @Test
  void sourceStatusAndQualification() {
    assertThat(run(StandardRules.SOURCE, lead().source(LeadSource.META_ADS).build(), LeadSignals.NONE))
        .containsExactly(new Added(15, "source.META_ADS", List.of()));
    assertThat(run(StandardRules.SOURCE, lead().source(LeadSource.of("TRADE_SHOW")).build(), LeadSignals.NONE)).isEmpty();
    assertThat(run(StandardRules.STATUS, lead().status(LeadStatus.MEETING_SCHEDULED).build(), LeadSignals.NONE))
        .containsExactly(new Added(25, "status.MEETING_SCHEDULED", List.of()));
    assertThat(run(StandardRules.STATUS, lead().status(LeadStatus.DISCARDED).build(), LeadSignals.NONE))
        .containsExactly(new Added(-50, "status.DISCARDED", List.of()));
    Qualification q = Qualification.NONE.withInterest(Qualification.Interest.HIGH)
        .withTimeline(Qualification.Timeline.IMMEDIATE).withBudget("USD 500").withNeed("curso de inglés");
    assertThat(run(StandardRules.QUALIFICATION, lead().qualification(q).build(), LeadSignals.NONE)).containsExactly(
        new Added(20, "qualification.interest.HIGH", List.of()), new Added(15, "qualification.timeline.IMMEDIATE", List.of()),
        new Added(8, "qualification.budget", List.of("USD 500")), new Added(7, "qualification.need", List.of()));
  }

  @Test
  void intentAndUrgencyPhrasesInSpanishAndEnglish() {
    assertThat(run(StandardRules.INTENT, lead().build(), signals(1, 1, 1, List.of("hola, cuánto cuesta? es urgente"))))
        .containsExactly(new Added(10, "intent.buying", List.of("cuánto cuesta")),
            new Added(8, "intent.urgency", List.of("urgente")));
    assertThat(run(StandardRules.INTENT, lead().build(), signals(1, 1, 1, List.of("What's the price? I need it ASAP"))))
        .containsExactly(new Added(10, "intent.buying", List.of("price")), new Added(8, "intent.urgency", List.of("asap")));
    assertThat(run(StandardRules.INTENT, lead().build(), signals(1, 1, 1, List.of("hola, buen día")))).isEmpty();
  }

  @Test
  void negativeSignals() {
    assertThat(run(StandardRules.NEGATIVE, lead().build(), signals(1, 1, 1, List.of("no me interesa, gracias"))))
        .containsExactly(new Added(-30, "negative.not_interested", List.of("no me interesa")));
    assertThat(run(StandardRules.NEGATIVE, lead().build(), signals(1, 1, 1, List.of("STOP"))))
        .containsExactly(new Added(-60, "negative.opt_out", List.of("stop")));
    assertThat(run(StandardRules.NEGATIVE, lead().tags(List.of("opt_out")).build(), signals(0, 0, 0, List.of())))
        .extracting(Added::key).containsExactly("negative.opt_out_tag");
    LeadSignals silent = new LeadSignals(0, 0, 0, Optional.empty(), 0, Optional.of(NOW.minus(Duration.ofDays(20))), List.of());
    assertThat(run(StandardRules.NEGATIVE, lead().build(), silent))
        .containsExactly(new Added(-15, "negative.silence", List.of(20L)));
    LeadSignals gone = new LeadSignals(0, 0, 0, Optional.empty(), 0, Optional.of(NOW.minus(Duration.ofDays(45))), List.of());
    assertThat(run(StandardRules.NEGATIVE, lead().build(), gone))
        .containsExactly(new Added(-25, "negative.silence", List.of(45L)));
    assertThat(run(StandardRules.NEGATIVE, lead().createdAt(NOW.minus(Duration.ofDays(40))).build(), LeadSignals.NONE))
        .as("a lead that never wrote counts from its creation").extracting(Added::points).containsExactly(-25);
    // Created 300 days ago, last wrote 45 days ago (older than the messages scoring reads).
    assertThat(run(StandardRules.NEGATIVE, lead().createdAt(NOW.minus(Duration.ofDays(300)))
        .lastInboundAt(NOW.minus(Duration.ofDays(45))).build(), LeadSignals.NONE))
        .containsExactly(new Added(-25, "negative.silence", List.of(45L)));
  }
}
