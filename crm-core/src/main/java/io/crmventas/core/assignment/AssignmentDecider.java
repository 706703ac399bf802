package io.crmventas.core.assignment;

import io.crmventas.core.assignment.AssignmentExplanation.Filter;
import io.crmventas.core.assignment.AssignmentExplanation.Ranked;
import io.crmventas.core.assignment.AssignmentExplanation.Removal;
import io.crmventas.core.internal.Texts;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides who should take a lead, without side effects: finds the tenant's rule for the lead,
 * filters the rule's candidate pool (active, working now, under capacity, under the fairness
 * limit...), ranks who is left with the rule's strategy, and explains every step.
 *
 * <p>The same inputs always give the same decision. Ties are broken first by round robin
 * (whoever waited longest for a lead), then by a hash of the lead and seller ids that differs
 * for every lead, so no seller is favoured by id or seniority.
 */
public final class AssignmentDecider {
  static final String TEXTS = "io.crmventas.core.assignment.AssignmentTexts";

  private AssignmentDecider() {}

  /** The rule for a lead, or the fallback, and so its strategy and pool. */
  public record Match(Optional<AssignmentRule> rule, AssignmentStrategy strategy, CandidatePool pool) {
    /** Whether ranking needs sellers' conversion rates (they cost the most to read). */
    public boolean needsPerformance(Lead lead) {
      return strategy == AssignmentStrategy.BEST_PERFORMER
          || (strategy == AssignmentStrategy.SCORE_AWARE && isHot(lead));
    }
  }

  /**
   * The first active rule (in the given order: ascending priority) whose conditions the lead
   * meets; with none, least loaded among all sellers.
   */
  public static Match match(Lead lead, List<AssignmentRule> rules) {
    for (AssignmentRule r : rules) {
      if (r.active() && matches(r, lead)) {
        return new Match(Optional.of(r), r.strategy(), r.pool());
      }
    }
    return new Match(Optional.empty(), AssignmentStrategy.LEAST_LOADED, CandidatePool.ALL_SELLERS);
  }

  static boolean matches(AssignmentRule r, Lead lead) {
    if (!r.sources().isEmpty() && !r.sources().contains(lead.source())) {
      return false;
    }
    if (!r.tags().isEmpty() && r.tags().stream().noneMatch(lead.tags()::contains)) {
      return false;
    }
    return r.bands().isEmpty() || lead.score().map(s -> r.bands().contains(s.band())).orElse(false);
  }

  private static boolean isHot(Lead lead) {
    return lead.score().map(s -> s.band() == ScoreBand.HOT).orElse(false);
  }

  /** What a decision needs to know about the moment and the tenant. */
  public record Context(Tenant tenant, Instant now, int fairnessCap, Duration fairnessWindow, int minSample,
      Duration performancePeriod) {}

  /**
   * Filters and ranks {@code members} (the tenant's members with the pool's role) for
   * {@code lead}.
   *
   * @param workloads the members' workloads; a member missing from it counts as idle
   * @param excluded members who may not take it this time (a seller who let it go stale)
   */
  public static Decision decide(Lead lead, Match match, List<Membership> members, Map<UserId, SellerWorkload> workloads,
      Set<UserId> excluded, Context ctx) {
    return decide(lead, match, members, workloads, excluded, ctx, 1);
  }

  /**
   * Like {@link #decide(Lead, Match, List, Map, Set, Context)} for a lead that brings
   * {@code incoming} open conversations to its seller (one per channel it wrote on): a seller
   * qualifies only if their open conversations and these stay within their capacity. A lead with
   * none still needs room for one.
   */
  public static Decision decide(Lead lead, Match match, List<Membership> members, Map<UserId, SellerWorkload> workloads,
      Set<UserId> excluded, Context ctx, int incoming) {
    int brings = Math.max(1, incoming);
    Texts texts = Texts.of(TEXTS, ctx.tenant().locale());
    List<Membership> all = new ArrayList<>(members);
    all.sort(Comparator.comparing(Membership::userId));
    Function<UserId, SellerWorkload> load = id -> workloads.getOrDefault(id, SellerWorkload.idle(id));
    List<Filter> filters = new ArrayList<>();
    List<Membership> left = all;

    left = apply(filters, texts, "filter.active", left, Membership::active, m -> texts.get("removal.active"));
    left = apply(filters, texts, "filter.profile", left, m -> m.seller().isPresent(), m -> texts.get("removal.profile"));
    CandidatePool pool = match.pool();
    if (pool.kind().isPresent()) {
      SellerKind kind = pool.kind().get();
      left = apply(filters, texts, "filter.kind", left, m -> profile(m).kind() == kind,
          m -> texts.get("removal.kind", texts.get("kind." + profile(m).kind()), texts.get("kinds." + kind)));
    }
    if (!pool.requiredSkills().isEmpty()) {
      left = apply(filters, texts, "filter.skills", left, m -> profile(m).skills().containsAll(pool.requiredSkills()),
          m -> {
            TreeSet<String> missing = new TreeSet<>(pool.requiredSkills());
            missing.removeAll(profile(m).skills());
            return texts.get("removal.skills", String.join(", ", missing), missing.size());
          });
    }
    left = apply(filters, texts, "filter.away", left, m -> !profile(m).away(), m -> texts.get("removal.away"));
    var localNow = ctx.now().atZone(ctx.tenant().timeZone());
    left = apply(filters, texts, "filter.hours", left, m -> profile(m).workingHours().isWorking(localNow),
        m -> texts.get("removal.hours", profile(m).workingHours().toString()));
    left = apply(filters, texts, "filter.capacity", left,
        m -> load.apply(m.userId()).openConversations() + brings <= profile(m).capacity(),
        m -> brings == 1 ? texts.get("removal.capacity", load.apply(m.userId()).openConversations(), profile(m).capacity())
            : texts.get("removal.capacity.brings", load.apply(m.userId()).openConversations(), profile(m).capacity(),
                brings));
    if (ctx.fairnessCap() > 0) {
      left = apply(filters, texts, "filter.fairness", left,
          m -> load.apply(m.userId()).assignedInWindow() < ctx.fairnessCap(),
          m -> texts.get("removal.fairness", load.apply(m.userId()).assignedInWindow(),
              ctx.fairnessWindow().toMinutes(), ctx.fairnessCap()));
    }
    if (!excluded.isEmpty()) {
      left = apply(filters, texts, "filter.excluded", left, m -> !excluded.contains(m.userId()),
          m -> texts.get("removal.excluded"));
    }

    Ranker ranker = new Ranker(lead, match.strategy(), load, ctx, texts);
    List<Membership> ranked = new ArrayList<>(left);
    ranked.sort(ranker.order());
    String rule = match.rule().map(r -> texts.get("rule.named", r.name())).orElse(texts.get("rule.fallback"));
    return new Decision(rule, all.stream().map(Membership::userId).toList(), filters, match.strategy(), ranked,
        ranker, texts);
  }

  private static SellerProfile profile(Membership m) {
    return m.seller().orElseThrow();
  }

  private static List<Membership> apply(List<Filter> filters, Texts texts, String nameKey, List<Membership> in,
      Predicate<Membership> keep, Function<Membership, String> why) {
    List<Membership> out = new ArrayList<>();
    List<Removal> removed = new ArrayList<>();
    for (Membership m : in) {
      if (keep.test(m)) {
        out.add(m);
      } else {
        removed.add(new Removal(m.userId(), why.apply(m)));
      }
    }
    filters.add(new Filter(texts.get(nameKey), removed));
    return out;
  }

  /** Orders candidates for one strategy and describes where each stands. */
  private static final class Ranker {
    private final Lead lead;
    private final AssignmentStrategy strategy;
    private final Function<UserId, SellerWorkload> load;
    private final Context ctx;
    private final Texts texts;
    private final Set<String> leadTokens = new TreeSet<>();
    private final Optional<SellerKind> defaultKind;

    Ranker(Lead lead, AssignmentStrategy strategy, Function<UserId, SellerWorkload> load, Context ctx, Texts texts) {
      this.lead = lead;
      this.strategy = strategy;
      this.load = load;
      this.ctx = ctx;
      this.texts = texts;
      leadTokens.add(lead.source().code().toLowerCase(Locale.ROOT));
      leadTokens.addAll(lead.tags());
      lead.language().ifPresent(l -> leadTokens.add("lang:" + l));
      defaultKind = Optional.of(lead.source().equals(LeadSource.META_ADS) ? SellerKind.SETTER : SellerKind.CLOSER);
    }

    /** The effective strategy: score-aware is best performer for hot leads, least loaded otherwise. */
    private AssignmentStrategy effective() {
      if (strategy == AssignmentStrategy.SCORE_AWARE) {
        return isHot(lead) ? AssignmentStrategy.BEST_PERFORMER : AssignmentStrategy.LEAST_LOADED;
      }
      return strategy;
    }

    Comparator<Membership> order() {
      Comparator<Membership> roundRobin = Comparator.comparing(
          (Membership m) -> load.apply(m.userId()).lastAssignedAt().orElse(Instant.MIN))
          .thenComparing((Membership m) -> load.apply(m.userId()).lastAssignmentId(),
              Comparator.comparing((Optional<AssignmentId> id) -> id.isPresent())
                  .thenComparing(id -> id.orElse(null), Comparator.nullsFirst(Comparator.naturalOrder())));
      Comparator<Membership> fair = roundRobin.thenComparing(
          (a, b) -> Long.compareUnsigned(fairHash(a.userId()), fairHash(b.userId())));
      Comparator<Membership> leastLoaded = Comparator.comparingLong(
          (Membership m) -> load.apply(m.userId()).openConversations());
      return switch (effective()) {
        case ROUND_ROBIN -> fair;
        case LEAST_LOADED -> leastLoaded.thenComparing(fair);
        case BEST_PERFORMER -> Comparator.comparing((Membership m) -> !hasSample(m))
            .thenComparing(Comparator.comparingDouble((Membership m) -> hasSample(m) ? -conversion(m) : 0))
            .thenComparing(fair);
        case SKILLS -> Comparator.comparingInt((Membership m) -> -skillMatches(m).size())
            .thenComparing((Membership m) -> !defaultKind.equals(Optional.of(profile(m).kind())))
            .thenComparing(leastLoaded).thenComparing(fair);
        case SCORE_AWARE -> throw new IllegalStateException("resolved by effective()");
      };
    }

    Ranked ranked(Membership m) {
      SellerWorkload w = load.apply(m.userId());
      return switch (effective()) {
        case ROUND_ROBIN -> roundRobin(m, w);
        case LEAST_LOADED -> new Ranked(m.userId(), w.openConversations(), texts.get("measure.load", w.openConversations()));
        case BEST_PERFORMER -> hasSample(m)
            ? new Ranked(m.userId(), conversion(m), texts.get("measure.conversion", w.leadsWonInPeriod(),
                w.leadsAssignedInPeriod(), ctx.performancePeriod().toDays()))
            : new Ranked(m.userId(), -1, texts.get("measure.conversion.small", ctx.minSample(),
                ctx.performancePeriod().toDays()));
        case SKILLS -> {
          Set<String> matched = skillMatches(m);
          String measure = !matched.isEmpty() ? texts.get("measure.skills", matched.size(), String.join(", ", matched))
              : defaultKind.equals(Optional.of(profile(m).kind()))
                  ? texts.get("measure.skills.kind", lead.source().code(), texts.get("kinds." + profile(m).kind()))
                  : texts.get("measure.skills.none");
          yield new Ranked(m.userId(), matched.size(), measure);
        }
        case SCORE_AWARE -> throw new IllegalStateException("resolved by effective()");
      };
    }

    private Ranked roundRobin(Membership m, SellerWorkload w) {
      if (w.lastAssignedAt().isEmpty()) {
        return new Ranked(m.userId(), -1, texts.get("measure.rr.never"));
      }
      long minutes = Math.max(0, Duration.between(w.lastAssignedAt().get(), ctx.now()).toMinutes());
      return new Ranked(m.userId(), minutes, texts.get("measure.rr.ago", minutes));
    }

    private boolean hasSample(Membership m) {
      return load.apply(m.userId()).leadsAssignedInPeriod() >= ctx.minSample();
    }

    private double conversion(Membership m) {
      return load.apply(m.userId()).conversionRate().orElse(0.0);
    }

    private Set<String> skillMatches(Membership m) {
      TreeSet<String> matched = new TreeSet<>(profile(m).skills());
      matched.retainAll(leadTokens);
      return matched;
    }

    /** A per-lead pseudo-random order of sellers, the last tie-break. */
    private long fairHash(UserId seller) {
      UUID l = lead.id().value();
      UUID s = seller.value();
      long h = l.getMostSignificantBits() ^ Long.rotateLeft(l.getLeastSignificantBits(), 29)
          ^ (s.getMostSignificantBits() * 0x9E3779B97F4A7C15L) ^ Long.rotateLeft(s.getLeastSignificantBits(), 13);
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      h *= 0xc4ceb9fe1a85ec53L;
      return h ^ (h >>> 33);
    }
  }

  /**
   * A decision: the ranking, best first, and how to explain a pick. An explanation lists the
   * {@link #EXPLAINED} best-ranked candidates (and the pick, wherever it ranked) with the
   * measure that placed them; the candidates and every filter's removals are always complete.
   */
  public static final class Decision {
    /** How many of the best-ranked candidates an explanation describes. */
    public static final int EXPLAINED = 5;

    private final String rule;
    private final List<UserId> candidates;
    private final List<Filter> filters;
    private final AssignmentStrategy strategy;
    private final List<Membership> ranked;
    private final Ranker ranker;
    private final Texts texts;

    Decision(String rule, List<UserId> candidates, List<Filter> filters, AssignmentStrategy strategy,
        List<Membership> ranked, Ranker ranker, Texts texts) {
      this.rule = rule;
      this.candidates = List.copyOf(candidates);
      this.filters = List.copyOf(filters);
      this.strategy = strategy;
      this.ranked = List.copyOf(ranked);
      this.ranker = ranker;
      this.texts = texts;
    }

    /** Who may take the lead, best first. */
    public List<UserId> ranking() {
      return ranked.stream().map(Membership::userId).toList();
    }

    /** Why {@code picked} (one of {@link #ranking()}) got the lead. */
    public AssignmentExplanation explain(UserId picked) {
      return explain(picked, 0);
    }

    /**
     * Like {@link #explain(UserId)}, when the {@code busyAbove} candidates ranked above
     * {@code picked} were passed over because another assignment held them at that moment: the
     * summary says so, so the ranking shown does not contradict the pick.
     */
    public AssignmentExplanation explain(UserId picked, int busyAbove) {
      List<Ranked> described = new ArrayList<>();
      Ranked pick = null;
      for (int i = 0; i < ranked.size(); i++) {
        Membership m = ranked.get(i);
        boolean isPick = m.userId().equals(picked);
        if (i < EXPLAINED || isPick) {
          Ranked r = ranker.ranked(m);
          described.add(r);
          if (isPick) {
            pick = r;
          }
        }
      }
      if (pick == null) {
        throw new IllegalArgumentException(picked + " is not ranked");
      }
      String summary = texts.get("summary.picked", texts.get("strategy." + strategy.name()), pick.measure(),
          ranked.size(), candidates.size(), rule);
      if (busyAbove > 0) {
        summary += texts.get("summary.busy", busyAbove);
      }
      return new AssignmentExplanation(rule, candidates, filters, Optional.of(strategy), described, Optional.of(picked),
          summary);
    }

    /** Why nobody can take the lead. */
    public AssignmentExplanation explainNobody() {
      List<String> reasons = new ArrayList<>();
      for (Filter f : filters) {
        if (!f.removed().isEmpty()) {
          reasons.add(f.name() + ": " + f.removed().size());
        }
      }
      String why = candidates.isEmpty() ? texts.get("summary.none.nobody") : String.join(", ", reasons);
      return new AssignmentExplanation(rule, candidates, filters, Optional.of(strategy), List.of(), Optional.empty(),
          texts.get("summary.none", rule, why));
    }
  }
}
