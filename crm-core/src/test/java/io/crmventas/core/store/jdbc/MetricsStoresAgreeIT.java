package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.metrics.FactSheet;
import io.crmventas.core.metrics.MetricsWindow;
import io.crmventas.core.notification.AlertQueries;
import io.crmventas.core.notification.Alerts;
import io.crmventas.core.notification.Notification;
import io.crmventas.core.notification.NotificationId;
import io.crmventas.core.notification.NotificationType;
import io.crmventas.core.notification.Priority;
import io.crmventas.core.tenant.UserId;
import java.util.Optional;
import java.util.UUID;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.ActivityDataSet;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.PostgresTestDatabase;
import io.crmventas.core.testing.TestData;
import io.crmventas.core.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The in-memory store and PostgreSQL compute exactly the same metrics and alert conditions on
 * the same generated data set (several hundred leads and thousands of messages built to hit the
 * edge cases of every definition).
 */
class MetricsStoresAgreeIT {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase(12);

  static final Instant NOW = Instant.parse("2026-11-25T15:30:00Z");
  static CrmStore memory;
  static CrmStore postgres;
  static TenantId tenant;
  static ActivityDataSet data;

  @BeforeAll
  static void populate() {
    MutableClock clock = MutableClock.at(NOW);
    memory = InMemoryCrmStore.create(clock);
    postgres = JdbcCrmStore.create(DB.dataSource(), clock);
    tenant = TestData.newTenantId();
    data = ActivityDataSet.populate(memory, tenant, 20261125L, NOW, 8, 600, 45);
    ActivityDataSet.populate(postgres, tenant, 20261125L, NOW, 8, 600, 45);
  }

  private static FactSheet facts(CrmStore store, LocalDate from, LocalDate to, Duration target) {
    return store.tenant(tenant).metricsQueries().facts(new MetricsWindow(from, to, NOW, TestData.BUENOS_AIRES,
        data.sellers, target));
  }

  @Test
  void everyWindowGivesTheSameFactsOnBothStores() {
    LocalDate today = LocalDate.ofInstant(NOW, TestData.BUENOS_AIRES);
    List<LocalDate[]> windows = List.of(
        new LocalDate[] {today.minusDays(6), today.plusDays(1)},
        new LocalDate[] {today.minusDays(1), today},
        new LocalDate[] {today, today.plusDays(1)},
        new LocalDate[] {today.minusDays(29), today.plusDays(1)},
        new LocalDate[] {today.minusDays(60), today.minusDays(20)});
    for (LocalDate[] w : windows) {
      for (Duration target : List.of(Duration.ofMinutes(15), Duration.ofHours(2))) {
        FactSheet m = facts(memory, w[0], w[1], target);
        FactSheet p = facts(postgres, w[0], w[1], target);
        assertThat(p).as("window %s..%s target %s", w[0], w[1], target).isEqualTo(m);
      }
    }
    // The data set is not trivial: the 30-day window has every kind of fact.
    FactSheet month = facts(postgres, today.minusDays(29), today.plusDays(1), Duration.ofMinutes(15));
    var team = month.team();
    assertThat(team.responses().count()).isGreaterThan(500);
    assertThat(team.firstResponses().count()).isGreaterThan(50);
    assertThat(team.slaDue()).isGreaterThan(team.slaMet()).isGreaterThan(0);
    assertThat(team.botMessages()).isPositive();
    assertThat(team.leadsWon()).isPositive();
    assertThat(team.assignedLeadsWon()).isPositive();
    assertThat(team.prospectsGenerated()).isPositive();
    assertThat(team.appointmentsHeld()).isPositive();
    assertThat(team.waitingConversations()).isPositive();
    assertThat(month.sellers().get(data.sellers.size() - 1).messagesSent()).isZero();
  }

  @Test
  void fixedOffsetZonesCountTheSameDaysOnBothStores() {
    // PostgreSQL reads "-03:00" as a POSIX rule (the sign reversed); the store must not.
    for (java.time.ZoneId zone : List.<java.time.ZoneId>of(java.time.ZoneOffset.ofHours(-3),
        java.time.ZoneOffset.ofHoursMinutes(5, 30), java.time.ZoneOffset.UTC)) {
      LocalDate today = LocalDate.ofInstant(NOW, zone);
      for (LocalDate[] w : List.of(new LocalDate[] {today.minusDays(6), today.plusDays(1)},
          new LocalDate[] {today.minusDays(1), today})) {
        MetricsWindow window = new MetricsWindow(w[0], w[1], NOW, zone, data.sellers, Duration.ofMinutes(15));
        assertThat(postgres.tenant(tenant).metricsQueries().facts(window)).as("zone %s window %s..%s", zone, w[0], w[1])
            .isEqualTo(memory.tenant(tenant).metricsQueries().facts(window));
      }
    }
    assertThat(JdbcMetricsQueries.pgZone(java.time.ZoneOffset.ofHours(-3))).isEqualTo("<-0300>+3:00:00");
    assertThat(JdbcMetricsQueries.pgZone(java.time.ZoneId.of("UTC-03:00"))).isEqualTo("<-0300>+3:00:00");
    assertThat(JdbcMetricsQueries.pgZone(java.time.ZoneOffset.ofHoursMinutes(-9, -30))).isEqualTo("<-0930>+9:30:00");
    assertThat(JdbcMetricsQueries.pgZone(TestData.BUENOS_AIRES)).isEqualTo(TestData.BUENOS_AIRES.getId());
  }

  record WaitingRow(Object conversation, Object seller, Instant since, Object lead) {}

  record HotRow(Object lead, Instant since) {}

  record FollowUpRow(Object lead, Object seller, Instant last) {}

  record RiskRow(Object assignment, Object conversation, Object seller, Instant clock) {}

  private static List<WaitingRow> waiting(AlertQueries q, Duration wait, Optional<UserId> to) {
    return q.waitingSince(NOW.minus(wait), "unanswered", to).stream()
        .map(w -> new WaitingRow(w.conversationId(), w.sellerId(), w.since(), w.lead().id())).toList();
  }

  @Test
  void alertQueriesFindTheSameConditionsOnBothStores() {
    AlertQueries m = memory.tenant(tenant).alerts();
    AlertQueries p = postgres.tenant(tenant).alerts();
    for (Duration wait : List.of(Duration.ofHours(1), Duration.ofDays(3))) {
      for (Optional<UserId> to : List.of(Optional.<UserId>empty(), Optional.of(data.ceo))) {
        assertThat(waiting(p, wait, to)).isEqualTo(waiting(m, wait, to)).isNotEmpty();
      }
    }
    // Once notified, a wait is no longer reported to that recipient.
    List<WaitingRow> before = waiting(m, Duration.ofHours(1), Optional.empty());
    Alerts.Waiting first = m.waitingSince(NOW.minus(Duration.ofHours(1)), "unanswered", Optional.empty()).get(0);
    for (CrmStore s : List.of(memory, postgres)) {
      s.tenant(tenant).notifications().create(new Notification(NotificationId.of(UUID.randomUUID()), tenant,
          first.sellerId(), NotificationType.UNANSWERED, Priority.HIGH, "t", "m", Map.of(), Optional.empty(),
          first.dedupKey("unanswered"), Optional.empty(), Optional.empty(), NOW));
    }
    assertThat(waiting(m, Duration.ofHours(1), Optional.empty())).hasSize(before.size() - 1)
        .isEqualTo(waiting(p, Duration.ofHours(1), Optional.empty()));
    assertThat(waiting(p, Duration.ofHours(1), Optional.of(data.ceo))).hasSize(before.size());
    Instant since = NOW.minus(Duration.ofDays(20));
    assertThat(p.hotLeads(since).stream().map(h -> new HotRow(h.lead().id(), h.hotSince())).toList())
        .isEqualTo(m.hotLeads(since).stream().map(h -> new HotRow(h.lead().id(), h.hotSince())).toList())
        .isNotEmpty();
    Map<LeadStatus, Duration> after = Map.of(LeadStatus.NEW, Duration.ofDays(1), LeadStatus.CONTACTED,
        Duration.ofDays(2), LeadStatus.QUALIFIED, Duration.ofHours(30));
    assertThat(p.followUpsDue(after, Duration.ofDays(10), NOW, 3).stream()
        .map(f -> new FollowUpRow(f.lead().id(), f.sellerId(), f.lastInteraction())).toList())
        .isEqualTo(m.followUpsDue(after, Duration.ofDays(10), NOW, 3).stream()
            .map(f -> new FollowUpRow(f.lead().id(), f.sellerId(), f.lastInteraction())).toList())
        .isNotEmpty();
    assertThat(p.firstResponsesAtRisk(NOW, Duration.ZERO, Duration.ofDays(60)).stream()
        .map(r -> new RiskRow(r.assignmentId(), r.conversationId(), r.sellerId(), r.clockStart())).toList())
        .isEqualTo(m.firstResponsesAtRisk(NOW, Duration.ZERO, Duration.ofDays(60)).stream()
            .map(r -> new RiskRow(r.assignmentId(), r.conversationId(), r.sellerId(), r.clockStart())).toList())
        .isNotEmpty();
  }
}
