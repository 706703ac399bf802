package io.crmventas.core.scoring;

import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.Qualification;
import io.crmventas.core.scoring.PhraseMatcher.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in scoring rules. Points are before the tenant's weights; the rules are listed
 * with their points in the scoring guide.
 */
public final class StandardRules {
  private StandardRules() {}

  /** How much and how recently the lead writes; older activity counts less. */
  public static final ScoringRule ENGAGEMENT = new Rule("engagement") {
    @Override
    public void apply(ScoringContext ctx, FactorSink out) {
      LeadSignals s = ctx.signals();
      int day = s.leadMessages24h();
      int week = s.leadMessages7d() - day;
      int month = s.leadMessages30d() - s.leadMessages7d();
      int points = Math.min(18, 3 * day) + Math.min(8, week) + Math.min(4, month / 2);
      if (points == 0) {
        return;
      }
      if (day > 0) {
        out.add(points, "engagement.day", day);
      } else if (week > 0) {
        out.add(points, "engagement.week", s.leadMessages7d());
      } else {
        out.add(points, "engagement.month", s.leadMessages30d());
      }
    }
  };

  /** How fast the lead answers our messages (median). */
  public static final ScoringRule RESPONSIVENESS = new Rule("responsiveness") {
    @Override
    public void apply(ScoringContext ctx, FactorSink out) {
      LeadSignals s = ctx.signals();
      if (s.medianReplyDelay().isEmpty()) {
        return;
      }
      Duration d = s.medianReplyDelay().get();
      // Units in the texts, not here: each threshold has its own sentence in each language.
      if (d.compareTo(Duration.ofMinutes(5)) <= 0) {
        out.add(10, "responsiveness.fast.5m", s.replies());
      } else if (d.compareTo(Duration.ofHours(1)) <= 0) {
        out.add(6, "responsiveness.fast.1h", s.replies());
      } else if (d.compareTo(Duration.ofDays(1)) <= 0) {
        out.add(2, "responsiveness.fast.24h", s.replies());
      } else {
        long days = Math.max(1, (d.toHours() + 12) / 24);   // to the nearest day: 1.9 days is 2
        out.add(-3, "responsiveness.slow", days, s.replies());
      }
    }
  };

  private static final Map<LeadSource, Integer> SOURCE_POINTS = Map.of(
      LeadSource.REFERRAL, 20, LeadSource.META_ADS, 15, LeadSource.WEBSITE, 10, LeadSource.ORGANIC, 10,
      LeadSource.PROSPECTING, 5);

  /** Where the lead came from. */
  public static final ScoringRule SOURCE = new Rule("source") {
    @Override
    public void apply(ScoringContext ctx, FactorSink out) {
      LeadSource source = ctx.lead().source();
      Integer points = SOURCE_POINTS.get(source);
      if (points != null) {
        out.add(points, "source." + source.code());
      }
    }
  };

  /** Where the lead is in the funnel. */
  public static final ScoringRule STATUS = new Rule("status") {
    @Override
    public void apply(ScoringContext ctx, FactorSink out) {
      switch (ctx.lead().status()) {
        case CONTACTED -> out.add(5, "status.CONTACTED");
        case QUALIFIED -> out.add(15, "status.QUALIFIED");
        case MEETING_SCHEDULED -> out.add(25, "status.MEETING_SCHEDULED");
        case WON -> out.add(40, "status.WON");
        case LOST -> out.add(-30, "status.LOST");
        case DISCARDED -> out.add(-50, "status.DISCARDED");
        case NEW -> { }
      }
    }
  };

  /** What the assistant or a seller learned: interest, timeline, budget, need. */
  public static final ScoringRule QUALIFICATION = new Rule("qualification") {
    @Override
    public void apply(ScoringContext ctx, FactorSink out) {
      Qualification q = ctx.lead().qualification();
      q.interest().ifPresent(i -> out.add(switch (i) {
        case HIGH -> 20;
        case MEDIUM -> 12;
        case LOW -> 4;
      }, "qualification.interest." + i.name()));
      q.timeline().ifPresent(t -> out.add(switch (t) {
        case IMMEDIATE -> 15;
        case THIS_MONTH -> 10;
        case THIS_QUARTER -> 5;
        case LATER -> 1;
      }, "qualification.timeline." + t.name()));
      q.budget().ifPresent(b -> out.add(8, "qualification.budget", shorten(b)));
      q.need().ifPresent(n -> out.add(7, "qualification.need"));
    }
  };

  /** Buying-intent and urgency phrases in the lead's recent messages. */
  public static final ScoringRule INTENT = new Rule("intent") {
    @Override
    public void apply(ScoringContext ctx, FactorSink out) {
      ctx.phrase(Kind.BUYING_INTENT).ifPresent(h -> out.add(10, "intent.buying", h.phrase()));
      ctx.phrase(Kind.URGENCY).ifPresent(h -> out.add(8, "intent.urgency", h.phrase()));
    }
  };

  /** Opt-out, "not interested", and long silence. */
  public static final ScoringRule NEGATIVE = new Rule("negative") {
    @Override
    public void apply(ScoringContext ctx, FactorSink out) {
      Lead lead = ctx.lead();
      if (lead.tags().contains("opt_out")) {
        out.add(-60, "negative.opt_out_tag");
      } else {
        ctx.phrase(Kind.OPT_OUT).ifPresent(h -> out.add(-60, "negative.opt_out", h.phrase()));
      }
      ctx.phrase(Kind.NOT_INTERESTED).ifPresent(h -> out.add(-30, "negative.not_interested", h.phrase()));
      // The lead's last message: among those read for scoring, or the lead's own record of it
      // (kept for every message, also those older than the ones read); else its creation.
      Instant last = java.util.stream.Stream.of(ctx.signals().lastLeadMessageAt(), lead.lastInboundAt())
          .flatMap(Optional::stream).max(Comparator.naturalOrder()).orElse(lead.createdAt());
      long days = Duration.between(last, ctx.now()).toDays();
      if (days >= 30) {
        out.add(-25, "negative.silence", days);
      } else if (days >= 14) {
        out.add(-15, "negative.silence", days);
      }
    }
  };

  /** Every built-in rule, in the order their factors are listed. */
  public static List<ScoringRule> all() {
    return List.of(SOURCE, STATUS, ENGAGEMENT, RESPONSIVENESS, QUALIFICATION, INTENT, NEGATIVE);
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private abstract static class Rule implements ScoringRule {
    private final String id;

    Rule(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String toString() {
      return "ScoringRule[" + id + "]";
    }
  }
}
