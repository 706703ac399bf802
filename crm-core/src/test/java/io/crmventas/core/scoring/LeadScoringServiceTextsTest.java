package io.crmventas.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.ScoreFactor;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A custom rule used through the service explains itself with the bundle it brings. */
class LeadScoringServiceTextsTest {
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final InMemoryCrmStore store = InMemoryCrmStore.create(clock);
  private final TenantFixture t = TenantFixture.create(store, clock);
  private final ScoringRule vip = ScoringRule.of("vip", (ctx, out) -> out.add(30, "vip.tag"));

  @Test
  void aCustomRulesReasonComesFromItsOwnBundle() {
    Lead lead = t.lead();
    LeadScore score = LeadScoringService.builder(store).clock(clock).rules(List.of(vip))
        .texts("io.crmventas.core.scoring.TestRuleTexts").build().rescore(t.id, lead.id(), ScoreTrigger.MANUAL);
    assertThat(score.factors()).containsExactly(new ScoreFactor("vip", 30, "+30 is a VIP customer"));
  }

  @Test
  void withoutItsBundleTheReasonIsTheKey() {
    Lead lead = t.lead();
    LeadScore score = LeadScoringService.builder(store).clock(clock).rules(List.of(vip)).build()
        .rescore(t.id, lead.id(), ScoreTrigger.MANUAL);
    assertThat(score.factors()).containsExactly(new ScoreFactor("vip", 30, "+30 vip.tag"));
  }
}
