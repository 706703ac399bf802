package io.crmventas.core.scoring;

/**
 * One reason a score goes up or down. A rule looks at the context and adds zero or more
 * factors, each with its points and an explanation; the scorer weighs the points by the
 * tenant's weight for the rule, adds them up and clamps the total to 0..100.
 *
 * <p>Rules must be stateless, deterministic (the same context gives the same factors) and
 * thread-safe. Register custom rules with {@link LeadScorer.Builder#rule}.
 */
public interface ScoringRule {

  /** A stable id, used for the tenant weight setting {@code scoring.weight.<id>} and in factors. */
  String id();

  /** Adds this rule's factors for {@code ctx} to {@code out}. */
  void apply(ScoringContext ctx, FactorSink out);

  /**
   * A rule from its id and a function, for rules small enough not to need a class:
   * {@code ScoringRule.of("vip", (ctx, out) -> { if (ctx.lead().tags().contains("vip")) out.add(30, "vip.tag"); })}.
   */
  static ScoringRule of(String id, java.util.function.BiConsumer<ScoringContext, FactorSink> apply) {
    String checked = io.crmventas.core.internal.Check.text("id", id, 100);
    java.util.Objects.requireNonNull(apply, "apply");
    return new ScoringRule() {
      @Override
      public String id() {
        return checked;
      }

      @Override
      public void apply(ScoringContext ctx, FactorSink out) {
        apply.accept(ctx, out);
      }

      @Override
      public String toString() {
        return "ScoringRule[" + checked + "]";
      }
    };
  }

  /** Receives a rule's factors. */
  interface FactorSink {
    /**
     * Adds a factor.
     *
     * @param points unweighted points (may be negative); zero adds nothing
     * @param reasonKey the key of the explanation in the {@code ScoringTexts} bundle (or one a
     *     custom rule adds to its own bundle, see {@link LeadScorer.Builder#texts})
     * @param args values for the explanation's {@code {0}}, {@code {1}}... placeholders
     */
    void add(int points, String reasonKey, Object... args);
  }
}
