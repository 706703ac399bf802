package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.ConflictException;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentExplanation;
import io.crmventas.core.assignment.AssignmentExplanation.Filter;
import io.crmventas.core.assignment.AssignmentExplanation.Ranked;
import io.crmventas.core.assignment.AssignmentExplanation.Removal;
import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.assignment.AssignmentKind;
import io.crmventas.core.assignment.AssignmentRule;
import io.crmventas.core.assignment.AssignmentRuleId;
import io.crmventas.core.assignment.AssignmentStrategy;
import io.crmventas.core.assignment.CandidatePool;
import io.crmventas.core.assignment.StaleAction;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Contract for the assignment history and the assignment rules. */
public abstract class AssignmentStoreContract extends StoreContract {

  private Assignment automatic(Lead lead, UserId seller, Instant at) {
    AssignmentExplanation why = new AssignmentExplanation("Meta leads to setters",
        List.of(a.seller1.id(), a.seller2.id()),
        List.of(new Filter("capacity", List.of(new Removal(a.seller2.id(), "10 of 10 open conversations")))),
        Optional.of(AssignmentStrategy.ROUND_ROBIN),
        List.of(new Ranked(a.seller1.id(), 1.5, "never assigned")),
        Optional.of(seller), "Round robin picked Seller One");
    return new Assignment(AssignmentId.of(UUID.randomUUID()), a.id, lead.id(), Optional.of(seller), Optional.empty(),
        AssignmentKind.AUTOMATIC, Optional.of(AssignmentRuleId.of(UUID.randomUUID())), Optional.empty(), Optional.empty(),
        why, at);
  }

  @Test
  void historyKeepsEveryEntryWithItsExplanationOldestFirst() {
    Lead lead = a.lead();
    Assignment first = a.t.assignments().record(automatic(lead, a.seller1.id(), clock.instant()));
    Assignment moved = a.t.assignments().record(new Assignment(AssignmentId.of(UUID.randomUUID()), a.id, lead.id(),
        Optional.of(a.seller2.id()), Optional.of(a.seller1.id()), AssignmentKind.REASSIGNMENT, Optional.empty(),
        Optional.of(a.ceo.id()), Optional.of("Seller One is on holiday"),
        AssignmentExplanation.manual(a.seller2.id(), "Reassigned by the CEO"), clock.instant().plusSeconds(60)));

    assertThat(a.t.assignments().history(lead.id())).containsExactly(first, moved);
    assertThat(a.t.assignments().latest(lead.id())).contains(moved);
    assertThat(a.t.assignments().latest(a.lead().id())).isEmpty();
  }

  @Test
  void listFiltersBySellerAndTimeNewestFirstWithPaging() {
    List<Assignment> toSeller1 = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      toSeller1.add(a.t.assignments().record(automatic(a.lead(), a.seller1.id(), clock.instant().plusSeconds(i))));
    }
    a.t.assignments().record(automatic(a.lead(), a.seller2.id(), clock.instant().plusSeconds(2)));

    Page<Assignment> p1 = a.t.assignments().list(Optional.of(a.seller1.id()), Optional.empty(), PageRequest.first(3));
    Page<Assignment> p2 = a.t.assignments().list(Optional.of(a.seller1.id()), Optional.empty(), p1.next(3).orElseThrow());
    List<Assignment> all = new ArrayList<>(p1.items());
    all.addAll(p2.items());
    List<Assignment> newestFirst = new ArrayList<>(toSeller1);
    java.util.Collections.reverse(newestFirst);
    assertThat(all).containsExactlyElementsOf(newestFirst);
    assertThat(p2.hasNext()).isFalse();

    assertThat(a.t.assignments().list(Optional.empty(), Optional.of(clock.instant().plusSeconds(3)), PageRequest.first(10))
        .items()).containsExactly(toSeller1.get(4), toSeller1.get(3));
  }

  @Test
  void referencesOutsideTheTenantAreRejected() {
    var b = anotherTenant();
    Lead lead = a.lead();
    assertThatThrownBy(() -> a.t.assignments().record(automatic(lead, b.seller1.id(), clock.instant())))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("sellerId");
    Lead bLead = b.lead();
    Assignment forBLead = new Assignment(AssignmentId.of(UUID.randomUUID()), a.id, bLead.id(), Optional.of(a.seller1.id()),
        Optional.empty(), AssignmentKind.MANUAL, Optional.empty(), Optional.of(a.ceo.id()), Optional.empty(),
        AssignmentExplanation.manual(a.seller1.id(), "x"), clock.instant());
    assertThatThrownBy(() -> a.t.assignments().record(forBLead))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("leadId");
    assertThat(a.t.assignments().history(lead.id())).isEmpty();
  }

  private AssignmentRule rule(String name, int priority) {
    return new AssignmentRule(AssignmentRuleId.of(UUID.randomUUID()), a.id, name, priority, true,
        Set.of(LeadSource.META_ADS, LeadSource.REFERRAL), new TreeSet<>(Set.of("urgente")), Set.of(ScoreBand.HOT),
        AssignmentStrategy.SCORE_AWARE,
        new CandidatePool(Role.SELLER, Optional.of(SellerKind.SETTER), new TreeSet<>(Set.of("lang:es"))),
        Optional.of(Duration.ofMinutes(30)), StaleAction.REASSIGN, clock.instant());
  }

  @Test
  void rulesRoundTripAndListInPriorityOrder() {
    AssignmentRule low = a.t.assignmentRules().create(rule("z fallback", 100));
    AssignmentRule high = a.t.assignmentRules().create(rule("b meta", 1));
    AssignmentRule tie = a.t.assignmentRules().create(rule("a meta", 1));
    assertThat(a.t.assignmentRules().find(high.id())).contains(high);
    assertThat(a.t.assignmentRules().list()).containsExactly(tie, high, low);
  }

  @Test
  void ruleNamesAreUniqueOnCreateAndUpdate() {
    AssignmentRule one = a.t.assignmentRules().create(rule("Meta", 1));
    AssignmentRule two = a.t.assignmentRules().create(rule("Other", 2));
    assertThatThrownBy(() -> a.t.assignmentRules().create(rule("Meta", 3)))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((ConflictException) e).rule()).isEqualTo("assignment_rule.name.unique");
    AssignmentRule renamed = new AssignmentRule(two.id(), a.id, "Meta", 2, true, Set.of(), new TreeSet<>(), Set.of(),
        AssignmentStrategy.LEAST_LOADED, CandidatePool.ALL_SELLERS, Optional.empty(), StaleAction.ESCALATE, clock.instant());
    assertThatThrownBy(() -> a.t.assignmentRules().update(renamed)).isInstanceOf(ConflictException.class);
    assertThat(a.t.assignmentRules().list()).containsExactly(one, two);
  }

  @Test
  void ruleUpdateReplacesAndDeleteRemoves() {
    AssignmentRule r = a.t.assignmentRules().create(rule("Meta", 1));
    AssignmentRule changed = new AssignmentRule(r.id(), a.id, "Meta v2", 5, false, Set.of(), new TreeSet<>(), Set.of(),
        AssignmentStrategy.BEST_PERFORMER, CandidatePool.sellers(SellerKind.CLOSER), Optional.empty(),
        StaleAction.ESCALATE, clock.instant().plusSeconds(100));
    AssignmentRule stored = a.t.assignmentRules().update(changed);
    assertThat(stored.createdAt()).isEqualTo(r.createdAt());
    assertThat(a.t.assignmentRules().find(r.id())).contains(stored);
    assertThat(a.t.assignmentRules().delete(r.id())).isTrue();
    assertThat(a.t.assignmentRules().delete(r.id())).isFalse();
    assertThat(a.t.assignmentRules().list()).isEmpty();
    assertThatThrownBy(() -> a.t.assignmentRules().update(changed)).isInstanceOf(NotFoundException.class);
  }
}
