package io.crmventas.core.assignment;

import io.crmventas.core.ConflictException;
import io.crmventas.core.ForbiddenException;
import io.crmventas.core.IdGenerator;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.RetriableException;
import io.crmventas.core.assignment.AssignmentDecider.Decision;
import io.crmventas.core.assignment.AssignmentDecider.Match;
import io.crmventas.core.assignment.AssignmentOutcome.AlreadyAssigned;
import io.crmventas.core.assignment.AssignmentOutcome.Assigned;
import io.crmventas.core.assignment.AssignmentOutcome.Escalated;
import io.crmventas.core.assignment.AssignmentOutcome.Queued;
import io.crmventas.core.assignment.AssignmentStore.SellerLock;
import io.crmventas.core.conversation.ConversationQuery;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.event.EventPublisher;
import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.notification.Notification;
import io.crmventas.core.notification.Notifier;
import io.crmventas.core.scoring.LeadStatusChanged;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.TenantSettings;
import io.crmventas.core.tenant.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives leads to sellers: automatically by the tenant's rules, manually (a CEO, or a seller
 * taking an unassigned lead), by reassignment (a CEO, with a reason), and away from sellers who
 * do not answer in time. Every decision is explained and kept in the assignment history,
 * publishes {@link LeadAssigned} and tells the people concerned.
 *
 * <p><b>Concurrency.</b> Each assignment is one unit of work that locks the lead's conversations
 * and then the lead (so a lead is never assigned twice; the order appends and status changes
 * take them too) and then the chosen seller (so a seller never goes over
 * capacity or the fairness limit). A seller another unit holds is skipped, and if the seller's
 * workload changed since it was read the decision is made again; on PostgreSQL this holds
 * across threads and nodes. Thread-safe.
 */
public final class SellerAssigner {
  private static final Logger LOG = LoggerFactory.getLogger(SellerAssigner.class);
  private static final int DECISION_ATTEMPTS = 50;
  private static final int UNIT_ATTEMPTS = 5;
  /** Short waits inside a unit for sellers other units hold, before it lets go of the lead. */
  private static final int BUSY_IN_UNIT = 3;
  /** Units tried again, after a wait outside them, while the sellers stay busy (about a second). */
  private static final int BUSY_UNITS = 15;

  /**
   * Every candidate is held by other units: this unit rolls back (letting go of the lead and its
   * connection) and is tried again after a wait outside it.
   */
  private static final class SellersBusy extends RetriableException {
    SellersBusy(String message) {
      super(message, null);
    }
  }

  private final CrmStore store;
  private final Clock clock;
  private final IdGenerator ids;
  private final EventPublisher events;
  private final Notifier notifier;
  private final AssignmentNotices notices;
  private final Duration configTtl;
  private final ConcurrentHashMap<TenantId, CachedConfig> configs =
      new ConcurrentHashMap<>();

  private SellerAssigner(Builder b) {
    this.store = b.store;
    this.clock = b.clock;
    this.ids = b.ids;
    this.events = b.events;
    this.notifier = b.notifier != null ? b.notifier : new Notifier(store, clock, ids, events);
    this.notices = new AssignmentNotices(store, notifier);
    this.configTtl = b.configTtl;
  }

  public static Builder builder(CrmStore store) {
    return new Builder(store);
  }

  /** What a unit of work did; {@code notices}: what it wrote to tell people, announced after it commits. */
  private record Result(AssignmentOutcome outcome, boolean newlyQueued, List<Notification> notices) {
    Result(AssignmentOutcome outcome, boolean newlyQueued) {
      this(outcome, newlyQueued, List.of());
    }
  }

  /**
   * Runs {@code work} as one unit of work, retried when it loses a race, with the notices of what
   * it did written in the same unit: once an assignment commits, its notices are stored too.
   */
  private Result unit(Tenant tenant, java.util.function.Function<CrmStore, Result> work) {
    return retrying(() -> store.inTransaction(tx -> {
      Result r = work.apply(tx);
      return new Result(r.outcome(), r.newlyQueued(), notices.write(tx, tenant, r.outcome(), r.newlyQueued()));
    }));
  }

  /**
   * Assigns an unassigned lead by the tenant's rules, or queues it (and tells the CEO) when
   * nobody can take it now. A lead that already has a seller is left alone, and so is a closed one
   * (won, lost or discarded: {@code Closed}); either leaves the queue.
   *
   * <p>Leads already waiting go first: before deciding this one, up to {@value #QUEUE_AHEAD} of the
   * oldest queued leads are tried again (each in its own unit of work, stopping after three in a
   * row still find no room), so room that freed up since they were queued goes to them and not to
   * a newer lead.
   *
   * @throws NotFoundException if the tenant or lead does not exist
   */
  public AssignmentOutcome assign(TenantId tenantId, LeadId leadId) {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(leadId, "leadId");
    Tenant tenant = tenant(tenantId);
    List<QueuedLead> ahead = store.tenant(tenantId).assignmentQueue().oldestFirst(QUEUE_AHEAD + 1);
    List<QueuedLead> before = new ArrayList<>();
    for (QueuedLead q : ahead) {
      if (q.leadId().equals(leadId)) {
        break;   // those queued after this lead wait behind it
      }
      before.add(q);
    }
    tryQueued(tenantId, before.subList(0, Math.min(QUEUE_AHEAD, before.size())), new ArrayList<>(), true);
    return assignOne(tenant, leadId);
  }

  /** How many queued leads {@link #assign} tries before a lead that is not among them. */
  public static final int QUEUE_AHEAD = 10;

  private AssignmentOutcome assignOne(Tenant tenant, LeadId leadId) {
    TenantId tenantId = tenant.id();
    Result r = unit(tenant, tx -> {
      TenantStore t = tx.tenant(tenantId);
      Locked locked = lockLead(t, leadId);
      Lead lead = locked.lead();
      int incoming = locked.openConversations();
      if (lead.assignedSellerId().isPresent()) {
        t.assignmentQueue().remove(leadId);
        return new Result(new AlreadyAssigned(lead), false);
      }
      if (!lead.status().isOpen()) {
        // Closed while it waited in the queue (or never open): no seller is given a closed lead.
        t.assignmentQueue().remove(leadId);
        return new Result(new AssignmentOutcome.Closed(lead), false);
      }
      return decideAndGive(t, tenant, lead, Set.of(), AssignmentKind.AUTOMATIC, incoming);
    });
    afterCommit(tenant, r);
    return r.outcome();
  }

  /**
   * Tries to assign every queued lead (up to 1,000), oldest first. Call it when capacity frees up
   * without a lead closing (a conversation closed, a seller came back or was added, a capacity
   * raised, working hours began): a scheduled job should, every minute or so.
   * {@link #subscribeTo} does it when a lead closes, and {@link #assign} tries the oldest few
   * first.
   */
  public List<AssignmentOutcome> processQueue(TenantId tenantId) {
    List<AssignmentOutcome> out = new ArrayList<>();
    tryQueued(tenantId, store.tenant(tenantId).assignmentQueue().oldestFirst(1000), out, false);
    return out;
  }

  /** Queued leads in a row that still find no room before the pass ahead of a new lead stops. */
  private static final int WAITING_IN_A_ROW = 3;

  /**
   * Tries {@code queued}, oldest first. With {@code untilOneWaits} (the pass before a new lead),
   * stops after {@value #WAITING_IN_A_ROW} in a row stay queued or fail: most likely nobody has
   * room now, and a new lead's assignment should not wait on all of them (a lead waiting for a
   * pool that is full does not stop the pass for the leads behind it).
   */
  private void tryQueued(TenantId tenantId, List<QueuedLead> queued, List<AssignmentOutcome> out,
      boolean untilOneWaits) {
    if (queued.isEmpty()) {
      return;
    }
    Tenant tenant = tenant(tenantId);
    int waitingInARow = 0;
    for (QueuedLead q : queued) {
      try {
        AssignmentOutcome o = assignOne(tenant, q.leadId());
        out.add(o);
        waitingInARow = o instanceof Queued ? waitingInARow + 1 : 0;
        if (untilOneWaits && waitingInARow >= WAITING_IN_A_ROW) {
          return;
        }
      } catch (NotFoundException e) {
        store.tenant(tenantId).assignmentQueue().remove(q.leadId());
      } catch (RuntimeException e) {
        // One lead that cannot be assigned now (busy sellers, a store hiccup) does not hold back
        // the rest; it stays queued for the next run.
        LOG.warn("tenant={} queued lead {} not assigned this time: {}", tenantId, q.leadId(), e.toString());
        if (untilOneWaits && ++waitingInARow >= WAITING_IN_A_ROW) {
          return;
        }
      }
    }
  }

  /**
   * Processes the queue whenever a lead closes (its seller has room again), and assigns a lead
   * reopened without a seller (a queued lead leaves the queue when it closes, so it would
   * otherwise wait for nobody).
   */
  public SellerAssigner subscribeTo(EventBus bus) {
    bus.subscribe(LeadStatusChanged.class, e -> {
      if (!e.to().isOpen()) {
        processQueue(e.tenantId());
      } else if (!e.from().isOpen()) {
        assign(e.tenantId(), e.leadId());
      }
    });
    return this;
  }

  /**
   * Gives an unassigned lead to {@code sellerId}, decided by {@code actorId}: a CEO may give it to
   * any active seller (even over capacity; the explanation says so); a seller may take it for
   * themselves if they have room.
   *
   * @throws ForbiddenException if the actor may not do this
   * @throws InvalidInputException if the lead is closed (won, lost or discarded)
   * @throws ConflictException if the lead already has a seller ({@code lead.assigned}), or a
   *     seller taking it for themselves is at capacity ({@code seller.capacity}) or at the
   *     tenant's fairness cap ({@code seller.fairness})
   */
  public Assigned assignTo(TenantId tenantId, LeadId leadId, UserId sellerId, UserId actorId) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(actorId, "actorId");
    Tenant tenant = tenantOf(tenantId, actorId);
    Result r = unit(tenant, tx -> {
      TenantStore t = tx.tenant(tenantId);
      Membership actor = activeMember(t, actorId, "actorId");
      boolean self = actorId.equals(sellerId);
      if (actor.role() != Role.CEO && !(self && actor.seller().isPresent())) {
        throw new ForbiddenException("only a CEO can assign a lead to someone else; a seller can only take a lead"
            + " for themselves");
      }
      Locked locked = lockLead(t, leadId);
      Lead lead = locked.lead();
      int incoming = Math.max(1, locked.openConversations());
      if (!lead.status().isOpen()) {
        throw new InvalidInputException("leadId", leadId, "is closed (" + lead.status() + "); reopen it to assign it");
      }
      if (lead.assignedSellerId().isPresent()) {
        // Who has it is the CEO's to know, not another seller's.
        throw new ConflictException("lead.assigned", "lead " + leadId + " is already assigned"
            + (actor.role() == Role.CEO ? " to " + lead.assignedSellerId().get() : "")
            + "; a CEO can reassign it with a reason");
      }
      Membership seller = seller(t, sellerId);
      boolean selfTaken = self && actor.role() != Role.CEO;
      AssignmentDecider.Context ctx = context(tenant);
      // A seller taking a lead for themselves stays within the fairness cap, as automatic ones do.
      Optional<Instant> windowStart = selfTaken && ctx.fairnessCap() > 0
          ? Optional.of(ctx.now().minus(ctx.fairnessWindow())) : Optional.empty();
      SellerWorkload w = lockedWorkload(t, sellerId, windowStart);
      Stamp stamp = stamp();
      int capacity = seller.seller().orElseThrow().capacity();
      AssignmentExplanation why;
      if (selfTaken) {
        if (w.openConversations() + incoming > capacity) {
          throw new ConflictException("seller.capacity", "seller " + sellerId + " has " + w.openConversations()
              + " of " + capacity + " open conversations" + (incoming > 1 ? " and the lead brings " + incoming : ""));
        }
        if (windowStart.isPresent() && w.assignedInWindow() >= ctx.fairnessCap()) {
          throw new ConflictException("seller.fairness", "seller " + sellerId + " received " + w.assignedInWindow()
              + " leads in the last " + ctx.fairnessWindow().toMinutes() + " minutes (limit " + ctx.fairnessCap() + ")");
        }
        why = AssignmentExplanation.manual(sellerId, texts(tenant).get("summary.self"));
      } else {
        why = AssignmentExplanation.manual(sellerId, w.openConversations() + incoming > capacity
            ? texts(tenant).get("summary.manual.over", w.openConversations(), capacity)
            : texts(tenant).get("summary.manual"));
      }
      AssignmentKind kind = selfTaken ? AssignmentKind.SELF : AssignmentKind.MANUAL;
      return new Result(give(t, lead, sellerId, stamp, kind, Optional.empty(), Optional.empty(), Optional.of(actorId),
          Optional.empty(), why), false);
    });
    afterCommit(tenant, r);
    return (Assigned) r.outcome();
  }

  /**
   * Moves an assigned lead to another seller, decided by a CEO with a reason. The new seller,
   * the previous one and the other CEOs are told.
   *
   * @throws ForbiddenException if the actor is not a CEO
   * @throws InvalidInputException if the reason is blank, the lead has no seller, or the new
   *     seller is not an active seller or already has it
   */
  public Assigned reassign(TenantId tenantId, LeadId leadId, UserId newSellerId, String reason, UserId actorId) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(newSellerId, "newSellerId");
    Objects.requireNonNull(actorId, "actorId");
    Tenant tenant = tenantOf(tenantId, actorId);
    Result r = unit(tenant, tx -> {
      TenantStore t = tx.tenant(tenantId);
      Membership actor = activeMember(t, actorId, "actorId");
      if (actor.role() != Role.CEO) {
        throw new ForbiddenException("only a CEO can reassign a lead");
      }
      String why = Check.text("reason", reason, 1000);
      Lead lead = lockAfterConversations(t, leadId);
      if (!lead.status().isOpen()) {
        throw new InvalidInputException("leadId", leadId, "is closed (" + lead.status() + "); reopen it to reassign it");
      }
      UserId current = lead.assignedSellerId().orElseThrow(() -> new InvalidInputException("leadId", leadId,
          "has no seller; assign it instead of reassigning"));
      if (current.equals(newSellerId)) {
        throw new InvalidInputException("newSellerId", newSellerId, "already has lead " + leadId);
      }
      seller(t, newSellerId);
      lockedWorkload(t, newSellerId, Optional.empty());
      return new Result(give(t, lead, newSellerId, stamp(), AssignmentKind.REASSIGNMENT, Optional.empty(),
          Optional.of(current),
          Optional.of(actorId),
          Optional.of(why), AssignmentExplanation.manual(newSellerId,
              Check.clip(texts(tenant).get("summary.reassigned", why), AssignmentExplanation.MAX_SUMMARY))),
          false);
    });
    afterCommit(tenant, r);
    return (Assigned) r.outcome();
  }

  /**
   * Handles leads whose seller has not answered within their rule's limit: by the rule, the lead
   * moves to the next candidate (or, if nobody can take it, the CEO is told) or the CEO is told.
   * Idempotent: the CEO hears of each stale assignment once. A scheduled job calls this. Each lead
   * is checked again before it is handled (a seller who answered since the list was read keeps
   * it, unannounced); one that fails (busy sellers, a store error) is logged and left for the next
   * run, and the rest are handled.
   */
  public List<AssignmentOutcome> handleStale(TenantId tenantId) {
    Tenant tenant = tenant(tenantId);
    List<AssignmentOutcome> out = new ArrayList<>();
    for (StaleAssignment s : store.tenant(tenantId).assignments().findStale(clock.instant())) {
      try {
        staleOne(tenant, s).ifPresent(out::add);
      } catch (RuntimeException e) {
        // One lead that cannot be handled now (busy sellers, a store hiccup) does not hold back
        // the rest; it is still stale at the next run.
        LOG.warn("tenant={} stale lead {} not handled this time: {}", tenantId, s.leadId(), e.toString());
      }
    }
    return out;
  }

  private Optional<AssignmentOutcome> staleOne(Tenant tenant, StaleAssignment s) {
    TenantId tenantId = tenant.id();
    if (s.action() == StaleAction.REASSIGN) {
      // Decided again under the lead's lock: the list was read before, and since then the seller
      // may have answered, or the lead closed or moved. A reply needs the lead's row too, so it
      // either committed before the lock (and is seen) or waits for this unit.
      Result r = unit(tenant, tx -> {
        TenantStore t = tx.tenant(tenantId);
        Locked locked = lockLead(t, s.leadId());
        Lead lead = locked.lead();
        int incoming = locked.openConversations();
        if (!stillStale(t, lead, s)) {
          return new Result(new AlreadyAssigned(lead), false);
        }
        Result moved = decideAndGive(t, tenant, lead, Set.of(s.sellerId()), AssignmentKind.STALE, incoming);
        if (!(moved.outcome() instanceof Assigned)) {
          // Nobody else can take it: it keeps its seller, so it does not wait in the queue.
          t.assignmentQueue().remove(lead.id());
          return new Result(new Escalated(s), false);
        }
        return moved;
      });
      if (r.outcome() instanceof Assigned) {
        afterCommit(tenant, r);
        return Optional.of(r.outcome());
      }
      if (r.outcome() instanceof AlreadyAssigned) {
        return Optional.empty();
      }
    } else {
      // Only the CEOs are told, after this check: a fresh read (no lock, which would hold the
      // lead on every run until it is answered) is as good as it gets.
      TenantStore t = store.tenant(tenantId);
      Optional<Lead> lead = t.leads().find(s.leadId());
      if (lead.isEmpty() || !stillStale(t, lead.get(), s)) {
        return Optional.empty();
      }
    }
    if (notices.escalated(tenant, s)) {
      events.publish(new AssignmentEscalated(tenantId, s, clock.instant()));
    }
    return Optional.of(new Escalated(s));
  }

  /**
   * Whether {@code s} still holds for {@code lead} (locked, or freshly read): open, with the same seller by the
   * same assignment, and no seller message in any of its conversations since that assignment.
   */
  private static boolean stillStale(TenantStore t, Lead lead, StaleAssignment s) {
    if (!lead.status().isOpen() || !lead.assignedSellerId().equals(Optional.of(s.sellerId()))
        || !t.assignments().latest(s.leadId()).map(a -> a.id().equals(s.assignmentId())).orElse(false)) {
      return false;
    }
    ConversationQuery q = new ConversationQuery(Optional.empty(), false, Optional.empty(), false, Optional.of(lead.id()));
    return t.conversations().list(q, PageRequest.first(PageRequest.MAX_LIMIT)).items().stream()
        .noneMatch(c -> c.lastSellerMessageAt().filter(at -> !at.isBefore(s.assignedAt())).isPresent());
  }

  /** Locks the lead's conversations, then the lead: the order appends and status changes take them. */
  private static Lead lockAfterConversations(TenantStore t, LeadId leadId) {
    t.conversations().lockByLead(leadId);
    return t.leads().lock(leadId).orElseThrow(() -> new NotFoundException("lead", leadId));
  }

  /** A lead locked in a unit of work, and how many open conversations it would bring to a seller. */
  private record Locked(Lead lead, int openConversations) {}

  /**
   * Locks the lead's conversations, then the lead (the order appends and status changes take
   * them, so the units do not deadlock), and counts its open conversations once the lead is held:
   * a conversation opened after the first lock and before the second (a first message on another
   * channel, which holds the lead while it opens one) is counted too.
   */
  private static Locked lockLead(TenantStore t, LeadId leadId) {
    Lead lead = lockAfterConversations(t, leadId);
    long open = t.conversations().count(new ConversationQuery(Optional.empty(), false,
        Optional.of(ConversationStatus.OPEN), false, Optional.of(leadId)));
    return new Locked(lead, (int) open);
  }

  /** Decides within the unit of work and either gives the lead or queues it. */
  private Result decideAndGive(TenantStore t, Tenant tenant, Lead lead, Set<UserId> excluded, AssignmentKind kind,
      int incoming) {
    AssignmentDecider.Context ctx = context(tenant);
    Optional<Instant> windowStart = ctx.fairnessCap() > 0
        ? Optional.of(ctx.now().minus(ctx.fairnessWindow())) : Optional.empty();
    TenantConfig config = config(t);
    int busyRounds = 0;
    for (int attempt = 1; attempt <= DECISION_ATTEMPTS; attempt++) {
      Match match = AssignmentDecider.match(lead, config.rules());
      List<Membership> members = config.members().stream().filter(m -> m.role() == match.pool().role()).toList();
      List<UserId> ids = members.stream().map(Membership::userId).toList();
      Optional<Instant> performanceSince = match.needsPerformance(lead)
          ? Optional.of(ctx.now().minus(ctx.performancePeriod())) : Optional.empty();
      Map<UserId, SellerWorkload> workloads = t.assignments().workloads(ids, windowStart, performanceSince);
      Decision decision = AssignmentDecider.decide(lead, match, members, workloads, excluded, ctx, incoming);
      if (decision.ranking().isEmpty()) {
        AssignmentExplanation why = decision.explainNobody();
        QueuedLead entry = new QueuedLead(lead.id(), ctx.now(), why.summary());
        boolean fresh = t.assignmentQueue().enqueue(entry);
        if (fresh && kind != AssignmentKind.STALE) {
          // A new version of the lead: a status change that read it before this unit commits
          // fails on the version and is made again after, so it sees the queue entry (closing
          // the lead takes it out of the queue).
          t.leads().update(lead);
        }
        QueuedLead stored = fresh ? entry : t.assignmentQueue().find(lead.id()).orElse(entry);
        return new Result(new Queued(stored, why), fresh);
      }
      boolean raced = false;
      int busyAbove = 0;
      for (UserId seller : decision.ranking()) {
        // Stamp before locking: whoever then finds this seller locked stamps later than this.
        Stamp stamp = stamp();
        SellerLock lock = t.assignments().lockSeller(seller, workloads.get(seller));
        if (lock == SellerLock.BUSY) {
          busyAbove++;
          continue;
        }
        if (lock == SellerLock.CHANGED) {
          // The seller's load changed since the snapshot; the store let go of them at once, so
          // nobody skips a seller this unit will not use. Decide again on fresh figures.
          raced = true;
          break;
        }
        if (lock == SellerLock.UNAVAILABLE) {
          // Deactivated after the members were read (or cached): decide again on the members
          // as they are now.
          configs.remove(t.tenantId());
          config = config(t);
          raced = true;
          break;
        }
        Optional<UserId> previous = kind == AssignmentKind.STALE ? lead.assignedSellerId() : Optional.empty();
        return new Result(give(t, lead, seller, stamp, kind, match.rule().map(AssignmentRule::id), previous,
            Optional.empty(), Optional.empty(), decision.explain(seller, busyAbove)), false);
      }
      if (!raced) {
        busyRounds = waitInUnit(busyRounds, "the sellers who could take lead " + lead.id() + " are");
      }
    }
    throw new RetriableException("could not lock a seller for lead " + lead.id() + " after " + DECISION_ATTEMPTS
        + " attempts; sellers are busy with other assignments", null);
  }

  /**
   * A short wait for sellers other units hold; past {@value #BUSY_IN_UNIT} of them, the unit is
   * rolled back instead ({@link SellersBusy}), so that it does not sleep holding the lead.
   *
   * @return the busy rounds so far
   */
  private static int waitInUnit(int busyRounds, String what) {
    int rounds = busyRounds + 1;
    if (rounds > BUSY_IN_UNIT) {
      throw new SellersBusy(what + " busy with other assignments");
    }
    pause(rounds);
    return rounds;
  }

  /**
   * An assignment's id and time, taken just before the seller's lock is tried: winning the lock
   * is when its place in the round-robin rotation is decided, and any unit that then finds the
   * seller locked takes its own stamp later, so it always sorts after.
   */
  private record Stamp(AssignmentId id, Instant at) {}

  private Stamp stamp() {
    return new Stamp(AssignmentId.of(ids.next()), clock.instant());
  }

  private Assigned give(TenantStore t, Lead lead, UserId seller, Stamp stamp, AssignmentKind kind,
      Optional<AssignmentRuleId> rule, Optional<UserId> previous, Optional<UserId> by, Optional<String> reason,
      AssignmentExplanation why) {
    Lead updated = t.leads().assignSeller(lead, Optional.of(seller));
    t.conversations().assignLead(lead.id(), Optional.of(seller));
    Assignment a = t.assignments().record(new Assignment(stamp.id(), t.tenantId(), lead.id(),
        Optional.of(seller), previous, kind, rule, by, reason, why, stamp.at()));
    return new Assigned(a, updated);
  }

  /** Publishes what a committed unit did, and announces the notices it wrote. */
  private void afterCommit(Tenant tenant, Result r) {
    try {
      if (r.outcome() instanceof Assigned a) {
        events.publish(new LeadAssigned(a.assignment()));
      } else if (r.outcome() instanceof Queued q && r.newlyQueued()) {
        events.publish(new LeadQueued(tenant.id(), q.entry(), q.explanation()));
      }
    } catch (RuntimeException e) {
      LOG.warn("tenant={} lead={} publishing the assignment failed: {}", tenant.id(), r.outcome().leadId(), e.toString());
    }
    notices.announce(r.notices());
  }

  private SellerWorkload lockedWorkload(TenantStore t, UserId seller, Optional<Instant> windowStart) {
    int busyRounds = 0;
    for (int attempt = 1; ; attempt++) {
      SellerWorkload w = t.assignments().workloads(List.of(seller), windowStart, Optional.empty()).get(seller);
      SellerLock lock = t.assignments().lockSeller(seller, w);
      if (lock == SellerLock.LOCKED) {
        return w;
      }
      if (lock == SellerLock.UNAVAILABLE) {
        // Deactivated after this unit checked them.
        throw new InvalidInputException("sellerId", seller, "is not an active seller of tenant " + t.tenantId());
      }
      if (attempt >= DECISION_ATTEMPTS) {
        throw new RetriableException("seller " + seller + " is busy with other assignments", null);
      }
      if (lock == SellerLock.BUSY) {
        busyRounds = waitInUnit(busyRounds, "seller " + seller + " is");
      } else {
        pause(attempt); // CHANGED: their load moved; read it again in a moment
      }
    }
  }

  /**
   * The actor's active membership. One answer for a stranger and a former member, as the metrics
   * and notification services give: neither learns which they are.
   */
  private static Membership activeMember(TenantStore t, UserId user, String field) {
    return t.members().find(user).filter(Membership::active).orElseThrow(() -> notActive(t.tenantId(), user));
  }

  private static ForbiddenException notActive(TenantId tenant, UserId user) {
    return new ForbiddenException("user " + user + " is not an active member of tenant " + tenant);
  }

  /** The tenant an actor works in; an unknown one is refused as the actor's, not reported missing. */
  private Tenant tenantOf(TenantId tenantId, UserId actor) {
    try {
      return tenant(tenantId);
    } catch (NotFoundException e) {
      throw notActive(tenantId, actor);
    }
  }

  private static Membership seller(TenantStore t, UserId seller) {
    Membership m = t.members().find(seller).orElseThrow(() -> new InvalidInputException("sellerId", seller,
        "is not a member of tenant " + t.tenantId()));
    if (!m.active() || m.seller().isEmpty()) {
      throw new InvalidInputException("sellerId", seller, "is not an active seller of tenant " + t.tenantId());
    }
    return m;
  }

  private AssignmentDecider.Context context(Tenant tenant) {
    TenantSettings s = tenant.settings();
    return new AssignmentDecider.Context(tenant, clock.instant(), s.get(AssignmentSettings.FAIRNESS_CAP),
        s.get(AssignmentSettings.FAIRNESS_WINDOW), s.get(AssignmentSettings.PERFORMANCE_MIN_SAMPLE),
        s.get(AssignmentSettings.PERFORMANCE_PERIOD));
  }

  private static io.crmventas.core.internal.Texts texts(Tenant tenant) {
    return io.crmventas.core.internal.Texts.of(AssignmentDecider.TEXTS, tenant.locale());
  }

  private Tenant tenant(TenantId id) {
    Objects.requireNonNull(id, "tenantId");
    CachedConfig cached = configTtl.isZero() ? null : configs.get(id);
    if (cached != null && cached.fresh(clock.instant())) {
      return cached.config().tenant();
    }
    return store.tenants().find(id).orElseThrow(() -> new NotFoundException("tenant", id));
  }

  /** A tenant's assignment configuration: who may sell, and the rules. */
  private record TenantConfig(Tenant tenant, List<AssignmentRule> rules, List<Membership> members) {}

  private record CachedConfig(TenantConfig config, Instant until) {
    boolean fresh(Instant now) {
      return now.isBefore(until);
    }
  }

  /**
   * The tenant's rules and members, read in {@code t}'s unit of work, or cached for
   * {@code configTtl} when the builder asked for caching.
   */
  private TenantConfig config(TenantStore t) {
    Instant now = clock.instant();
    if (!configTtl.isZero()) {
      CachedConfig cached = configs.get(t.tenantId());
      if (cached != null && cached.fresh(now)) {
        return cached.config();
      }
    }
    Tenant tenant = store.tenants().find(t.tenantId()).orElseThrow(() -> new NotFoundException("tenant", t.tenantId()));
    TenantConfig config = new TenantConfig(tenant, t.assignmentRules().list(), t.members().list());
    if (!configTtl.isZero()) {
      configs.put(t.tenantId(), new CachedConfig(config, now.plus(configTtl)));
    }
    return config;
  }

  /**
   * Runs a unit of work again when it lost a race (deadlock, serialization failure), or, after a
   * growing wait outside it, when the sellers it needed were all busy (up to about a second).
   */
  private static <T> T retrying(java.util.function.Supplier<T> unit) {
    int busy = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        return unit.get();
      } catch (SellersBusy e) {
        busy++;
        attempt--; // not a lost race
        if (busy >= BUSY_UNITS) {
          throw new RetriableException(e.getMessage() + "; tried " + busy + " times", null);
        }
        try {
          Thread.sleep(Math.min(100, 10L * busy));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new RetriableException("interrupted while waiting for a seller", ie);
        }
      } catch (RetriableException e) {
        if (attempt >= UNIT_ATTEMPTS) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(20, attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("interrupted while waiting for a seller", e);
    }
  }

  /** Configures the assigner. */
  public static final class Builder {
    private final CrmStore store;
    private Clock clock = Clock.systemUTC();
    private IdGenerator ids;
    private EventPublisher events = EventPublisher.none();
    private Notifier notifier;
    private Duration configTtl = Duration.ZERO;

    private Builder(CrmStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public Builder ids(IdGenerator value) {
      ids = Objects.requireNonNull(value, "ids");
      return this;
    }

    public Builder events(EventPublisher value) {
      events = Objects.requireNonNull(value, "events");
      return this;
    }

    /** How people are told (by default a notifier on the same store, clock and events). */
    public Builder notifier(Notifier value) {
      notifier = Objects.requireNonNull(value, "notifier");
      return this;
    }

    /**
     * Keeps each tenant's assignment configuration (the tenant, its rules and members) for up to
     * {@code ttl} between assignments instead of reading it every time (default zero: always
     * read). A change to rules, roles, profiles (capacity, skills, away) or working hours, or to
     * the tenant's fairness settings, then takes effect within {@code ttl}; a deactivated seller
     * is never given a lead. The sellers' loads (open conversations, assignments in the fairness
     * window, the last assignment for rotation) never come from this cache: they are read, and
     * checked under the seller's lock, every time.
     */
    public Builder configTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new InvalidInputException("configTtl", ttl, "must be between zero and 10 minutes");
      }
      configTtl = ttl;
      return this;
    }

    public SellerAssigner build() {
      if (ids == null) {
        ids = IdGenerator.timeOrdered(clock);
      }
      return new SellerAssigner(this);
    }
  }
}
