package io.crmventas.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetricsModelTest {
  static final UserId A = UserId.of(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
  static final UserId B = UserId.of(UUID.fromString("00000000-0000-0000-0000-00000000000b"));
  static final UserId C = UserId.of(UUID.fromString("ffffffff-0000-0000-0000-00000000000c"));

  static ActivityFacts facts(UserId seller, long sent, Durations responses) {
    ActivityFacts e = ActivityFacts.empty(Optional.ofNullable(seller));
    return new ActivityFacts(e.sellerId(), 3, 1, 2, 1, 1, 10, sent, 4, responses, Durations.NONE, 4, 3, 8, 2, 2, 1, 0,
        1, 1, 7_200_000, 2, Optional.of(Instant.parse("2026-11-25T12:00:00Z")));
  }

  @Test
  void percentilesAreNearestRankLikePercentileDisc() {
    assertThat(Durations.of(new long[] {})).isEqualTo(Durations.NONE);
    assertThat(Durations.of(new long[] {7})).isEqualTo(new Durations(1, 7, Optional.of(7L), Optional.of(7L)));
    // n = 10: p50 is the 5th value, p90 the 9th.
    Durations d = Durations.of(new long[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
    assertThat(d.p50Millis()).contains(5L);
    assertThat(d.p90Millis()).contains(9L);
    assertThat(d.averageMillis()).contains(5.5);
    // n = 3: ceil(1.5) = 2nd, ceil(2.7) = 3rd.
    assertThat(Durations.of(new long[] {300, 100, 200})).isEqualTo(new Durations(3, 600, Optional.of(200L),
        Optional.of(300L)));
    assertThatThrownBy(() -> new Durations(0, 0, Optional.of(1L), Optional.empty()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void derivedValuesAreFractionsAndNeverNaN() {
    SellerMetrics m = new SellerMetrics(facts(A, 5, Durations.of(new long[] {60_000, 120_000})), 4);
    assertThat(m.messageRatio()).contains(0.5);
    assertThat(m.slaAttainment()).contains(0.75);
    assertThat(m.conversionRate()).contains(0.25);
    assertThat(m.prospectConversionRate()).contains(0.0);
    assertThat(m.activityRate()).isEqualTo(0.5);
    assertThat(m.messagesPerDay()).isEqualTo(1.25);
    assertThat(m.totalChatMinutes()).isEqualTo(120.0);
    assertThat(m.averageConversationDuration()).contains(Duration.ofMinutes(40));
    assertThat(m.get(Metric.AVG_RESPONSE_SECONDS)).contains(90.0);
    assertThat(m.asMap()).hasSizeGreaterThanOrEqualTo(15).allSatisfy((k, v) -> assertThat(v).isFinite());
    SellerMetrics none = new SellerMetrics(ActivityFacts.empty(Optional.of(A)), 7);
    assertThat(none.asMap()).doesNotContainKeys("message_ratio", "p50_response_seconds", "sla_attainment",
        "conversion_rate", "prospect_conversion_rate", "avg_conversation_minutes");
    assertThat(none.asMap()).containsEntry("activity_rate", 0.0).containsEntry("messages_per_day", 0.0);
    assertThat(Metric.values()).hasSizeGreaterThanOrEqualTo(15);
    assertThat(Metric.ofKey("conversion_rate")).isEqualTo(Metric.CONVERSION_RATE);
    assertThatThrownBy(() -> Metric.ofKey("revenue")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("revenue");
  }

  @Test
  void windowsAreValidatedAndSpanTheTenantsDays() {
    ZoneId ba = ZoneId.of("America/Argentina/Buenos_Aires");
    LocalDate d = LocalDate.parse("2026-11-25");
    MetricsWindow w = new MetricsWindow(d, d.plusDays(7), Instant.parse("2026-11-26T02:00:00Z"), ba, List.of(A, B),
        Duration.ofMinutes(15));
    assertThat(w.start()).isEqualTo(Instant.parse("2026-11-25T03:00:00Z"));
    assertThat(w.end()).isEqualTo(Instant.parse("2026-12-02T03:00:00Z"));
    assertThat(w.days()).isEqualTo(7);
    assertThat(w.todayStart()).isEqualTo(Instant.parse("2026-11-25T03:00:00Z"));
    assertThatThrownBy(() -> new MetricsWindow(d, d, w.now(), ba, List.of(), Duration.ofMinutes(1)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("to");
    assertThatThrownBy(() -> new MetricsWindow(d, d.plusDays(1), w.now(), ba, List.of(A, A), Duration.ofMinutes(1)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("sellers");
    assertThatThrownBy(() -> new MetricsWindow(d, d.plusDays(1), w.now(), ba, List.of(A), Duration.ZERO))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("slaTarget");
  }

  @Test
  void aLeaderboardListsEachSellerOnce() {
    SellerMetrics a = new SellerMetrics(facts(A, 5, Durations.NONE), 1);
    SellerMetrics b = new SellerMetrics(facts(B, 9, Durations.NONE), 1);
    SellerMetrics again = new SellerMetrics(facts(A, 50, Durations.NONE), 1);
    Leaderboard l = Leaderboard.of(Metric.MESSAGES_SENT, List.of(a, b, again));
    assertThat(l.entries()).extracting(Leaderboard.Entry::sellerId).containsExactly(B, A);
    assertThat(l.entries()).extracting(Leaderboard.Entry::rank).containsExactly(1, 2);
  }

  @Test
  void dashboardJsonRoundTrips() {
    SellerMetrics a = new SellerMetrics(facts(A, 5, Durations.of(new long[] {1, 2, 3})), 7);
    SellerMetrics c = new SellerMetrics(ActivityFacts.empty(Optional.of(C)), 7);
    SellerMetrics team = new SellerMetrics(facts(null, 5, Durations.of(new long[] {1, 2, 3})), 7);
    Dashboard d = new Dashboard(TenantId.of("acme"), LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-26"),
        Instant.parse("2026-11-25T12:00:00.123456Z"), List.of(a, c), team);
    String json = DashboardJson.write(d);
    assertThat(DashboardJson.read(json)).isEqualTo(d);
    assertThat(json).contains("\"p50_response_seconds\":0.002");
    assertThatThrownBy(() -> DashboardJson.read("{\"days\":\"x\"")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("dashboard");
  }
}
