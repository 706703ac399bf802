package io.crmventas.core.scoring;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.lead.ScoreFactor;
import io.crmventas.core.tenant.TenantSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Scores a lead from 0 to 100 with a band and the factors behind it.
 *
 * <p>Each {@link ScoringRule} adds factors; each factor's points are multiplied by the tenant's
 * weight for its rule ({@code scoring.weight.<rule>}, default 1) and rounded; the total is
 * clamped to 0..100 and banded with the tenant's thresholds ({@link ScoringSettings}). Reasons
 * are written in the tenant's language. The same lead, signals and time always give the same
 * score.
 *
 * <p>Build one per tenant configuration and reuse it: it is immutable and thread-safe.
 */
public final class LeadScorer {
  private final List<ScoringRule> rules;
  private final double[] weights;
  private final int hot;
  private final int warm;
  private final PhraseMatcher phrases;
  private final ScoringTexts texts;

  private LeadScorer(Builder b) {
    this.rules = List.copyOf(b.rules);
    this.weights = new double[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      weights[i] = b.settings.get(ScoringSettings.weight(rules.get(i).id()));
    }
    ScoringSettings.checkBands(b.settings);
    this.hot = b.settings.get(ScoringSettings.HOT_THRESHOLD);
    this.warm = b.settings.get(ScoringSettings.WARM_THRESHOLD);
    this.phrases = Phrases.matcher(b.settings);
    this.texts = ScoringTexts.of(b.locale, b.extraBundles);
  }

  /** A scorer with the standard rules, default settings and English texts, to adjust. */
  public static Builder builder() {
    return new Builder();
  }

  /** Scores {@code lead} as of {@code now} from its {@code signals}. */
  public LeadScore score(Lead lead, LeadSignals signals, Instant now) {
    Objects.requireNonNull(lead, "lead");
    Objects.requireNonNull(signals, "signals");
    Objects.requireNonNull(now, "now");
    ScoringContext ctx = new ScoringContext(lead, signals, phrases.firstHits(signals.recentLeadTexts()), now);
    Collector sink = new Collector();
    int total = 0;
    for (int i = 0; i < rules.size(); i++) {
      sink.start(rules.get(i).id(), weights[i]);
      rules.get(i).apply(ctx, sink);
    }
    for (ScoreFactor f : sink.factors) {
      total += f.points();
    }
    int value = Math.max(0, Math.min(100, total));
    ScoreBand band = value >= hot ? ScoreBand.HOT : value >= warm ? ScoreBand.WARM : ScoreBand.COLD;
    return new LeadScore(value, band, sink.factors, now);
  }

  /** The band a score falls in with this scorer's thresholds. */
  public ScoreBand band(int score) {
    return score >= hot ? ScoreBand.HOT : score >= warm ? ScoreBand.WARM : ScoreBand.COLD;
  }

  private final class Collector implements ScoringRule.FactorSink {
    final List<ScoreFactor> factors = new ArrayList<>(8);
    private String rule;
    private double weight;

    void start(String ruleId, double ruleWeight) {
      this.rule = ruleId;
      this.weight = ruleWeight;
    }

    @Override
    public void add(int points, String reasonKey, Object... args) {
      int weighted = (int) Math.round(points * weight);
      if (weighted != 0) {
        factors.add(new ScoreFactor(rule, weighted, texts.render(reasonKey, weighted, args)));
      }
    }
  }

  /** Configures a scorer; {@link #build} checks the settings. */
  public static final class Builder {
    private final List<ScoringRule> rules = new ArrayList<>(StandardRules.all());
    private final List<String> extraBundles = new ArrayList<>();
    private TenantSettings settings = TenantSettings.DEFAULTS;
    private Locale locale = Locale.ENGLISH;

    /** Replaces the rules (the standard ones by default). */
    public Builder rules(List<ScoringRule> value) {
      rules.clear();
      rules.addAll(value);
      return this;
    }

    /** Adds a rule after the others. */
    public Builder rule(ScoringRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** The tenant's settings: weights, band thresholds, extra phrases. */
    public Builder settings(TenantSettings value) {
      settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /** The language of the reasons (Spanish and English are bundled; others fall back to English). */
    public Builder locale(Locale value) {
      locale = Objects.requireNonNull(value, "locale");
      return this;
    }

    /** Another resource bundle with the reason texts of custom rules. */
    public Builder texts(String bundleBaseName) {
      extraBundles.add(Objects.requireNonNull(bundleBaseName, "bundleBaseName"));
      return this;
    }

    public LeadScorer build() {
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (ScoringRule r : rules) {
        if (!ids.add(r.id())) {
          throw new InvalidInputException("rules", r.id(), "is registered twice");
        }
      }
      return new LeadScorer(this);
    }
  }
}
