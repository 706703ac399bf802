package io.crmventas.core.metrics;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every seller metric, with its key (as used in snapshots, the API and the docs), its unit, and
 * whether lower is better (times sort ascending on a leaderboard). Times are in seconds or
 * minutes as the key says, rates are fractions from 0 to 1. The exact definition of each
 * underlying count is on {@link ActivityFacts}.
 */
public enum Metric {
  CONVERSATIONS_TOTAL("conversations_total", Unit.COUNT, false, m -> count(m.facts().conversations())),
  CONVERSATIONS_ACTIVE("conversations_active", Unit.COUNT, false, m -> count(m.facts().activeConversations())),
  CONVERSATIONS_ASSIGNED_TODAY("conversations_assigned_today", Unit.COUNT, false,
      m -> count(m.facts().assignedToday())),
  CONVERSATIONS_WAITING("conversations_waiting", Unit.COUNT, true, m -> count(m.facts().waitingConversations())),
  OPEN_CONVERSATIONS("open_conversations", Unit.COUNT, false, m -> count(m.facts().openConversations())),
  MESSAGES_RECEIVED("messages_received", Unit.COUNT, false, m -> count(m.facts().messagesReceived())),
  MESSAGES_SENT("messages_sent", Unit.COUNT, false, m -> count(m.facts().messagesSent())),
  BOT_MESSAGES("bot_messages", Unit.COUNT, false, m -> count(m.facts().botMessages())),
  MESSAGE_RATIO("message_ratio", Unit.RATIO, false, SellerMetrics::messageRatio),
  RESPONSES_ANALYSED("responses_analysed", Unit.COUNT, false, m -> count(m.facts().responses().count())),
  AVG_RESPONSE_SECONDS("avg_response_seconds", Unit.SECONDS, true, m -> seconds(m.averageResponseTime())),
  P50_RESPONSE_SECONDS("p50_response_seconds", Unit.SECONDS, true, m -> seconds(m.p50ResponseTime())),
  P90_RESPONSE_SECONDS("p90_response_seconds", Unit.SECONDS, true, m -> seconds(m.p90ResponseTime())),
  FIRST_RESPONSES_ANALYSED("first_responses_analysed", Unit.COUNT, false,
      m -> count(m.facts().firstResponses().count())),
  AVG_FIRST_RESPONSE_SECONDS("avg_first_response_seconds", Unit.SECONDS, true,
      m -> seconds(m.averageFirstResponseTime())),
  P50_FIRST_RESPONSE_SECONDS("p50_first_response_seconds", Unit.SECONDS, true, m -> seconds(m.p50FirstResponseTime())),
  P90_FIRST_RESPONSE_SECONDS("p90_first_response_seconds", Unit.SECONDS, true, m -> seconds(m.p90FirstResponseTime())),
  SLA_DUE("sla_due", Unit.COUNT, false, m -> count(m.facts().slaDue())),
  SLA_ATTAINMENT("sla_attainment", Unit.RATIO, false, SellerMetrics::slaAttainment),
  LEADS_ASSIGNED("leads_assigned", Unit.COUNT, false, m -> count(m.facts().leadsAssigned())),
  LEADS_WON("leads_won", Unit.COUNT, false, m -> count(m.facts().leadsWon())),
  CONVERSION_RATE("conversion_rate", Unit.RATIO, false, SellerMetrics::conversionRate),
  PROSPECTS_GENERATED("prospects_generated", Unit.COUNT, false, m -> count(m.facts().prospectsGenerated())),
  PROSPECTS_WON("prospects_won", Unit.COUNT, false, m -> count(m.facts().prospectsWon())),
  PROSPECT_CONVERSION_RATE("prospect_conversion_rate", Unit.RATIO, false, SellerMetrics::prospectConversionRate),
  APPOINTMENTS_BOOKED("appointments_booked", Unit.COUNT, false, m -> count(m.facts().appointmentsBooked())),
  APPOINTMENTS_HELD("appointments_held", Unit.COUNT, false, m -> count(m.facts().appointmentsHeld())),
  AVG_CONVERSATION_MINUTES("avg_conversation_minutes", Unit.MINUTES, false,
      m -> m.averageConversationDuration().map(d -> d.toNanos() / 60e9)),
  TOTAL_CHAT_MINUTES("total_chat_minutes", Unit.MINUTES, false, m -> Optional.of(m.totalChatMinutes())),
  ACTIVE_DAYS("active_days", Unit.COUNT, false, m -> count(m.facts().activeDays())),
  ACTIVITY_RATE("activity_rate", Unit.RATIO, false, m -> Optional.of(m.activityRate())),
  MESSAGES_PER_DAY("messages_per_day", Unit.PER_DAY, false, m -> Optional.of(m.messagesPerDay()));

  /** What a metric's number means. */
  public enum Unit {
    COUNT, RATIO, SECONDS, MINUTES, PER_DAY
  }

  private final String key;
  private final Unit unit;
  private final boolean lowerIsBetter;
  private final Function<SellerMetrics, Optional<Double>> value;

  Metric(String key, Unit unit, boolean lowerIsBetter, Function<SellerMetrics, Optional<Double>> value) {
    this.key = key;
    this.unit = unit;
    this.lowerIsBetter = lowerIsBetter;
    this.value = value;
  }

  public String key() {
    return key;
  }

  public Unit unit() {
    return unit;
  }

  /** Whether a smaller value ranks first (times, waiting conversations). */
  public boolean lowerIsBetter() {
    return lowerIsBetter;
  }

  Optional<Double> valueOf(SellerMetrics m) {
    return value.apply(m);
  }

  /**
   * The metric with this key.
   *
   * @throws io.crmventas.core.InvalidInputException naming the key and the known ones
   */
  public static Metric ofKey(String key) {
    for (Metric m : values()) {
      if (m.key.equals(key)) {
        return m;
      }
    }
    throw new io.crmventas.core.InvalidInputException("metric", key, "is not a metric; known: "
        + java.util.Arrays.stream(values()).map(Metric::key).toList());
  }

  private static Optional<Double> count(long n) {
    return Optional.of((double) n);
  }

  private static Optional<Double> seconds(Optional<Duration> d) {
    return d.map(x -> x.toNanos() / 1e9);
  }
}
