package io.crmventas.core.scoring;

import static io.crmventas.core.scoring.ScoringFixtures.NOW;
import static io.crmventas.core.scoring.ScoringFixtures.lead;
import static io.crmventas.core.scoring.ScoringFixtures.signals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.Qualification;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.lead.ScoreFactor;
import io.crmventas.core.tenant.TenantSettings;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LeadScorerTest {
  private final Lead metaLead = lead().source(LeadSource.META_ADS).build();
  private final LeadSignals active = signals(6, 6, 6, List.of("cuánto cuesta?"));

  @Test
  void explainsEveryPointWithSellerFriendlyReasons() {
    LeadScore s = LeadScorer.builder().build().score(metaLead, active, NOW);
    assertThat(s.factors()).containsExactly(
        new ScoreFactor("source", 15, "+15 came from a Meta ad"),
        new ScoreFactor("engagement", 18, "+18 wrote 6 times in the last 24 h"),
        new ScoreFactor("intent", 10, "+10 asked about buying (\"cuánto cuesta\")"));
    assertThat(s.value()).isEqualTo(43);
    assertThat(s.band()).isEqualTo(ScoreBand.COLD);
    assertThat(s.scoredAt()).isEqualTo(NOW);
  }

  @Test
  void speaksTheTenantsLanguage() {
    LeadScore s = LeadScorer.builder().locale(Locale.forLanguageTag("es")).build().score(metaLead, active, NOW);
    assertThat(s.factors()).extracting(ScoreFactor::reason).containsExactly(
        "+15 llegó desde un anuncio de Meta", "+18 escribió 6 veces en las últimas 24 h",
        "+10 preguntó por la compra (\"cuánto cuesta\")");
    LeadScore fr = LeadScorer.builder().locale(Locale.FRENCH).build().score(metaLead, active, NOW);
    assertThat(fr.factors().get(0).reason()).as("unbundled languages fall back to English").isEqualTo("+15 came from a Meta ad");
  }

  @Test
  void bandsFollowTheTenantsThresholds() {
    Lead qualified = lead().source(LeadSource.REFERRAL).status(LeadStatus.QUALIFIED)
        .qualification(Qualification.NONE.withInterest(Qualification.Interest.HIGH)).build();
    LeadScore s = LeadScorer.builder().build().score(qualified, LeadSignals.NONE, NOW);
    assertThat(s.value()).isEqualTo(55);
    assertThat(s.band()).isEqualTo(ScoreBand.WARM);
    TenantSettings strict = TenantSettings.DEFAULTS.with(ScoringSettings.HOT_THRESHOLD, 50)
        .with(ScoringSettings.WARM_THRESHOLD, 20);
    assertThat(LeadScorer.builder().settings(strict).build().score(qualified, LeadSignals.NONE, NOW).band())
        .isEqualTo(ScoreBand.HOT);
  }

  @Test
  void weightsScaleOrSilenceARule() {
    TenantSettings s = TenantSettings.DEFAULTS.with(ScoringSettings.weight("engagement"), 2.0)
        .with(ScoringSettings.weight("source"), 0.0);
    LeadScore score = LeadScorer.builder().settings(s).build().score(metaLead, active, NOW);
    assertThat(score.factors()).containsExactly(
        new ScoreFactor("engagement", 36, "+36 wrote 6 times in the last 24 h"),
        new ScoreFactor("intent", 10, "+10 asked about buying (\"cuánto cuesta\")"));
    assertThat(score.value()).isEqualTo(46);
  }

  @Test
  void theTotalIsClampedToZeroAndAHundred() {
    Lead best = lead().source(LeadSource.REFERRAL).status(LeadStatus.WON).qualification(Qualification.NONE
        .withInterest(Qualification.Interest.HIGH).withTimeline(Qualification.Timeline.IMMEDIATE)).build();
    assertThat(LeadScorer.builder().build().score(best, active, NOW).value()).isEqualTo(100);
    Lead worst = lead().source(LeadSource.of("OTHER")).status(LeadStatus.DISCARDED).build();
    LeadScore bottom = LeadScorer.builder().build().score(worst, signals(1, 1, 1, List.of("no me interesa")), NOW);
    assertThat(bottom.value()).isZero();
    assertThat(bottom.band()).isEqualTo(ScoreBand.COLD);
  }

  @Test
  void isDeterministic() {
    LeadScorer scorer = LeadScorer.builder().build();
    assertThat(scorer.score(metaLead, active, NOW)).isEqualTo(scorer.score(metaLead, active, NOW));
    assertThat(LeadScorer.builder().build().score(metaLead, active, NOW)).isEqualTo(scorer.score(metaLead, active, NOW));
  }

  @Test
  void customRulesPlugIn() {
    ScoringRule vip = ScoringRule.of("vip", (ctx, out) -> {
      if (ctx.lead().tags().contains("vip")) {
        out.add(30, "vip.tag");
      }
    });
    LeadScore s = LeadScorer.builder().rules(List.of(vip)).build().score(lead().tags(List.of("vip")).build(),
        LeadSignals.NONE, NOW);
    assertThat(s.factors()).containsExactly(new ScoreFactor("vip", 30, "+30 vip.tag"));
  }

  @Test
  void badConfigurationIsRejectedNamingTheSetting() {
    TenantSettings inverted = TenantSettings.DEFAULTS.with(ScoringSettings.WARM_THRESHOLD, 80);
    assertThatThrownBy(() -> LeadScorer.builder().settings(inverted).build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("scoring.band.warm"));
    assertThatThrownBy(() -> LeadScorer.builder().rule(StandardRules.SOURCE).build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.value()).isEqualTo("source"));
  }
}
