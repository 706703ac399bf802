package io.crmventas.core.metrics;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One seller's (or the team's) metrics over a period: the {@link ActivityFacts} a store counted
 * and the values derived from them. Every derived value is defined so that no data never means
 * a division by zero or NaN: a rate or average over nothing is absent, a count over nothing is
 * zero. Rates are fractions from 0 to 1 everywhere. Every metric, by name, is a {@link Metric}.
 *
 * @param facts what the store counted
 * @param days the number of days in the period (at least 1)
 */
public record SellerMetrics(ActivityFacts facts, long days) {

  public SellerMetrics {
    Check.notNull("facts", facts);
    if (days < 1) {
      throw new InvalidInputException("days", days, "must be at least 1");
    }
  }

  /** The seller; empty for the team. */
  public Optional<UserId> sellerId() {
    return facts.sellerId();
  }

  /** Messages the seller sent per received lead message; absent when nothing was received. */
  public Optional<Double> messageRatio() {
    return ratio(facts.messagesSent(), facts.messagesReceived());
  }

  /** Mean time to reply to a block of lead messages. */
  public Optional<Duration> averageResponseTime() {
    return facts.responses().averageMillis().map(SellerMetrics::millis);
  }

  /** Median (p50, nearest rank) time to reply to a block of lead messages. */
  public Optional<Duration> p50ResponseTime() {
    return facts.responses().p50Millis().map(Duration::ofMillis);
  }

  /** p90 (nearest rank) time to reply to a block of lead messages. */
  public Optional<Duration> p90ResponseTime() {
    return facts.responses().p90Millis().map(Duration::ofMillis);
  }

  /** Mean first-response time after an assignment. */
  public Optional<Duration> averageFirstResponseTime() {
    return facts.firstResponses().averageMillis().map(SellerMetrics::millis);
  }

  /** Median first-response time after an assignment. */
  public Optional<Duration> p50FirstResponseTime() {
    return facts.firstResponses().p50Millis().map(Duration::ofMillis);
  }

  /** p90 first-response time after an assignment. */
  public Optional<Duration> p90FirstResponseTime() {
    return facts.firstResponses().p90Millis().map(Duration::ofMillis);
  }

  /** Share of due first responses answered within the target, 0 to 1; absent when none was due. */
  public Optional<Double> slaAttainment() {
    return ratio(facts.slaMet(), facts.slaDue());
  }

  /** Share of the leads assigned in the period that the seller won, 0 to 1; absent with no leads. */
  public Optional<Double> conversionRate() {
    return ratio(facts.assignedLeadsWon(), facts.leadsAssigned());
  }

  /** Share of prospects generated in the period that are won, 0 to 1; absent with no prospects. */
  public Optional<Double> prospectConversionRate() {
    return ratio(facts.prospectsWon(), facts.prospectsGenerated());
  }

  /** Mean span from first to last message (within the period) of the owned conversations. */
  public Optional<Duration> averageConversationDuration() {
    return facts.conversations() == 0 ? Optional.empty()
        : Optional.of(millis((double) facts.conversationMillis() / facts.conversations()));
  }

  /** The sum of the owned conversations' spans in the period, in minutes. */
  public double totalChatMinutes() {
    return facts.conversationMillis() / 60_000.0;
  }

  /** Share of the period's days with at least one message sent, 0 to 1. */
  public double activityRate() {
    return (double) facts.activeDays() / days;
  }

  /** Messages sent per day of the period. */
  public double messagesPerDay() {
    return (double) facts.messagesSent() / days;
  }

  /** The last message the seller sent in the period. */
  public Optional<Instant> lastActivity() {
    return facts.lastActivity();
  }

  /** The value of {@code metric}; absent where it does not exist (see {@link Metric}). */
  public Optional<Double> get(Metric metric) {
    return metric.valueOf(this);
  }

  /** Every metric that has a value, by {@link Metric#key()}, in {@link Metric} order. */
  public Map<String, Double> asMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Metric m : Metric.values()) {
      get(m).ifPresent(v -> out.put(m.key(), v));
    }
    return out;
  }

  private static Optional<Double> ratio(long numerator, long denominator) {
    return denominator == 0 ? Optional.empty() : Optional.of((double) numerator / denominator);
  }

  private static Duration millis(double ms) {
    return Duration.ofNanos(Math.round(ms * 1_000_000));
  }
}
