package io.crmventas.core.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.assignment.AssignmentDecider.Context;
import io.crmventas.core.assignment.AssignmentDecider.Decision;
import io.crmventas.core.assignment.AssignmentDecider.Match;
import io.crmventas.core.assignment.AssignmentExplanation.Filter;
import io.crmventas.core.assignment.AssignmentExplanation.Removal;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import io.crmventas.core.tenant.WorkingHours;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AssignmentDeciderTest {
  // 2026-11-25 15:00 UTC is Wednesday 12:00 in Buenos Aires.
  private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
  private static final TenantId T = TenantId.of("acme");
  private static final Tenant TENANT = Tenant.of(T, "Acme", ZoneId.of("America/Argentina/Buenos_Aires"), Locale.ENGLISH, NOW);
  private static final Context CTX = new Context(TENANT, NOW, 0, Duration.ofHours(1), 10, Duration.ofDays(30));

  private final Map<UserId, SellerWorkload> loads = new HashMap<>();

  private static Membership seller(SellerProfile p) {
    return Membership.seller(T, UserId.of(UUID.randomUUID()), p, NOW);
  }

  private static Lead.Builder lead() {
    return Lead.builder(LeadId.of(UUID.randomUUID()), T, PhoneNumber.parse("+5491155551234"), NOW);
  }

  private void load(Membership m, long open, Optional<Instant> last, long inWindow, long assigned, long won) {
    loads.put(m.userId(), new SellerWorkload(m.userId(), open, last, Optional.empty(), inWindow, assigned, won));
  }

  private Decision decide(Lead lead, AssignmentStrategy strategy, List<Membership> members) {
    return AssignmentDecider.decide(lead, new Match(Optional.empty(), strategy, CandidatePool.ALL_SELLERS), members,
        loads, Set.of(), CTX);
  }

  private static AssignmentRule rule(String name, int priority, Set<LeadSource> sources, Set<String> tags,
      Set<ScoreBand> bands, boolean active) {
    return new AssignmentRule(AssignmentRuleId.of(UUID.randomUUID()), T, name, priority, active, sources,
        new TreeSet<>(tags), bands, AssignmentStrategy.SKILLS, CandidatePool.sellers(SellerKind.SETTER), Optional.empty(),
        StaleAction.REASSIGN, NOW);
  }

  @Test
  void aStaleLimitOverAYearIsRefusedByName() {
    assertThatThrownBy(() -> new AssignmentRule(AssignmentRuleId.of(UUID.randomUUID()), T, "slow", 1, true, Set.of(),
        new TreeSet<>(), Set.of(), AssignmentStrategy.SKILLS, CandidatePool.ALL_SELLERS,
        Optional.of(java.time.Duration.ofSeconds(Long.MAX_VALUE)), StaleAction.REASSIGN, NOW))
        .isInstanceOfSatisfying(io.crmventas.core.InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo("staleAfter"));
  }

  @Test
  void theFirstActiveMatchingRuleByPriorityApplies() {
    AssignmentRule inactive = rule("inactive", 1, Set.of(), Set.of(), Set.of(), false);
    AssignmentRule meta = rule("meta", 2, Set.of(LeadSource.META_ADS), Set.of(), Set.of(), true);
    AssignmentRule vipHot = rule("vip hot", 3, Set.of(), Set.of("vip"), Set.of(ScoreBand.HOT), true);
    List<AssignmentRule> rules = List.of(inactive, meta, vipHot);
    assertThat(AssignmentDecider.match(lead().source(LeadSource.META_ADS).build(), rules).rule()).contains(meta);
    Lead hotVip = lead().tags(List.of("vip")).score(new LeadScore(80, ScoreBand.HOT, List.of(), NOW)).build();
    assertThat(AssignmentDecider.match(hotVip, rules).rule()).contains(vipHot);
    assertThat(AssignmentDecider.match(lead().tags(List.of("vip")).build(), rules).rule())
        .as("an unscored lead does not match a band condition").isEmpty();
    Match fallback = AssignmentDecider.match(lead().build(), rules);
    assertThat(fallback.strategy()).isEqualTo(AssignmentStrategy.LEAST_LOADED);
    assertThat(fallback.pool()).isEqualTo(CandidatePool.ALL_SELLERS);
  }

  @Test
  void everyFilterSaysWhomItRemovedAndWhy() {
    Membership inactive = seller(SellerProfile.of(SellerKind.SETTER, 5)).withActive(false);
    Membership closer = seller(SellerProfile.of(SellerKind.CLOSER, 5));
    Membership noSkill = seller(SellerProfile.of(SellerKind.SETTER, 5));
    Membership away = seller(SellerProfile.of(SellerKind.SETTER, 5).withSkills(Set.of("lang:en")).withAway(true));
    Membership offHours = seller(SellerProfile.of(SellerKind.SETTER, 5).withSkills(Set.of("lang:en"))
        .withWorkingHours(WorkingHours.parse("MON-FRI 14:00-18:00")));
    Membership full = seller(SellerProfile.of(SellerKind.SETTER, 2).withSkills(Set.of("lang:en")));
    Membership busy = seller(SellerProfile.of(SellerKind.SETTER, 9).withSkills(Set.of("lang:en")));
    Membership slow = seller(SellerProfile.of(SellerKind.SETTER, 9).withSkills(Set.of("lang:en")));
    Membership ok = seller(SellerProfile.of(SellerKind.SETTER, 9).withSkills(Set.of("lang:en")));
    load(full, 2, Optional.empty(), 0, 0, 0);
    load(busy, 1, Optional.empty(), 3, 0, 0);
    CandidatePool pool = new CandidatePool(Role.SELLER, Optional.of(SellerKind.SETTER), new TreeSet<>(Set.of("lang:en")));
    Context capped = new Context(TENANT, NOW, 3, Duration.ofHours(1), 10, Duration.ofDays(30));
    Decision d = AssignmentDecider.decide(lead().build(), new Match(Optional.empty(), AssignmentStrategy.ROUND_ROBIN, pool),
        List.of(inactive, closer, noSkill, away, offHours, full, busy, slow, ok), loads, Set.of(slow.userId()), capped);

    assertThat(d.ranking()).containsExactly(ok.userId());
    AssignmentExplanation e = d.explain(ok.userId());
    assertThat(e.filters()).extracting(Filter::name).containsExactly("active", "seller profile", "seller kind",
        "required skills", "away", "working hours", "capacity", "fairness limit", "did not answer in time");
    assertThat(e.filters()).extracting(f -> f.removed().stream().map(Removal::sellerId).toList()).containsExactly(
        List.of(inactive.userId()), List.of(), List.of(closer.userId()), List.of(noSkill.userId()), List.of(away.userId()),
        List.of(offHours.userId()), List.of(full.userId()), List.of(busy.userId()), List.of(slow.userId()));
    assertThat(e.filters()).flatExtracting(Filter::removed).extracting(Removal::why).containsExactly(
        "is inactive", "is a closer; the rule takes setters", "lacks the skill lang:en", "is marked away",
        "is outside working hours (MON 14:00-18:00; TUE 14:00-18:00; WED 14:00-18:00; THU 14:00-18:00; FRI 14:00-18:00)",
        "has 2 of 2 open conversations", "received 3 leads in the last 60 minutes (limit 3)",
        "did not answer the lead in time");
    assertThat(e.candidates()).hasSize(9);
    assertThat(e.picked()).contains(ok.userId());
    assertThat(e.summary()).isEqualTo("round robin: picked the seller who has never received a lead, among 1 of 9 candidates"
        + " (no rule matched: least loaded among all active sellers)");
    // When candidates ranked higher were held by another assignment, the summary says why they were passed over.
    assertThat(d.explain(ok.userId(), 2).summary()).endsWith(
        "; 2 ranked higher were being given another lead at that moment");
  }

  @Test
  void roundRobinPrefersNeverAssignedThenLongestWaiting() {
    Membership recent = seller(SellerProfile.of(SellerKind.SETTER, 9));
    Membership older = seller(SellerProfile.of(SellerKind.SETTER, 9));
    Membership never = seller(SellerProfile.of(SellerKind.SETTER, 9));
    load(recent, 0, Optional.of(NOW.minusSeconds(60)), 1, 0, 0);
    load(older, 5, Optional.of(NOW.minusSeconds(3600)), 1, 0, 0);
    Decision d = decide(lead().build(), AssignmentStrategy.ROUND_ROBIN, List.of(recent, older, never));
    assertThat(d.ranking()).containsExactly(never.userId(), older.userId(), recent.userId());
    assertThat(d.explain(older.userId()).ranking()).extracting(AssignmentExplanation.Ranked::measure)
        .containsExactly("has never received a lead", "received their last lead 60 minutes ago",
            "received their last lead 1 minute ago");
  }

  @Test
  void roundRobinOrdersAssignmentsOfTheSameInstantByTheirIds() {
    Membership first = seller(SellerProfile.of(SellerKind.SETTER, 9));
    Membership second = seller(SellerProfile.of(SellerKind.SETTER, 9));
    var ids = io.crmventas.core.IdGenerator.timeOrdered(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    AssignmentId earlier = AssignmentId.of(ids.next());
    AssignmentId later = AssignmentId.of(ids.next());
    loads.put(second.userId(), new SellerWorkload(second.userId(), 0, Optional.of(NOW), Optional.of(later), 1, 0, 0));
    loads.put(first.userId(), new SellerWorkload(first.userId(), 0, Optional.of(NOW), Optional.of(earlier), 1, 0, 0));
    for (int i = 0; i < 20; i++) {
      assertThat(decide(lead().build(), AssignmentStrategy.ROUND_ROBIN, List.of(second, first)).ranking())
          .containsExactly(first.userId(), second.userId());
    }
  }

  @Test
  void leastLoadedBestPerformerAndScoreAware() {
    Membership a = seller(SellerProfile.of(SellerKind.SETTER, 20));
    Membership b = seller(SellerProfile.of(SellerKind.SETTER, 20));
    Membership c = seller(SellerProfile.of(SellerKind.SETTER, 20));
    load(a, 7, Optional.of(NOW.minusSeconds(10)), 0, 20, 2);
    load(b, 2, Optional.of(NOW.minusSeconds(20)), 0, 12, 6);
    load(c, 4, Optional.of(NOW.minusSeconds(30)), 0, 3, 3);
    assertThat(decide(lead().build(), AssignmentStrategy.LEAST_LOADED, List.of(a, b, c)).ranking())
        .containsExactly(b.userId(), c.userId(), a.userId());
    assertThat(decide(lead().build(), AssignmentStrategy.BEST_PERFORMER, List.of(a, b, c)).ranking())
        .as("c converted 3 of 3 but has too small a sample").containsExactly(b.userId(), a.userId(), c.userId());
    Lead hot = lead().score(new LeadScore(90, ScoreBand.HOT, List.of(), NOW)).build();
    Lead warm = lead().score(new LeadScore(50, ScoreBand.WARM, List.of(), NOW)).build();
    assertThat(decide(hot, AssignmentStrategy.SCORE_AWARE, List.of(a, b, c)).ranking().get(0)).isEqualTo(b.userId());
    load(b, 2, Optional.empty(), 0, 12, 1);
    assertThat(decide(hot, AssignmentStrategy.SCORE_AWARE, List.of(a, b, c)).ranking().get(0))
        .as("hot leads go to the best converter").isEqualTo(a.userId());
    assertThat(decide(warm, AssignmentStrategy.SCORE_AWARE, List.of(a, b, c)).ranking().get(0))
        .as("other leads to the least loaded").isEqualTo(b.userId());
  }

  @Test
  void skillsMatchSourceTagsAndLanguageThenDefaultMetaToSetters() {
    Membership english = seller(SellerProfile.of(SellerKind.CLOSER, 9).withSkills(Set.of("lang:en", "vip")));
    Membership spanish = seller(SellerProfile.of(SellerKind.CLOSER, 9).withSkills(Set.of("lang:es")));
    Membership setter = seller(SellerProfile.of(SellerKind.SETTER, 9));
    Membership closer = seller(SellerProfile.of(SellerKind.CLOSER, 9));
    Lead vipEnglish = lead().language("en").tags(List.of("vip")).build();
    Decision d = decide(vipEnglish, AssignmentStrategy.SKILLS, List.of(setter, spanish, english, closer));
    assertThat(d.ranking().get(0)).isEqualTo(english.userId());
    assertThat(d.explain(english.userId()).ranking().get(0).measure()).isEqualTo("matches 2 skills (lang:en, vip)");

    Lead meta = lead().source(LeadSource.META_ADS).build();
    assertThat(decide(meta, AssignmentStrategy.SKILLS, List.of(closer, setter)).ranking().get(0)).isEqualTo(setter.userId());
    assertThat(decide(lead().build(), AssignmentStrategy.SKILLS, List.of(setter, closer)).ranking().get(0))
        .isEqualTo(closer.userId());
  }

  @Test
  void tiesBreakFairlyAcrossLeadsWhateverTheIds() {
    List<Membership> equal = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      equal.add(seller(SellerProfile.of(SellerKind.SETTER, 9)));
    }
    Map<UserId, Integer> firsts = new HashMap<>();
    for (int i = 0; i < 4000; i++) {
      UserId first = decide(lead().build(), AssignmentStrategy.LEAST_LOADED, equal).ranking().get(0);
      firsts.merge(first, 1, Integer::sum);
    }
    assertThat(firsts).hasSize(4);
    assertThat(firsts.values()).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
  }

  @Test
  void nobodyLeftIsExplained() {
    Membership full = seller(SellerProfile.of(SellerKind.SETTER, 1));
    load(full, 1, Optional.empty(), 0, 0, 0);
    Decision d = decide(lead().build(), AssignmentStrategy.LEAST_LOADED, List.of(full));
    assertThat(d.ranking()).isEmpty();
    AssignmentExplanation e = d.explainNobody();
    assertThat(e.picked()).isEmpty();
    assertThat(e.summary()).isEqualTo("nobody can take the lead (no rule matched: least loaded among all active sellers):"
        + " capacity: 1");
    assertThat(decide(lead().build(), AssignmentStrategy.LEAST_LOADED, List.of()).explainNobody().summary())
        .endsWith("no seller has this role");
  }
}
