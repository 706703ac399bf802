package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentExplanation;
import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.assignment.AssignmentKind;
import io.crmventas.core.assignment.AssignmentRule;
import io.crmventas.core.assignment.AssignmentRuleId;
import io.crmventas.core.assignment.AssignmentStore;
import io.crmventas.core.assignment.AssignmentStrategy;
import io.crmventas.core.assignment.CandidatePool;
import io.crmventas.core.assignment.QueuedLead;
import io.crmventas.core.assignment.SellerWorkload;
import io.crmventas.core.assignment.StaleAction;
import io.crmventas.core.assignment.StaleAssignment;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.lead.ScoreFactor;
import io.crmventas.core.scoring.ScoreChange;
import io.crmventas.core.scoring.ScoreChangeId;
import io.crmventas.core.scoring.ScoreTrigger;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Contract for what the sales engine reads and writes: workloads, stale checks, queue, scores, locks. */
public abstract class EngineStoreContract extends StoreContract {

  private Lead assignedLead(UserId seller) {
    return a.t.leads().create(a.leadBuilder().assignedSellerId(seller).build());
  }

  private Assignment give(Lead lead, UserId seller, Optional<AssignmentRuleId> rule, Instant at) {
    return a.t.assignments().record(new Assignment(AssignmentId.of(UUID.randomUUID()), a.id, lead.id(), Optional.of(seller),
        Optional.empty(), AssignmentKind.AUTOMATIC, rule, Optional.empty(), Optional.empty(),
        AssignmentExplanation.manual(seller, "test"), at));
  }

  @Test
  void workloadsCountOpenConversationsAssignmentsAndConversion() {
    Instant t0 = clock.instant();
    for (int i = 0; i < 3; i++) {
      Lead l = assignedLead(a.seller1.id());
      a.conversation(l);
      give(l, a.seller1.id(), Optional.empty(), t0.minus(Duration.ofDays(i * 10L)));
    }
    Lead won = a.t.leads().create(a.leadBuilder().assignedSellerId(a.seller1.id()).status(LeadStatus.WON).build());
    Conversation closed = a.conversation(won);
    a.t.conversations().setStatus(closed.id(), ConversationStatus.CLOSED);
    give(won, a.seller1.id(), Optional.empty(), t0.minus(Duration.ofDays(1)));
    Lead movedAway = assignedLead(a.seller2.id());
    give(movedAway, a.seller1.id(), Optional.empty(), t0.minus(Duration.ofDays(2)));
    give(movedAway, a.seller2.id(), Optional.empty(), t0.minus(Duration.ofDays(1)));
    UserId idle = a.seller("Idle", io.crmventas.core.tenant.SellerProfile.of(io.crmventas.core.tenant.SellerKind.SETTER, 5)).id();

    Map<UserId, SellerWorkload> w = a.t.assignments().workloads(List.of(a.seller1.id(), a.seller2.id(), idle),
        Optional.of(t0.minus(Duration.ofDays(5))), Optional.of(t0.minus(Duration.ofDays(30))));
    SellerWorkload s1 = w.get(a.seller1.id());
    assertThat(s1.openConversations()).isEqualTo(3);
    assertThat(s1.lastAssignedAt()).contains(t0);
    assertThat(s1.lastAssignmentId()).isPresent();
    assertThat(a.t.assignments().latest(a.t.leads().list(io.crmventas.core.lead.LeadQuery.builder()
        .assignedTo(a.seller1.id()).build(), io.crmventas.core.store.PageRequest.first(10)).items().stream()
        .filter(l -> a.t.assignments().latest(l.id()).map(x -> x.id().equals(s1.lastAssignmentId().get())).orElse(false))
        .findFirst().orElseThrow().id()).map(x -> x.at())).contains(t0);
    assertThat(s1.assignedInWindow()).isEqualTo(3);
    assertThat(s1.leadsAssignedInPeriod()).as("given in 30 days and still held (not the one moved away)").isEqualTo(4);
    assertThat(s1.leadsWonInPeriod()).isEqualTo(1);
    assertThat(s1.conversionRate()).contains(0.25);
    assertThat(w.get(a.seller2.id()).openConversations()).isZero();
    assertThat(w.get(a.seller2.id()).leadsAssignedInPeriod()).isEqualTo(1);
    assertThat(w.get(idle)).isEqualTo(SellerWorkload.idle(idle));
    assertThat(w.keySet()).containsExactly(a.seller1.id(), a.seller2.id(), idle);

    Map<UserId, SellerWorkload> cheap = a.t.assignments().workloads(List.of(a.seller1.id()), Optional.of(t0),
        Optional.empty());
    assertThat(cheap.get(a.seller1.id()).leadsAssignedInPeriod()).isZero();
    assertThat(cheap.get(a.seller1.id()).assignedInWindow()).isEqualTo(1);
    SellerWorkload cheapest = a.t.assignments().workloads(List.of(a.seller1.id()), Optional.empty(), Optional.empty())
        .get(a.seller1.id());
    assertThat(cheapest.assignedInWindow()).isZero();
    assertThat(cheapest.openConversations()).isEqualTo(3);
  }

  private long open(UserId seller) {
    return a.t.assignments().workloads(List.of(seller), Optional.empty(), Optional.empty()).get(seller)
        .openConversations();
  }

  @Test
  void openConversationCountsFollowEveryChange() {
    Lead lead = assignedLead(a.seller1.id());
    Conversation c = a.conversation(lead);
    assertThat(open(a.seller1.id())).isEqualTo(1);
    a.t.conversations().append(a.inboundText(c, "hola", "w-open", clock.instant()));
    assertThat(open(a.seller1.id())).as("messages change nothing").isEqualTo(1);
    a.t.conversations().setStatus(c.id(), ConversationStatus.CLOSED);
    assertThat(open(a.seller1.id())).isZero();
    a.t.conversations().setStatus(c.id(), ConversationStatus.CLOSED);
    assertThat(open(a.seller1.id())).isZero();
    a.t.conversations().setStatus(c.id(), ConversationStatus.OPEN);
    assertThat(open(a.seller1.id())).isEqualTo(1);
    a.t.conversations().assignLead(lead.id(), Optional.of(a.seller2.id()));
    assertThat(open(a.seller1.id())).isZero();
    assertThat(open(a.seller2.id())).isEqualTo(1);
    a.t.conversations().assignLead(lead.id(), Optional.empty());
    assertThat(open(a.seller2.id())).isZero();
    var b = anotherTenant();
    Lead other = b.t.leads().create(b.leadBuilder().assignedSellerId(b.seller1.id()).build());
    b.conversation(other);
    assertThat(open(a.seller1.id()) + open(a.seller2.id())).as("another tenant's conversations").isZero();
  }

  private AssignmentRule staleRule(Duration limit, StaleAction action) {
    return a.t.assignmentRules().create(new AssignmentRule(AssignmentRuleId.of(UUID.randomUUID()), a.id,
        "rule " + UUID.randomUUID(), 1, true, Set.of(), new TreeSet<>(), Set.of(), AssignmentStrategy.ROUND_ROBIN,
        CandidatePool.ALL_SELLERS, Optional.of(limit), action, clock.instant()));
  }

  @Test
  void staleAssignmentsAreThoseWithoutASellerReplyPastTheRulesLimit() {
    AssignmentRule rule = staleRule(Duration.ofMinutes(30), StaleAction.REASSIGN);
    Instant t0 = clock.instant();
    Lead silent = assignedLead(a.seller1.id());
    a.conversation(silent);
    Assignment silentA = give(silent, a.seller1.id(), Optional.of(rule.id()), t0);
    Lead answered = assignedLead(a.seller1.id());
    Conversation c = a.conversation(answered);
    give(answered, a.seller1.id(), Optional.of(rule.id()), t0);
    a.t.conversations().append(a.reply(c, Author.SELLER, Optional.of(a.seller1.id()), "hola!", t0.plusSeconds(60)));
    Lead noRule = assignedLead(a.seller1.id());
    give(noRule, a.seller1.id(), Optional.empty(), t0);
    Lead won = a.t.leads().create(a.leadBuilder().assignedSellerId(a.seller1.id()).status(LeadStatus.WON).build());
    give(won, a.seller1.id(), Optional.of(rule.id()), t0);

    assertThat(a.t.assignments().findStale(t0.plus(Duration.ofMinutes(29)))).isEmpty();
    List<StaleAssignment> stale = a.t.assignments().findStale(t0.plus(Duration.ofMinutes(30)));
    assertThat(stale).containsExactly(new StaleAssignment(silent.id(), a.seller1.id(), silentA.id(), rule.id(), t0,
        Duration.ofMinutes(30), StaleAction.REASSIGN));

    // Reassigned: the new seller's clock starts again.
    a.t.leads().update(a.t.leads().find(silent.id()).orElseThrow().toBuilder().assignedSellerId(a.seller2.id()).build());
    give(silent, a.seller2.id(), Optional.of(rule.id()), t0.plus(Duration.ofMinutes(31)));
    assertThat(a.t.assignments().findStale(t0.plus(Duration.ofMinutes(40)))).isEmpty();
    assertThat(a.t.assignments().findStale(t0.plus(Duration.ofMinutes(61)))).extracting(StaleAssignment::sellerId)
        .containsExactly(a.seller2.id());
  }

  @Test
  void theQueueKeepsTheFirstPlaceAndServesOldestFirst() {
    Lead l1 = a.lead();
    Lead l2 = a.lead();
    Lead l3 = a.lead();
    Instant t0 = clock.instant();
    assertThat(a.t.assignmentQueue().enqueue(new QueuedLead(l2.id(), t0, "all sellers are at capacity"))).isTrue();
    assertThat(a.t.assignmentQueue().enqueue(new QueuedLead(l1.id(), t0.plusSeconds(1), "nobody works now"))).isTrue();
    assertThat(a.t.assignmentQueue().enqueue(new QueuedLead(l2.id(), t0.plusSeconds(5), "again"))).isFalse();
    a.t.assignmentQueue().enqueue(new QueuedLead(l3.id(), t0.plusSeconds(2), "x"));
    assertThat(a.t.assignmentQueue().oldestFirst(2)).containsExactly(
        new QueuedLead(l2.id(), t0, "all sellers are at capacity"), new QueuedLead(l1.id(), t0.plusSeconds(1), "nobody works now"));
    assertThat(a.t.assignmentQueue().size()).isEqualTo(3);
    assertThat(a.t.assignmentQueue().remove(l2.id())).isTrue();
    assertThat(a.t.assignmentQueue().remove(l2.id())).isFalse();
    assertThat(a.t.assignmentQueue().oldestFirst(10)).extracting(QueuedLead::leadId).containsExactly(l1.id(), l3.id());

    var b = anotherTenant();
    assertThatThrownBy(() -> b.t.assignmentQueue().enqueue(new QueuedLead(l1.id(), t0, "x")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("leadId"));
    assertThat(b.t.assignmentQueue().size()).isZero();
    assertThat(b.t.assignmentQueue().remove(l1.id())).isFalse();
    assertThat(a.t.assignmentQueue().size()).isEqualTo(2);
  }

  @Test
  void recordingAnAssignmentTakesTheLeadOutOfTheQueue() {
    Lead lead = a.lead();
    a.t.assignmentQueue().enqueue(new QueuedLead(lead.id(), clock.instant(), "nobody"));
    give(lead, a.seller1.id(), Optional.empty(), clock.instant());
    assertThat(a.t.assignmentQueue().find(lead.id())).isEmpty();
  }

  @Test
  void lockingASellerChecksTheirWorkloadIsStillWhatWasRead() {
    Lead lead = assignedLead(a.seller1.id());
    a.conversation(lead);
    give(lead, a.seller1.id(), Optional.empty(), clock.instant());
    SellerWorkload read = a.t.assignments().workloads(List.of(a.seller1.id()), Optional.empty(), Optional.empty())
        .get(a.seller1.id());
    assertThat(read.openConversations()).isEqualTo(1);
    AssignmentStore.SellerLock same = store.inTransaction(tx -> tx.tenant(a.id).assignments().lockSeller(a.seller1.id(), read));
    assertThat(same).isEqualTo(AssignmentStore.SellerLock.LOCKED);

    a.conversation(assignedLead(a.seller1.id()));
    AssignmentStore.SellerLock moreOpen = store.inTransaction(tx -> tx.tenant(a.id).assignments().lockSeller(a.seller1.id(), read));
    assertThat(moreOpen).isEqualTo(AssignmentStore.SellerLock.CHANGED);
    SellerWorkload reread = a.t.assignments().workloads(List.of(a.seller1.id()), Optional.empty(), Optional.empty())
        .get(a.seller1.id());
    give(a.lead(), a.seller1.id(), Optional.empty(), clock.instant().plusSeconds(1));
    AssignmentStore.SellerLock newLead = store.inTransaction(tx -> tx.tenant(a.id).assignments().lockSeller(a.seller1.id(), reread));
    assertThat(newLead).as("a new assignment changes the last assignment").isEqualTo(AssignmentStore.SellerLock.CHANGED);

    UserId stranger = anotherTenant().seller1.id();
    AssignmentStore.SellerLock notMember = store.inTransaction(tx -> tx.tenant(a.id).assignments()
        .lockSeller(stranger, SellerWorkload.idle(stranger)));
    assertThat(notMember).isEqualTo(AssignmentStore.SellerLock.BUSY);

    // Deactivated since the workload was read: given back, whatever the workload.
    SellerWorkload before = a.t.assignments().workloads(List.of(a.seller2.id()), Optional.empty(), Optional.empty())
        .get(a.seller2.id());
    a.deactivate(a.seller2.id());
    AssignmentStore.SellerLock gone = store.inTransaction(tx -> tx.tenant(a.id).assignments()
        .lockSeller(a.seller2.id(), before));
    assertThat(gone).isEqualTo(AssignmentStore.SellerLock.UNAVAILABLE);
  }

  @Test
  void assignSellerChangesOnlyTheSellerAndChecksTheVersion() {
    Lead lead = a.t.leads().create(a.leadBuilder().name("Solo el vendedor").tags(List.of("vip")).build());
    clock.advance(Duration.ofSeconds(5));
    Lead assigned = a.t.leads().assignSeller(lead, Optional.of(a.seller2.id()));
    assertThat(assigned).isEqualTo(lead.toBuilder().assignedSellerId(a.seller2.id()).version(2)
        .updatedAt(clock.instant()).build());
    assertThat(a.t.leads().find(lead.id())).contains(assigned);
    assertThatThrownBy(() -> a.t.leads().assignSeller(lead, Optional.empty()))
        .isInstanceOfSatisfying(io.crmventas.core.ConflictException.class, e -> assertThat(e.rule()).isEqualTo("lead.version"));
    assertThatThrownBy(() -> a.t.leads().assignSeller(assigned, Optional.of(anotherTenant().seller1.id())))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("assignedSellerId"));
    assertThat(a.t.leads().assignSeller(assigned, Optional.empty()).assignedSellerId()).isEmpty();
  }

  @Test
  void scoreHistoryKeepsOldNewAndWhy() {
    Lead lead = a.lead();
    Instant t0 = clock.instant();
    LeadScore first = new LeadScore(40, ScoreBand.COLD, List.of(new ScoreFactor("source", 10, "+10 wrote in on their own")), t0);
    ScoreChange c1 = a.t.scoreHistory().record(new ScoreChange(ScoreChangeId.of(UUID.randomUUID()), a.id, lead.id(),
        Optional.empty(), Optional.empty(), first, ScoreTrigger.INBOUND_MESSAGE, t0));
    LeadScore second = new LeadScore(75, ScoreBand.HOT, List.of(new ScoreFactor("intent", 10, "+10 asked about price")),
        t0.plusSeconds(60));
    ScoreChange c2 = a.t.scoreHistory().record(new ScoreChange(ScoreChangeId.of(UUID.randomUUID()), a.id, lead.id(),
        Optional.of(40), Optional.of(ScoreBand.COLD), second, ScoreTrigger.QUALIFICATION, t0.plusSeconds(60)));
    assertThat(a.t.scoreHistory().forLead(lead.id())).containsExactly(c1, c2);
    assertThat(anotherTenant().t.scoreHistory().forLead(lead.id())).isEmpty();
  }

  @Test
  void locksReadTheRowAndMembersCanBeLocked() {
    Lead lead = a.lead();
    assertThat(a.t.leads().lock(lead.id())).contains(lead);
    Optional<Lead> locked = store.inTransaction(tx -> tx.tenant(a.id).leads().lock(lead.id()));
    assertThat(locked).contains(lead);
    boolean member = store.inTransaction(tx -> tx.tenant(a.id).members().tryLock(a.seller1.id()));
    assertThat(member).isTrue();
    boolean stranger = store.inTransaction(tx -> tx.tenant(a.id).members().tryLock(UserId.of(UUID.randomUUID())));
    assertThat(stranger).isFalse();
    assertThat(anotherTenant().t.leads().lock(lead.id())).isEmpty();
  }
}
