package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.ConflictException;
import io.crmventas.core.ForbiddenException;
import io.crmventas.core.IdGenerator;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentEscalated;
import io.crmventas.core.assignment.AssignmentKind;
import io.crmventas.core.assignment.AssignmentOutcome;
import io.crmventas.core.assignment.AssignmentOutcome.Assigned;
import io.crmventas.core.assignment.AssignmentOutcome.Queued;
import io.crmventas.core.assignment.AssignmentRule;
import io.crmventas.core.assignment.AssignmentRuleId;
import io.crmventas.core.assignment.AssignmentSettings;
import io.crmventas.core.assignment.AssignmentStore;
import io.crmventas.core.assignment.AssignmentStrategy;
import io.crmventas.core.assignment.CandidatePool;
import io.crmventas.core.assignment.LeadAssigned;
import io.crmventas.core.assignment.LeadQueued;
import io.crmventas.core.assignment.SellerAssigner;
import io.crmventas.core.assignment.StaleAction;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.ConversationQuery;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadQuery;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.Qualification;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.notification.Notification;
import io.crmventas.core.notification.NotificationQuery;
import io.crmventas.core.notification.NotificationType;
import io.crmventas.core.scoring.LeadScored;
import io.crmventas.core.scoring.LeadScorer;
import io.crmventas.core.scoring.LeadScoringService;
import io.crmventas.core.scoring.LeadSignals;
import io.crmventas.core.scoring.LeadStatusChanged;
import io.crmventas.core.scoring.ScoreChange;
import io.crmventas.core.scoring.ScoreTrigger;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.testing.Interposed;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import io.crmventas.core.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sales engine (scoring service and seller assigner) on a store: behaviour and concurrency. */
public abstract class SalesEngineContract extends StoreContract {
  protected final List<DomainEvent> published = new CopyOnWriteArrayList<>();
  protected EventBus bus;
  protected LeadScoringService scoring;
  protected SellerAssigner assigner;

  @BeforeEach
  void setUpEngine() {
    bus = new EventBus().subscribe(DomainEvent.class, published::add);
    IdGenerator ids = IdGenerator.timeOrdered(clock);
    scoring = LeadScoringService.builder(store).clock(clock).ids(ids).events(bus).build();
    assigner = SellerAssigner.builder(store).clock(clock).ids(ids).events(bus).build().subscribeTo(bus);
  }

  private <E extends DomainEvent> List<E> events(Class<E> type) {
    return published.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private List<Notification> notificationsOf(UserId user) {
    return a.t.notifications().list(NotificationQuery.forRecipient(user), PageRequest.first(100)).items();
  }

  private AssignmentRule rule(String name, AssignmentStrategy strategy, CandidatePool pool, Optional<Duration> stale,
      StaleAction action, Set<LeadSource> sources) {
    return a.t.assignmentRules().create(new AssignmentRule(AssignmentRuleId.of(UUID.randomUUID()), a.id, name, 1, true,
        sources, new TreeSet<>(), Set.of(), strategy, pool, stale, action, clock.instant()));
  }

  // ---------------------------------------------------------------- scoring

  /** A Meta Ads lead who wrote five greetings and then {@code last}, in the last ten minutes. */
  private Lead metaLeadWhoWrote(String last) {
    Lead lead = a.t.leads().create(a.leadBuilder().source(LeadSource.META_ADS).build());
    Conversation c = a.conversation(lead);
    for (int i = 0; i < 6; i++) {
      a.t.conversations().append(a.inboundText(c, i == 5 ? last : "hola " + i, "w" + i,
          clock.instant().minusSeconds(600 - i)));
    }
    return lead;
  }

  @Test
  void rescoringStoresTheScoreKeepsHistoryAndPublishesOnlyChanges() {
    Lead lead = metaLeadWhoWrote("cuánto cuesta?");
    Conversation c = a.t.conversations().findByLead(lead.id(), Conversation.WHATSAPP).orElseThrow();
    LeadScore score = scoring.rescore(a.id, lead.id(), ScoreTrigger.INBOUND_MESSAGE);
    Lead stored = a.t.leads().find(lead.id()).orElseThrow();
    assertThat(stored.score()).contains(score);
    LeadScore expected = LeadScorer.builder().locale(java.util.Locale.forLanguageTag("es")).build().score(stored,
        LeadSignals.from(a.t.messages().latest(c.id(), 100), clock.instant()), clock.instant());
    assertThat(score).isEqualTo(expected);
    assertThat(score.factors()).extracting(f -> f.rule()).containsExactly("source", "engagement", "intent");
    List<ScoreChange> history = a.t.scoreHistory().forLead(lead.id());
    assertThat(history).hasSize(1);
    assertThat(history.get(0).oldScore()).isEmpty();
    assertThat(history.get(0).newScore()).isEqualTo(score);
    assertThat(history.get(0).trigger()).isEqualTo(ScoreTrigger.INBOUND_MESSAGE);
    assertThat(events(LeadScored.class)).hasSize(1);

    assertThat(scoring.rescore(a.id, lead.id(), ScoreTrigger.MANUAL)).isEqualTo(score);
    assertThat(a.t.scoreHistory().forLead(lead.id())).hasSize(1);
    assertThat(events(LeadScored.class)).hasSize(1);
  }

  @Test
  void recalculatingLetsScoresDecayWithTimeForOpenLeadsOnly() {
    Lead active = metaLeadWhoWrote("cuánto cuesta? es urgente");
    LeadScore fresh = scoring.rescore(a.id, active.id(), ScoreTrigger.INBOUND_MESSAGE);
    Lead closed = a.t.leads().create(a.leadBuilder().source(LeadSource.REFERRAL).build());
    scoring.rescore(a.id, closed.id(), ScoreTrigger.MANUAL);
    scoring.changeStatus(a.id, closed.id(), LeadStatus.LOST);
    LeadScore closedScore = a.t.leads().find(closed.id()).orElseThrow().score().orElseThrow();
    assertThat(scoring.recalculate(a.id)).as("nothing changed yet").isZero();

    clock.advance(Duration.ofDays(40));
    assertThat(scoring.recalculate(a.id)).isEqualTo(1);
    LeadScore decayed = a.t.leads().find(active.id()).orElseThrow().score().orElseThrow();
    assertThat(decayed.value()).isLessThan(fresh.value());
    assertThat(decayed.factors()).anySatisfy(f -> assertThat(f.points()).isEqualTo(-25));
    assertThat(a.t.scoreHistory().forLead(active.id())).extracting(ScoreChange::trigger)
        .contains(ScoreTrigger.RECALCULATION);
    assertThat(a.t.leads().find(closed.id()).orElseThrow().score()).contains(closedScore);
  }

  @Test
  void qualificationAndStatusChangesRescoreAndClosingFreesTheConversation() {
    Lead lead = a.lead();
    Conversation c = a.conversation(lead);
    scoring.rescore(a.id, lead.id(), ScoreTrigger.INBOUND_MESSAGE);
    int before = a.t.leads().find(lead.id()).orElseThrow().score().orElseThrow().value();

    Lead qualified = scoring.updateQualification(a.id, lead.id(), q -> q.withInterest(Qualification.Interest.HIGH)
        .withBudget("USD 2000"));
    assertThat(qualified.qualification().budget()).contains("USD 2000");
    assertThat(qualified.score().orElseThrow().value()).isEqualTo(before + 28);
    assertThat(a.t.scoreHistory().forLead(lead.id())).last().extracting(ScoreChange::trigger)
        .isEqualTo(ScoreTrigger.QUALIFICATION);

    Lead won = scoring.changeStatus(a.id, lead.id(), LeadStatus.WON);
    assertThat(won.status()).isEqualTo(LeadStatus.WON);
    assertThat(a.t.conversations().find(c.id()).orElseThrow().status()).isEqualTo(ConversationStatus.CLOSED);
    assertThat(events(LeadStatusChanged.class)).singleElement()
        .satisfies(e -> assertThat(e.to()).isEqualTo(LeadStatus.WON));
    assertThat(a.t.scoreHistory().forLead(lead.id())).last().extracting(ScoreChange::trigger)
        .isEqualTo(ScoreTrigger.STATUS_CHANGE);
  }

  @Test
  void concurrentRescoresAndEditsLoseNothing() throws Exception {
    Lead lead = a.lead();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        fs.add(pool.submit(() -> {
          if (n % 2 == 0) {
            scoring.updateQualification(a.id, lead.id(), q -> q.withNeed("need " + n));
          } else {
            scoring.changeStatus(a.id, lead.id(), n == 7 ? LeadStatus.QUALIFIED : LeadStatus.CONTACTED);
          }
          return scoring.rescore(a.id, lead.id(), ScoreTrigger.MANUAL);
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Lead last = a.t.leads().find(lead.id()).orElseThrow();
    LeadScore fresh = scoring.rescore(a.id, lead.id(), ScoreTrigger.MANUAL);
    assertThat(last.score()).contains(fresh);
    // Neither a rescore nor an edit wrote back a stale lead: a status and a need that were set stay.
    assertThat(last.status()).isIn(LeadStatus.CONTACTED, LeadStatus.QUALIFIED);
    assertThat(last.qualification().need()).hasValueSatisfying(n -> assertThat(n).isIn("need 0", "need 2", "need 4",
        "need 6"));
    // Each announced move starts where the previous one ended: together they are one path from
    // the first status to the last (no move announced twice, none from a status the lead had left).
    Map<LeadStatus, Integer> balance = new java.util.EnumMap<>(LeadStatus.class);
    for (LeadStatusChanged e : events(LeadStatusChanged.class)) {
      assertThat(e.from()).isNotEqualTo(e.to());
      balance.merge(e.from(), 1, Integer::sum);
      balance.merge(e.to(), -1, Integer::sum);
    }
    balance.values().removeIf(v -> v == 0);
    assertThat(balance).isEqualTo(Map.of(lead.status(), 1, last.status(), -1));
  }

  @Test
  void statusChangesAndMessagesOfOneLeadAtOnceNeverFail() throws Exception {
    // A message append writes the conversation, then the lead; a status change closing or
    // reopening the lead must take them in the same order, or the two deadlock.
    Lead lead = a.lead();
    Conversation c = a.conversation(lead);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int writer = w;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 30; i++) {
            // In a unit of work, as the inbound pipeline appends: a deadlock there is not retried
            // by the store, so it would fail this test.
            Message m = a.inboundText(c, "hola " + i, "wamid.race." + writer + "." + i, clock.instant());
            store.runInTransaction(tx -> tx.tenant(a.id).conversations().append(m));
          }
          return null;
        }));
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 15; i++) {
            scoring.changeStatus(a.id, lead.id(), i % 2 == 0 ? LeadStatus.WON : LeadStatus.CONTACTED);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.t.messages().list(c.id(), PageRequest.first(100)).items()).hasSize(90);
  }

  // ---------------------------------------------------------------- automatic assignment

  @Test
  void automaticAssignmentFollowsTheRuleRecordsWhyAndTellsTheSeller() {
    rule("Meta leads to setters", AssignmentStrategy.ROUND_ROBIN, CandidatePool.sellers(SellerKind.SETTER),
        Optional.empty(), StaleAction.REASSIGN, Set.of(LeadSource.META_ADS));
    Lead lead = a.t.leads().create(a.leadBuilder().name("Ana").source(LeadSource.META_ADS).build());
    Conversation c = a.conversation(lead);

    AssignmentOutcome outcome = assigner.assign(a.id, lead.id());
    assertThat(outcome).isInstanceOf(Assigned.class);
    Assigned assigned = (Assigned) outcome;
    assertThat(assigned.sellerId()).isEqualTo(a.seller1.id());
    Assignment history = a.t.assignments().history(lead.id()).get(0);
    assertThat(history).isEqualTo(assigned.assignment());
    assertThat(history.kind()).isEqualTo(AssignmentKind.AUTOMATIC);
    assertThat(history.ruleId()).isPresent();
    assertThat(history.explanation().rule()).isEqualTo("regla \"Meta leads to setters\"");
    assertThat(history.explanation().filters()).anySatisfy(f -> assertThat(f.removed())
        .anySatisfy(r -> assertThat(r.sellerId()).isEqualTo(a.seller2.id())));
    assertThat(a.t.leads().find(lead.id()).orElseThrow().assignedSellerId()).contains(a.seller1.id());
    assertThat(a.t.conversations().find(c.id()).orElseThrow().assignedSellerId()).contains(a.seller1.id());
    assertThat(events(LeadAssigned.class)).singleElement().extracting(LeadAssigned::assignment).isEqualTo(history);
    assertThat(notificationsOf(a.seller1.id())).singleElement().satisfies(n -> {
      assertThat(n.type()).isEqualTo(NotificationType.ASSIGNMENT);
      assertThat(n.title()).isEqualTo("Nuevo lead asignado");
      assertThat(n.message()).startsWith("Ana (" + lead.phone().orElseThrow() + ") ahora es tuyo.");
    });

    assertThat(assigner.assign(a.id, lead.id())).isInstanceOf(AssignmentOutcome.AlreadyAssigned.class);
    assertThat(a.t.assignments().history(lead.id())).hasSize(1);
  }

  /** Both sellers at a capacity of one, each with a lead: the next lead waits. Returns the two leads. */
  private List<Lead> sellersFull() {
    for (User s : List.of(a.seller1, a.seller2)) {
      var m = a.t.members().find(s.id()).orElseThrow();
      a.t.members().update(m.withSeller(m.seller().orElseThrow().withCapacity(1)));
    }
    List<Lead> leads = List.of(a.lead(), a.lead());
    for (Lead l : leads) {
      a.conversation(l);
      assertThat(assigner.assign(a.id, l.id())).isInstanceOf(Assigned.class);
    }
    return leads;
  }

  @Test
  void whenNobodyCanTakeALeadItIsQueuedTheCeoIsToldOnceAndItIsAssignedWhenRoomFrees() {
    Lead first = sellersFull().get(0);

    Lead waiting = a.lead();
    a.conversation(waiting);
    AssignmentOutcome q1 = assigner.assign(a.id, waiting.id());
    assertThat(q1).isInstanceOf(Queued.class);
    assertThat(((Queued) q1).explanation().summary()).contains("capacidad: 2");
    clock.advance(Duration.ofSeconds(1));
    assertThat(assigner.assign(a.id, waiting.id())).isInstanceOfSatisfying(Queued.class,
        q -> assertThat(q.entry().queuedAt()).as("keeps its place").isEqualTo(clock.instant().minusSeconds(1)));
    Lead alsoWaiting = a.lead();
    a.conversation(alsoWaiting);
    assertThat(assigner.assign(a.id, alsoWaiting.id())).isInstanceOf(Queued.class);
    assertThat(a.t.assignmentQueue().size()).isEqualTo(2);
    assertThat(events(LeadQueued.class)).hasSize(2);
    assertThat(notificationsOf(a.ceo.id())).filteredOn(n -> n.type() == NotificationType.ASSIGNMENT_QUEUED).hasSize(2);

    // Closing a lead frees its seller; the oldest queued lead gets them.
    UserId freed = a.t.leads().find(first.id()).orElseThrow().assignedSellerId().orElseThrow();
    scoring.changeStatus(a.id, first.id(), LeadStatus.LOST);
    assertThat(a.t.leads().find(waiting.id()).orElseThrow().assignedSellerId()).contains(freed);
    assertThat(a.t.leads().find(alsoWaiting.id()).orElseThrow().assignedSellerId()).isEmpty();
    assertThat(a.t.assignmentQueue().oldestFirst(10)).extracting(q -> q.leadId()).containsExactly(alsoWaiting.id());
  }

  @Test
  void roomThatFreesUpWithoutALeadClosingGoesToTheOldestQueuedLeadNotToANewOne() {
    sellersFull();
    Lead waiting = a.lead();
    a.conversation(waiting);
    assertThat(assigner.assign(a.id, waiting.id())).isInstanceOf(Queued.class);
    // Room frees up without any lead closing: a seller's capacity is raised.
    var m = a.t.members().find(a.seller1.id()).orElseThrow();
    a.t.members().update(m.withSeller(m.seller().orElseThrow().withCapacity(2)));
    Lead newcomer = a.lead();
    a.conversation(newcomer);
    assertThat(assigner.assign(a.id, newcomer.id())).isInstanceOf(Queued.class);
    assertThat(a.t.leads().find(waiting.id()).orElseThrow().assignedSellerId()).contains(a.seller1.id());
    assertThat(a.t.assignmentQueue().oldestFirst(10)).extracting(q -> q.leadId()).containsExactly(newcomer.id());
  }

  @Test
  void aLeadWithAConversationOnEachOfTwoChannelsNeedsRoomForBoth() {
    for (User s : List.of(a.seller1, a.seller2)) {
      var m = a.t.members().find(s.id()).orElseThrow();
      a.t.members().update(m.withSeller(m.seller().orElseThrow().withCapacity(2)));
    }
    Lead one = a.lead();
    a.conversation(one);
    assertThat(assigner.assignTo(a.id, one.id(), a.seller1.id(), a.ceo.id())).isNotNull();
    Lead twoChannels = a.lead();
    a.conversation(twoChannels);
    a.t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), a.id, twoChannels.id(),
        "instagram", Optional.empty(), clock.instant()));
    // Seller 1 has 1 of 2: the lead's two conversations would make 3. Seller 2 has room for both.
    assertThat(assigner.assign(a.id, twoChannels.id())).isInstanceOfSatisfying(Assigned.class,
        x -> assertThat(x.assignment().sellerId()).contains(a.seller2.id()));
    Lead another = a.lead();
    a.conversation(another);
    a.t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), a.id, another.id(),
        "instagram", Optional.empty(), clock.instant()));
    AssignmentOutcome q = assigner.assign(a.id, another.id());
    assertThat(q).isInstanceOfSatisfying(Queued.class,
        x -> assertThat(x.explanation().summary()).isNotBlank());
    assertThatThrownBy(() -> assigner.assignTo(a.id, another.id(), a.seller1.id(), a.seller1.id()))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.rule()).isEqualTo("seller.capacity"));
    for (User s : List.of(a.seller1, a.seller2)) {
      assertThat(a.t.conversations().count(new ConversationQuery(Optional.of(s.id()), false,
          Optional.of(ConversationStatus.OPEN), false, Optional.empty()))).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void theFairnessCapKeepsASellerFromMoreLeadsInTheWindowUntilItMovesOn() {
    var t = a.tenant();
    store.tenants().update(t.withSettings(t.settings().with(AssignmentSettings.FAIRNESS_CAP, 1)
        .with(AssignmentSettings.FAIRNESS_WINDOW, Duration.ofHours(1))));
    List<Lead> leads = List.of(a.lead(), a.lead(), a.lead());
    leads.forEach(a::conversation);
    assertThat(assigner.assign(a.id, leads.get(0).id())).isInstanceOf(Assigned.class);
    assertThat(assigner.assign(a.id, leads.get(1).id())).isInstanceOf(Assigned.class);
    assertThat(List.of(leads.get(0), leads.get(1))).extracting(l -> a.t.leads().find(l.id()).orElseThrow()
        .assignedSellerId().orElseThrow()).doesNotHaveDuplicates();
    // Both sellers had a lead within the hour: the third waits, and the explanation names the cap.
    assertThat(assigner.assign(a.id, leads.get(2).id())).isInstanceOfSatisfying(Queued.class,
        q -> assertThat(q.explanation().filters()).anySatisfy(f -> assertThat(f.removed()).hasSize(2)));
    // Nor may a seller take it for themselves; a CEO may still give it.
    assertThatThrownBy(() -> assigner.assignTo(a.id, leads.get(2).id(), a.seller1.id(), a.seller1.id()))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.rule()).isEqualTo("seller.fairness"));
    clock.advance(Duration.ofMinutes(61));
    assertThat(assigner.processQueue(a.id)).singleElement().isInstanceOf(Assigned.class);
  }

  @Test
  void everyKindOfAssignmentIsAnnouncedWithItsKindAndPreviousSeller() {
    Lead lead = a.lead();
    a.conversation(lead);
    assigner.assignTo(a.id, lead.id(), a.seller1.id(), a.ceo.id());
    assigner.reassign(a.id, lead.id(), a.seller2.id(), "vacaciones", a.ceo.id());
    Lead taken = a.lead();
    a.conversation(taken);
    assigner.assignTo(a.id, taken.id(), a.seller1.id(), a.seller1.id());
    assertThat(events(LeadAssigned.class)).extracting(e -> e.assignment().kind(), e -> e.assignment().sellerId(),
        e -> e.assignment().previousSellerId()).containsExactly(
            org.assertj.core.groups.Tuple.tuple(AssignmentKind.MANUAL, Optional.of(a.seller1.id()), Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(AssignmentKind.REASSIGNMENT, Optional.of(a.seller2.id()),
                Optional.of(a.seller1.id())),
            org.assertj.core.groups.Tuple.tuple(AssignmentKind.SELF, Optional.of(a.seller1.id()), Optional.empty()));
  }

  @Test
  void aQueuedLeadClosedAndReopenedWaitsAgainAndGetsTheNextRoom() {
    Lead first = sellersFull().get(0);
    Lead waiting = a.lead();
    a.conversation(waiting);
    assertThat(assigner.assign(a.id, waiting.id())).isInstanceOf(Queued.class);
    scoring.changeStatus(a.id, waiting.id(), LeadStatus.LOST);
    assertThat(a.t.assignmentQueue().size()).isZero();
    scoring.changeStatus(a.id, waiting.id(), LeadStatus.CONTACTED);
    assertThat(a.t.assignmentQueue().oldestFirst(10)).extracting(q -> q.leadId()).containsExactly(waiting.id());
    UserId freed = a.t.leads().find(first.id()).orElseThrow().assignedSellerId().orElseThrow();
    scoring.changeStatus(a.id, first.id(), LeadStatus.LOST);
    assertThat(a.t.leads().find(waiting.id()).orElseThrow().assignedSellerId()).contains(freed);
  }

  @Test
  void reopeningALeadOpensItsConversationsAgain() {
    Lead lead = a.lead();
    Conversation c = a.conversation(lead);
    scoring.changeStatus(a.id, lead.id(), LeadStatus.LOST);
    assertThat(a.t.conversations().find(c.id()).orElseThrow().status()).isEqualTo(ConversationStatus.CLOSED);
    scoring.changeStatus(a.id, lead.id(), LeadStatus.CONTACTED);
    assertThat(a.t.conversations().find(c.id()).orElseThrow().status()).isEqualTo(ConversationStatus.OPEN);
  }

  @Test
  void aLeadClosedWhileItWaitsLeavesTheQueueAndIsNeverGivenToASeller() {
    Lead first = sellersFull().get(0);
    Lead discarded = a.lead();
    a.conversation(discarded);
    assertThat(assigner.assign(a.id, discarded.id())).isInstanceOf(Queued.class);

    scoring.changeStatus(a.id, discarded.id(), LeadStatus.DISCARDED);
    assertThat(a.t.assignmentQueue().size()).isZero();
    // Room frees up: nobody is waiting, and the closed lead is not given to anyone.
    scoring.changeStatus(a.id, first.id(), LeadStatus.LOST);
    assertThat(a.t.leads().find(discarded.id()).orElseThrow().assignedSellerId()).isEmpty();
    assertThat(assigner.assign(a.id, discarded.id())).isInstanceOf(AssignmentOutcome.Closed.class);
    assertThatThrownBy(() -> assigner.assignTo(a.id, discarded.id(), a.seller1.id(), a.ceo.id()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("closed");
    assertThat(a.t.assignments().history(discarded.id())).isEmpty();
  }

  // ---------------------------------------------------------------- manual assignment and reassignment

  @Test
  void ceosAssignAnyoneSellersOnlyThemselves() {
    Lead byCeo = a.lead();
    Assigned manual = assigner.assignTo(a.id, byCeo.id(), a.seller2.id(), a.ceo.id());
    assertThat(manual.assignment().kind()).isEqualTo(AssignmentKind.MANUAL);
    assertThat(manual.assignment().assignedBy()).contains(a.ceo.id());

    Lead taken = a.lead();
    Assigned self = assigner.assignTo(a.id, taken.id(), a.seller1.id(), a.seller1.id());
    assertThat(self.assignment().kind()).isEqualTo(AssignmentKind.SELF);
    assertThat(notificationsOf(a.seller1.id())).as("nobody needs telling they took a lead").isEmpty();

    Lead other = a.lead();
    assertThatThrownBy(() -> assigner.assignTo(a.id, other.id(), a.seller2.id(), a.seller1.id()))
        .isInstanceOf(ForbiddenException.class);
    User secretary = a.member("Secretary", Role.SECRETARY);
    assertThatThrownBy(() -> assigner.assignTo(a.id, other.id(), a.seller2.id(), secretary.id()))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> assigner.assignTo(a.id, byCeo.id(), a.seller1.id(), a.ceo.id()))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.rule()).isEqualTo("lead.assigned"));
    var b = anotherTenant();
    assertThatThrownBy(() -> assigner.assignTo(a.id, other.id(), b.seller1.id(), a.ceo.id()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("sellerId"));
    assertThat(a.t.leads().find(other.id()).orElseThrow().assignedSellerId()).isEmpty();
    // A seller learns a lead is taken, not by whom; the CEO does.
    assertThatThrownBy(() -> assigner.assignTo(a.id, byCeo.id(), a.seller1.id(), a.seller1.id()))
        .isInstanceOf(ConflictException.class).hasMessageNotContaining(a.seller2.id().toString());
    assertThatThrownBy(() -> assigner.assignTo(a.id, byCeo.id(), a.seller1.id(), a.ceo.id()))
        .hasMessageContaining(a.seller2.id().toString());
  }

  @Test
  void formerMembersStrangersAndUnknownTenantsAssignNothingAndLearnNothing() {
    Lead lead = a.lead();
    User formerCeo = a.member("Former Ceo", Role.CEO);
    a.deactivate(formerCeo.id());
    a.deactivate(a.seller2.id());
    var b = anotherTenant();
    String[] messages = new String[3];
    int i = 0;
    for (UserId actor : List.of(formerCeo.id(), a.seller2.id(), b.ceo.id())) {
      Throwable self = org.assertj.core.api.Assertions.catchThrowable(
          () -> assigner.assignTo(a.id, lead.id(), actor, actor));
      assertThat(self).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> assigner.assignTo(a.id, lead.id(), a.seller1.id(), actor))
          .isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> assigner.reassign(a.id, lead.id(), a.seller1.id(), "x", actor))
          .isInstanceOf(ForbiddenException.class);
      messages[i++] = self.getMessage().replace(actor.toString(), "<actor>");
    }
    assertThat(messages).as("a former member and a stranger get the same answer").containsOnly(messages[0]);
    assertThatThrownBy(() -> assigner.assignTo(TestData.newTenantId(), lead.id(), a.seller1.id(), a.ceo.id()))
        .isInstanceOf(ForbiddenException.class);
    // A non-CEO is refused before their reason is looked at.
    assertThatThrownBy(() -> assigner.reassign(a.id, lead.id(), a.seller1.id(), " ", a.seller1.id()))
        .isInstanceOf(ForbiddenException.class);
    assertThat(a.t.leads().find(lead.id()).orElseThrow().assignedSellerId()).isEmpty();
    assertThat(a.t.assignments().history(lead.id())).isEmpty();
    assertThat(notificationsOf(a.seller1.id())).isEmpty();
  }

  @Test
  void aSellerCannotTakeMoreThanTheirCapacityButTheCeoCanGiveIt() {
    var m = a.t.members().find(a.seller1.id()).orElseThrow();
    a.t.members().update(m.withSeller(m.seller().orElseThrow().withCapacity(1)));
    Lead one = a.lead();
    a.conversation(one);
    assigner.assignTo(a.id, one.id(), a.seller1.id(), a.seller1.id());
    Lead two = a.lead();
    assertThatThrownBy(() -> assigner.assignTo(a.id, two.id(), a.seller1.id(), a.seller1.id()))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.rule()).isEqualTo("seller.capacity"));
    Assigned forced = assigner.assignTo(a.id, two.id(), a.seller1.id(), a.ceo.id());
    assertThat(forced.assignment().explanation().summary()).contains("1 de 1");
  }

  @Test
  void reassignmentNeedsACeoAndAReasonAndTellsEveryone() {
    User otherCeo = a.member("Other Ceo", Role.CEO);
    Lead lead = a.t.leads().create(a.leadBuilder().name("Beto").build());
    assigner.assignTo(a.id, lead.id(), a.seller1.id(), a.ceo.id());

    assertThatThrownBy(() -> assigner.reassign(a.id, lead.id(), a.seller2.id(), "vacaciones", a.seller1.id()))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> assigner.reassign(a.id, lead.id(), a.seller2.id(), "  ", a.ceo.id()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("reason"));
    assertThatThrownBy(() -> assigner.reassign(a.id, lead.id(), a.seller1.id(), "x", a.ceo.id()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("newSellerId"));
    assertThatThrownBy(() -> assigner.reassign(a.id, a.lead().id(), a.seller1.id(), "x", a.ceo.id()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("leadId"));

    Assigned moved = assigner.reassign(a.id, lead.id(), a.seller2.id(), "Seller One está de vacaciones", a.ceo.id());
    Assignment r = moved.assignment();
    assertThat(r.kind()).isEqualTo(AssignmentKind.REASSIGNMENT);
    assertThat(r.previousSellerId()).contains(a.seller1.id());
    assertThat(r.reason()).contains("Seller One está de vacaciones");
    assertThat(a.t.assignments().history(lead.id())).extracting(Assignment::kind)
        .containsExactly(AssignmentKind.MANUAL, AssignmentKind.REASSIGNMENT);
    assertThat(notificationsOf(a.seller2.id())).extracting(Notification::title).containsExactly("Nuevo lead asignado");
    assertThat(notificationsOf(a.seller1.id())).extracting(Notification::title)
        .contains("Lead pasado a otro vendedor");
    assertThat(notificationsOf(otherCeo.id())).extracting(Notification::message)
        .containsExactly("Beto (" + lead.phone().orElseThrow() + ") pasó de Seller One a Seller Two: Seller One está de vacaciones");
    assertThat(notificationsOf(a.ceo.id())).as("the CEO who did it is not told").isEmpty();
  }

  // ---------------------------------------------------------------- stale assignments

  @Test
  void aSellerDeactivatedWhileTheMembersAreCachedIsNotGivenLeads() {
    a.away(a.seller2.id());
    SellerAssigner caching = SellerAssigner.builder(store).clock(clock).events(bus).configTtl(Duration.ofMinutes(5))
        .build();
    Lead first = a.lead();
    assertThat(((Assigned) caching.assign(a.id, first.id())).sellerId()).isEqualTo(a.seller1.id());
    // Deactivated while the assigner still holds the members it read for the first lead.
    a.deactivate(a.seller1.id());
    Lead second = a.lead();
    assertThat(caching.assign(a.id, second.id())).isInstanceOf(Queued.class);
    assertThat(a.t.leads().find(second.id()).orElseThrow().assignedSellerId()).isEmpty();
  }

  @Test
  void anAssignmentsNoticesAreStoredWithItBeforeAnythingIsAnnounced() {
    // What the seller's notifications hold at the moment the assignment is first announced (right
    // after its unit commits): a process that died then would still have told them.
    List<Integer> storedWhenAnnounced = new CopyOnWriteArrayList<>();
    List<DomainEvent> announced = new CopyOnWriteArrayList<>();
    io.crmventas.core.event.EventPublisher watching = e -> {
      if (e instanceof LeadAssigned la && announced.isEmpty()) {
        storedWhenAnnounced.add(notificationsOf(la.assignment().sellerId().orElseThrow()).size());
      }
      announced.add(e);
    };
    SellerAssigner watched = SellerAssigner.builder(store).clock(clock).events(watching).build();
    Lead lead = a.lead();
    a.conversation(lead);
    UserId seller = ((Assigned) watched.assign(a.id, lead.id())).sellerId();
    assertThat(storedWhenAnnounced).containsExactly(1);
    assertThat(notificationsOf(seller)).singleElement()
        .satisfies(n -> assertThat(n.type()).isEqualTo(NotificationType.ASSIGNMENT));
    // Its live announcement still follows the commit.
    assertThat(announced).filteredOn(e -> e.getClass().getSimpleName().equals("NotificationCreated")).hasSize(1);
  }

  @Test
  void aSellerWhoDoesNotAnswerLosesTheLeadToTheNextCandidate() {
    rule("answer in 30 minutes", AssignmentStrategy.ROUND_ROBIN, CandidatePool.ALL_SELLERS,
        Optional.of(Duration.ofMinutes(30)), StaleAction.REASSIGN, Set.of());
    Lead lead = a.lead();
    a.conversation(lead);
    UserId first = ((Assigned) assigner.assign(a.id, lead.id())).sellerId();
    UserId second = first.equals(a.seller1.id()) ? a.seller2.id() : a.seller1.id();

    clock.advance(Duration.ofMinutes(29));
    assertThat(assigner.handleStale(a.id)).isEmpty();
    clock.advance(Duration.ofMinutes(2));
    List<AssignmentOutcome> handled = assigner.handleStale(a.id);
    assertThat(handled).singleElement().isInstanceOfSatisfying(Assigned.class, as -> {
      assertThat(as.sellerId()).isEqualTo(second);
      assertThat(as.assignment().kind()).isEqualTo(AssignmentKind.STALE);
      assertThat(as.assignment().previousSellerId()).contains(first);
    });
    assertThat(assigner.handleStale(a.id)).as("the new seller's clock starts now").isEmpty();
    assertThat(notificationsOf(first)).extracting(Notification::title).contains("Lead pasado a otro vendedor");
  }

  @Test
  void aRuleSwitchedOffNoLongerMovesTheLeadsItAssigned() {
    AssignmentRule r = rule("answer in 30 minutes", AssignmentStrategy.ROUND_ROBIN, CandidatePool.ALL_SELLERS,
        Optional.of(Duration.ofMinutes(30)), StaleAction.REASSIGN, Set.of());
    Lead lead = a.lead();
    a.conversation(lead);
    UserId first = ((Assigned) assigner.assign(a.id, lead.id())).sellerId();
    a.t.assignmentRules().update(new AssignmentRule(r.id(), r.tenantId(), r.name(), r.priority(), false, r.sources(),
        r.tags(), r.bands(), r.strategy(), r.pool(), r.staleAfter(), r.staleAction(), r.createdAt()));
    clock.advance(Duration.ofMinutes(31));
    assertThat(a.t.assignments().findStale(clock.instant())).isEmpty();
    assertThat(assigner.handleStale(a.id)).isEmpty();
    assertThat(a.t.leads().find(lead.id()).orElseThrow().assignedSellerId()).contains(first);
  }

  @Test
  void aStaleLeadNobodyElseCanTakeKeepsItsSellerAndDoesNotWaitInTheQueue() {
    rule("answer in 30 minutes", AssignmentStrategy.ROUND_ROBIN, CandidatePool.ALL_SELLERS,
        Optional.of(Duration.ofMinutes(30)), StaleAction.REASSIGN, Set.of());
    Lead lead = a.lead();
    a.conversation(lead);
    UserId first = ((Assigned) assigner.assign(a.id, lead.id())).sellerId();
    UserId other = first.equals(a.seller1.id()) ? a.seller2.id() : a.seller1.id();
    var m = a.t.members().find(other).orElseThrow();
    a.t.members().update(m.withSeller(m.seller().orElseThrow().withCapacity(0)));
    clock.advance(Duration.ofMinutes(31));
    long version = a.t.leads().find(lead.id()).orElseThrow().version();
    assertThat(assigner.handleStale(a.id)).singleElement().isInstanceOf(AssignmentOutcome.Escalated.class);
    assertThat(a.t.leads().find(lead.id()).orElseThrow().assignedSellerId()).contains(first);
    assertThat(a.t.assignmentQueue().find(lead.id())).isEmpty();
    // Nothing about the lead changed, so it is not written (every run would otherwise make
    // concurrent writers of the lead try again).
    assertThat(a.t.leads().find(lead.id()).orElseThrow().version()).isEqualTo(version);
  }

  @Test
  void escalationTellsTheCeoOnceWhateverTheNumberOfRuns() {
    rule("escalate after 15 minutes", AssignmentStrategy.LEAST_LOADED, CandidatePool.ALL_SELLERS,
        Optional.of(Duration.ofMinutes(15)), StaleAction.ESCALATE, Set.of());
    Lead lead = a.lead();
    a.conversation(lead);
    UserId seller = ((Assigned) assigner.assign(a.id, lead.id())).sellerId();
    clock.advance(Duration.ofMinutes(16));
    assertThat(assigner.handleStale(a.id)).singleElement().isInstanceOf(AssignmentOutcome.Escalated.class);
    assertThat(assigner.handleStale(a.id)).hasSize(1);
    assertThat(notificationsOf(a.ceo.id())).filteredOn(n -> n.type() == NotificationType.ESCALATION).hasSize(1);
    assertThat(a.t.leads().find(lead.id()).orElseThrow().assignedSellerId()).contains(seller);
    assertThat(published.stream().filter(e -> e.getClass().getSimpleName().equals("AssignmentEscalated"))).hasSize(1);
  }

  @Test
  void aStaleLeadThatFailsDoesNotHoldBackTheOthers() {
    rule("answer in 30 minutes", AssignmentStrategy.ROUND_ROBIN, CandidatePool.ALL_SELLERS,
        Optional.of(Duration.ofMinutes(30)), StaleAction.REASSIGN, Set.of());
    Lead failing = a.lead();
    Lead fine = a.lead();
    a.conversation(failing);
    a.conversation(fine);
    assigner.assign(a.id, failing.id());
    assigner.assign(a.id, fine.id());
    clock.advance(Duration.ofMinutes(31));
    // The real store, failing whenever the first lead is locked.
    CrmStore breaking = Interposed.tenantViews(store, t -> Interposed.results(TenantStore.class, t,
        (n, r) -> !n.equals("leads") ? r : Interposed.calls(io.crmventas.core.lead.LeadStore.class, r, (m, args) -> {
          if (m.equals("lock") && failing.id().equals(args[0])) {
            throw new IllegalStateException("simulated store failure");
          }
        })));
    List<AssignmentOutcome> handled = SellerAssigner.builder(breaking).clock(clock).events(bus).build()
        .handleStale(a.id);
    assertThat(handled).singleElement().isInstanceOfSatisfying(Assigned.class,
        as -> assertThat(as.leadId()).isEqualTo(fine.id()));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(StaleAction.class)
  void aSellerWhoAnswersAfterTheStaleListWasReadKeepsTheLeadAndNobodyIsAlarmed(StaleAction action) {
    rule("answer in 30 minutes", AssignmentStrategy.ROUND_ROBIN, CandidatePool.ALL_SELLERS,
        Optional.of(Duration.ofMinutes(30)), action, Set.of());
    Lead lead = a.lead();
    Conversation c = a.conversation(lead);
    UserId seller = ((Assigned) assigner.assign(a.id, lead.id())).sellerId();
    clock.advance(Duration.ofMinutes(31));
    // The real store, with the seller's answer committed right after the stale list is read.
    CrmStore answeredMeanwhile = Interposed.tenantViews(store, t -> Interposed.results(TenantStore.class, t,
        (n, r) -> !n.equals("assignments") ? r : Interposed.results(AssignmentStore.class, r, (m, value) -> {
          if (m.equals("findStale")) {
            assertThat((List<?>) value).hasSize(1);
            a.t.conversations().append(a.reply(c, Author.SELLER, Optional.of(seller), "¡Hola! Te cuento", a.now()));
          }
          return value;
        })));
    SellerAssigner racing = SellerAssigner.builder(answeredMeanwhile).clock(clock).events(bus).build();
    published.clear();

    assertThat(racing.handleStale(a.id)).isEmpty();
    assertThat(a.t.leads().find(lead.id()).orElseThrow().assignedSellerId()).contains(seller);
    assertThat(notificationsOf(a.ceo.id())).filteredOn(n -> n.type() == NotificationType.ESCALATION).isEmpty();
    assertThat(published).noneMatch(e -> e instanceof LeadAssigned || e instanceof AssignmentEscalated);
  }

  // ---------------------------------------------------------------- concurrency and fairness

  @Test
  void concurrentAssignmentsNeverDoubleAssignOrExceedCapacity() throws Exception {
    List<UserId> sellers = new ArrayList<>();
    for (User s : List.of(a.seller1, a.seller2)) {
      var m = a.t.members().find(s.id()).orElseThrow();
      a.t.members().update(m.withSeller(m.seller().orElseThrow().withCapacity(10)));
      sellers.add(s.id());
    }
    for (int i = 0; i < 3; i++) {
      sellers.add(a.seller("Extra " + i, SellerProfile.of(SellerKind.CLOSER, 10)).id());
    }
    List<LeadId> leads = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Lead l = a.lead();
      a.conversation(l);
      leads.add(l.id());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<AssignmentOutcome>> fs = new ArrayList<>();
      for (LeadId id : leads) {
        for (int dup = 0; dup < 2; dup++) {
          fs.add(pool.submit(() -> {
            start.await();
            return assigner.assign(a.id, id);
          }));
        }
      }
      start.countDown();
      int assigned = 0;
      for (Future<AssignmentOutcome> f : fs) {
        assigned += f.get() instanceof Assigned ? 1 : 0;
      }
      assertThat(assigned).as("50 places for 60 leads, each asked for twice").isEqualTo(50);
    } finally {
      pool.shutdownNow();
    }
    Map<UserId, Integer> perSeller = new HashMap<>();
    Set<LeadId> seen = new HashSet<>();
    for (LeadId id : leads) {
      List<Assignment> h = a.t.assignments().history(id);
      assertThat(h.size()).as("lead %s assigned at most once", id).isLessThanOrEqualTo(1);
      h.forEach(x -> perSeller.merge(x.sellerId().orElseThrow(), 1, Integer::sum));
      if (!h.isEmpty()) {
        seen.add(id);
      }
    }
    assertThat(seen).hasSize(50);
    assertThat(perSeller.values()).allSatisfy(n -> assertThat(n).isEqualTo(10));
    assertThat(a.t.assignmentQueue().size()).isEqualTo(10);
    assertThat(a.t.leads().count(LeadQuery.builder().unassignedOnly().build())).isEqualTo(10);
  }

  @Test
  void roundRobinOverEqualSellersKeepsTheSpreadWithinOne() throws Exception {
    rule("round robin", AssignmentStrategy.ROUND_ROBIN, CandidatePool.ALL_SELLERS, Optional.empty(),
        StaleAction.REASSIGN, Set.of());
    List<UserId> sellers = new ArrayList<>(List.of(a.seller1.id(), a.seller2.id()));
    for (int i = 0; i < 4; i++) {
      sellers.add(a.seller("RR " + i, SellerProfile.of(SellerKind.CLOSER, 1000)).id());
    }
    List<LeadId> leads = new ArrayList<>();
    for (int i = 0; i < 41; i++) {
      leads.add(a.lead().id());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<AssignmentOutcome>> fs = new ArrayList<>();
      for (LeadId id : leads) {
        fs.add(pool.submit(() -> {
          clock.advance(Duration.ofMillis(1));
          return assigner.assign(a.id, id);
        }));
      }
      for (Future<AssignmentOutcome> f : fs) {
        assertThat(f.get()).isInstanceOf(Assigned.class);
      }
    } finally {
      pool.shutdownNow();
    }
    Map<UserId, Long> counts = new HashMap<>();
    sellers.forEach(s -> counts.put(s, a.t.leads().count(LeadQuery.builder().assignedTo(s).build())));
    long max = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long min = counts.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    assertThat(max - min).as("spread of %s", counts).isLessThanOrEqualTo(1);
  }
}
