package io.crmventas.core.scoring;

import io.crmventas.core.ConflictException;
import io.crmventas.core.IdGenerator;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationQuery;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.event.EventPublisher;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadQuery;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.Qualification;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps leads' scores current: rescores a lead from its recent messages on every inbound
 * message, qualification update and status change, stores the score with the lead and, when
 * it changes, an entry in the score history (old, new, why) in the same unit of work, then
 * publishes {@link LeadScored}.
 *
 * <p>Concurrent changes to a lead are retried (the store's optimistic version check), so a
 * score is never written over a newer lead. Thread-safe.
 */
public final class LeadScoringService {
  private static final Logger LOG = LoggerFactory.getLogger(LeadScoringService.class);
  private static final int ATTEMPTS = 30;
  private static final int MESSAGES_READ = 200;

  private final CrmStore store;
  private final Clock clock;
  private final IdGenerator ids;
  private final EventPublisher events;
  private final List<ScoringRule> rules;
  private final List<String> texts;
  private final ConcurrentHashMap<TenantId, CachedScorer> scorers = new ConcurrentHashMap<>();

  private record CachedScorer(Tenant tenant, LeadScorer scorer) {}

  private LeadScoringService(Builder b) {
    this.store = b.store;
    this.clock = b.clock;
    this.ids = b.ids;
    this.events = b.events;
    this.rules = List.copyOf(b.rules);
    this.texts = List.copyOf(b.texts);
  }

  public static Builder builder(CrmStore store) {
    return new Builder(store);
  }

  /**
   * Scores the lead again and stores the result. Returns the lead's score afterwards.
   *
   * @throws NotFoundException if the tenant or the lead does not exist
   */
  public LeadScore rescore(TenantId tenantId, LeadId leadId, ScoreTrigger trigger) {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(trigger, "trigger");
    LeadScorer scorer = scorer(tenantId);
    TenantStore t = store.tenant(tenantId);
    for (int attempt = 1; ; attempt++) {
      Instant now = clock.instant();
      Lead lead = t.leads().find(leadId).orElseThrow(() -> new NotFoundException("lead", leadId));
      LeadScore score = scorer.score(lead, LeadSignals.from(recentMessages(t, leadId, now), now), now);
      Optional<LeadScore> old = lead.score();
      if (old.isPresent() && old.get().value() == score.value() && old.get().band() == score.band()
          && old.get().factors().equals(score.factors())) {
        return old.get();
      }
      boolean changed = old.isEmpty() || old.get().value() != score.value() || old.get().band() != score.band();
      try {
        store.runInTransaction(tx -> {
          TenantStore tt = tx.tenant(tenantId);
          tt.leads().update(lead.withScore(score));
          if (changed) {
            tt.scoreHistory().record(new ScoreChange(ScoreChangeId.of(ids.next()), tenantId, leadId,
                old.map(LeadScore::value), old.map(LeadScore::band), score, trigger, score.scoredAt()));
          }
        });
      } catch (ConflictException e) {
        if (attempt >= ATTEMPTS || !"lead.version".equals(e.rule())) {
          throw e;
        }
        backOff(attempt);
        continue;
      }
      if (changed) {
        events.publish(new LeadScored(tenantId, leadId, old, score, trigger, score.scoredAt()));
      }
      return score;
    }
  }

  /**
   * Rescores every open lead of the tenant ({@link ScoreTrigger#RECALCULATION}): scores lose
   * what time takes away (activity that left the last day, week or month, a long silence), which
   * no message triggers, so a scheduled job should call this (daily, say). Leads are taken a page
   * at a time; one that fails is logged and left for the next run.
   *
   * @return how many leads' score or band changed
   */
  public int recalculate(TenantId tenantId) {
    Objects.requireNonNull(tenantId, "tenantId");
    TenantStore t = store.tenant(tenantId);
    LeadQuery open = LeadQuery.builder().status(java.util.Arrays.stream(LeadStatus.values())
        .filter(LeadStatus::isOpen).toArray(LeadStatus[]::new)).build();
    int changed = 0;
    Optional<PageRequest> page = Optional.of(PageRequest.first(RECALCULATION_PAGE));
    while (page.isPresent()) {
      Page<Lead> leads = t.leads().list(open, page.get());
      for (Lead lead : leads.items()) {
        try {
          Optional<LeadScore> before = lead.score();
          LeadScore after = rescore(tenantId, lead.id(), ScoreTrigger.RECALCULATION);
          if (before.isEmpty() || before.get().value() != after.value() || before.get().band() != after.band()) {
            changed++;
          }
        } catch (NotFoundException gone) {
          // deleted since the page was read
        } catch (RuntimeException e) {
          LOG.warn("tenant={} lead={} not recalculated this time: {}", tenantId, lead.id(), e.toString());
        }
      }
      page = leads.next(RECALCULATION_PAGE);
    }
    return changed;
  }

  private static final int RECALCULATION_PAGE = 200;

  /**
   * Changes what is known of the lead's intent (the assistant's or a seller's findings) and
   * rescores it. The change is stored first; a rescore that fails after it is logged, not thrown
   * (the change stands, and the score catches up at the lead's next rescore).
   */
  public Lead updateQualification(TenantId tenantId, LeadId leadId, UnaryOperator<Qualification> change) {
    Objects.requireNonNull(change, "change");
    modify(tenantId, leadId, (t, l) -> l.withQualification(change.apply(l.qualification())));
    rescoreAfter(tenantId, leadId, ScoreTrigger.QUALIFICATION);
    return store.tenant(tenantId).leads().find(leadId).orElseThrow();
  }

  /**
   * Moves the lead in the funnel and rescores it. Closing a lead (won, lost, discarded) also
   * closes its open conversations, which frees its seller's capacity, and takes it out of the
   * assignment queue; reopening a closed lead opens its conversations again. The move is stored and
   * announced first; a rescore that fails after it is logged, not thrown (the move stands, and
   * the score catches up at the lead's next rescore).
   */
  public Lead changeStatus(TenantId tenantId, LeadId leadId, LeadStatus status) {
    Objects.requireNonNull(status, "status");
    TenantStore t = store.tenant(tenantId);
    // Decided on the version the update writes (a concurrent change may have moved the lead since
    // any earlier read): the event's "from" is the status this change replaced, and a lead already
    // in the status is left alone, announced once.
    java.util.concurrent.atomic.AtomicReference<LeadStatus> from = new java.util.concurrent.atomic.AtomicReference<>();
    Lead after = modify(tenantId, leadId, (tx, l) -> {
      from.set(l.status());
      if (l.status() == status) {
        return l;
      }
      if (!status.isOpen()) {
        moveConversations(tx, leadId, ConversationStatus.OPEN, ConversationStatus.CLOSED);
        // A closed lead no longer waits for a seller.
        tx.assignmentQueue().remove(leadId);
      } else if (!l.status().isOpen()) {
        // Reopened: its conversations are live again (alerts, the seller's load).
        moveConversations(tx, leadId, ConversationStatus.CLOSED, ConversationStatus.OPEN);
      }
      return l.withStatus(status, clock.instant());
    });
    if (from.get() == status) {
      return after;
    }
    events.publish(new LeadStatusChanged(tenantId, leadId, from.get(), status, after.statusChangedAt()));
    rescoreAfter(tenantId, leadId, ScoreTrigger.STATUS_CHANGE);
    return t.leads().find(leadId).orElseThrow();
  }

  /** A rescore following a change already committed: its failure must not look like the change's. */
  private void rescoreAfter(TenantId tenantId, LeadId leadId, ScoreTrigger trigger) {
    try {
      rescore(tenantId, leadId, trigger);
    } catch (RuntimeException e) {
      LOG.warn("tenant={} lead={} rescore after {} failed; the change is stored and the score catches up at the"
          + " next rescore: {}", tenantId, leadId, trigger, e.toString());
    }
  }

  // A lead's conversations are locked (in id order) before they are written, then the lead: the
  // order assignments and appends take them too, so the units do not deadlock.
  private static void moveConversations(TenantStore t, LeadId leadId, ConversationStatus from, ConversationStatus to) {
    for (Conversation c : t.conversations().lockByLead(leadId)) {
      if (c.status() == from) {
        t.conversations().setStatus(c.id(), to);
      }
    }
  }

  /**
   * Applies {@code change} to the stored lead in one unit of work (the change gets the unit's
   * tenant store for related writes), retrying on concurrent changes and on a unit that lost a
   * race (a deadlock).
   */
  private Lead modify(TenantId tenantId, LeadId leadId, BiFunction<TenantStore, Lead, Lead> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return store.inTransaction(tx -> {
          TenantStore t = tx.tenant(tenantId);
          // Read, not locked: the conversations are written before the lead, in the order a
          // message append takes them. A unit that changed the lead (or queued it: that bumps its
          // version too) since this read makes the update fail on the version, and the change
          // is made again on what that unit committed.
          Lead lead = t.leads().find(leadId).orElseThrow(() -> new NotFoundException("lead", leadId));
          Lead changed = change.apply(t, lead);
          // Unchanged: nothing to write (and no new version for concurrent writers to trip on).
          return changed == lead ? lead : t.leads().update(changed);
        });
      } catch (ConflictException e) {
        if (attempt >= ATTEMPTS || !"lead.version".equals(e.rule())) {
          throw e;
        }
        backOff(attempt);
      } catch (io.crmventas.core.RetriableException e) {
        // The unit lost a race and was rolled back (on PostgreSQL, a deadlock with a lead's
        // message that filled in the lead before writing its conversation): nothing was
        // published, so it is made again.
        if (attempt >= ATTEMPTS || e instanceof io.crmventas.core.StoreUnavailableException) {
          throw e;
        }
        backOff(attempt);
      }
    }
  }

  /** Waits a random moment that grows with the attempt, so competing writers spread out. */
  private static void backOff(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 + Math.min(20, 2 * attempt)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.crmventas.core.RetriableException("interrupted while retrying a lead update", e);
    }
  }

  /** The lead's messages of the last 30 days, all channels. */
  private static List<Message> recentMessages(TenantStore t, LeadId leadId, Instant now) {
    List<Message> out = new ArrayList<>();
    ConversationQuery q = new ConversationQuery(Optional.empty(), false, Optional.empty(), false, Optional.of(leadId));
    Instant since = now.minus(Duration.ofDays(30));
    for (Conversation c : t.conversations().list(q, PageRequest.first(20)).items()) {
      if (c.lastMessageAt().map(at -> at.isAfter(since)).orElse(false)) {
        out.addAll(t.messages().latest(c.id(), MESSAGES_READ));
      }
    }
    return out;
  }

  /** The scorer for the tenant's current settings and language. */
  LeadScorer scorer(TenantId tenantId) {
    Tenant tenant = store.tenants().find(tenantId).orElseThrow(() -> new NotFoundException("tenant", tenantId));
    CachedScorer cached = scorers.get(tenantId);
    if (cached != null && cached.tenant().settings().equals(tenant.settings())
        && cached.tenant().locale().equals(tenant.locale())) {
      return cached.scorer();
    }
    LeadScorer.Builder builder = LeadScorer.builder().rules(rules).settings(tenant.settings())
        .locale(Locale.forLanguageTag(tenant.locale().getLanguage()));
    texts.forEach(builder::texts);
    LeadScorer scorer = builder.build();
    scorers.put(tenantId, new CachedScorer(tenant, scorer));
    return scorer;
  }

  /** Configures the service. */
  public static final class Builder {
    private final CrmStore store;
    private Clock clock = Clock.systemUTC();
    private IdGenerator ids;
    private EventPublisher events = EventPublisher.none();
    private List<ScoringRule> rules = StandardRules.all();
    private final List<String> texts = new java.util.ArrayList<>();

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

    /** The scoring rules (the standard ones by default). */
    public Builder rules(List<ScoringRule> value) {
      rules = List.copyOf(value);
      return this;
    }

    /** Another resource bundle with the reason texts of custom rules ({@link LeadScorer.Builder#texts}). */
    public Builder texts(String bundleBaseName) {
      texts.add(Objects.requireNonNull(bundleBaseName, "bundleBaseName"));
      return this;
    }

    public LeadScoringService build() {
      if (ids == null) {
        ids = IdGenerator.timeOrdered(clock);
      }
      return new LeadScoringService(this);
    }
  }
}
