package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.ForbiddenException;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.metrics.Dashboard;
import io.crmventas.core.metrics.InMemoryDashboardCache;
import io.crmventas.core.metrics.Leaderboard;
import io.crmventas.core.metrics.Metric;
import io.crmventas.core.metrics.MetricsService;
import io.crmventas.core.metrics.SellerMetricsSnapshot;
import io.crmventas.core.scoring.LeadStatusChanged;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MetricsService} on a store: dashboard, cache and its invalidation, leaderboard, snapshots, visibility. */
public abstract class MetricsServiceContract extends ActivityContract {
  protected EventBus bus;
  protected MetricsService service;

  @BeforeEach
  void setUpService() {
    clock.set(at("18:00:00"));
    bus = new EventBus();
    service = MetricsService.builder(store).clock(clock).cache(new InMemoryDashboardCache(clock, 100))
        .ttl(Duration.ofMinutes(1)).build().subscribeTo(bus);
  }

  private void exchange(UserId seller, String leadAt, Duration replyAfter) {
    Lead l = lead(seller, at("10:00:00"), LeadSource.ORGANIC, LeadStatus.NEW, at("10:00:00"));
    Conversation c = conversation(l, "whatsapp");
    leadSays(c, at(leadAt));
    sellerSays(c, seller, at(leadAt).plus(replyAfter));
  }

  @Test
  void theDashboardIsCachedUntilTheDataChangesOrTheTtlPasses() {
    exchange(a.seller1.id(), "12:00:00", Duration.ofMinutes(4));
    Dashboard first = service.dashboard(a.id, DAY, DAY.plusDays(1));
    assertThat(first.seller(a.seller1.id()).orElseThrow().facts().messagesSent()).isEqualTo(1);
    assertThat(first.sellers()).extracting(m -> m.sellerId().orElseThrow())
        .containsExactlyInAnyOrder(a.seller1.id(), a.seller2.id());

    exchange(a.seller1.id(), "13:00:00", Duration.ofMinutes(6));
    assertThat(service.dashboard(a.id, DAY, DAY.plusDays(1))).isSameAs(first);
    assertThat(service.compute(a.id, DAY, DAY.plusDays(1)).team().facts().messagesSent()).isEqualTo(2);

    // Any event of the tenant drops its cached dashboards.
    bus.publish(new LeadStatusChanged(a.id, a.lead().id(), LeadStatus.NEW, LeadStatus.CONTACTED, clock.instant()));
    Dashboard second = service.dashboard(a.id, DAY, DAY.plusDays(1));
    assertThat(second.team().facts().messagesSent()).isEqualTo(2);
    assertThat(second.team().p50ResponseTime()).contains(Duration.ofMinutes(4));

    // Another tenant's event does not touch this tenant's cache; the TTL does.
    exchange(a.seller2.id(), "14:00:00", Duration.ofMinutes(1));
    var b = anotherTenant();
    bus.publish(new LeadStatusChanged(b.id, b.lead().id(), LeadStatus.NEW, LeadStatus.CONTACTED, clock.instant()));
    assertThat(service.dashboard(a.id, DAY, DAY.plusDays(1))).isSameAs(second);
    clock.advance(Duration.ofMinutes(1));
    assertThat(service.dashboard(a.id, DAY, DAY.plusDays(1)).team().facts().messagesSent()).isEqualTo(3);
  }

  @Test
  void leaderboardsRankEachSellerOnceTimesAscendingAbsentLastTiesStable() {
    User s3 = a.seller("Seller Three", io.crmventas.core.tenant.SellerProfile.of(
        io.crmventas.core.tenant.SellerKind.CLOSER, 5));
    User s4 = a.seller("Seller Four", io.crmventas.core.tenant.SellerProfile.of(
        io.crmventas.core.tenant.SellerKind.CLOSER, 5));
    exchange(a.seller1.id(), "12:00:00", Duration.ofMinutes(9));
    exchange(a.seller2.id(), "12:00:00", Duration.ofMinutes(2));
    exchange(s3.id(), "12:00:00", Duration.ofMinutes(9));
    exchange(s3.id(), "13:00:00", Duration.ofMinutes(9));

    Leaderboard fastest = service.leaderboard(a.id, Metric.P50_RESPONSE_SECONDS, DAY, DAY.plusDays(1));
    assertThat(fastest.entries()).extracting(Leaderboard.Entry::sellerId).hasSize(4).doesNotHaveDuplicates();
    assertThat(fastest.entries().get(0).sellerId()).isEqualTo(a.seller2.id());
    assertThat(fastest.entries().get(0).value()).contains(120.0);
    assertThat(fastest.entries().get(1).rank()).isEqualTo(2);
    assertThat(fastest.entries().get(2).rank()).isEqualTo(2);
    assertThat(fastest.entries().get(2).position()).isEqualTo(3);
    assertThat(io.crmventas.core.internal.Ids.compare(fastest.entries().get(1).sellerId().value(),
        fastest.entries().get(2).sellerId().value())).isNegative();
    assertThat(fastest.entries().get(3).sellerId()).isEqualTo(s4.id());
    assertThat(fastest.entries().get(3).value()).isEmpty();

    Leaderboard busiest = service.leaderboard(a.id, Metric.MESSAGES_SENT, DAY, DAY.plusDays(1));
    assertThat(busiest.entries().get(0).sellerId()).isEqualTo(s3.id());
    assertThat(busiest.entries().get(0).value()).contains(2.0);
    assertThat(busiest.entries().get(3).value()).contains(0.0);
  }

  @Test
  void snapshotsAreUpsertedPerSellerAndDay() {
    exchange(a.seller1.id(), "12:00:00", Duration.ofMinutes(3));
    assertThat(service.snapshot(a.id, DAY)).isEqualTo(2);
    SellerMetricsSnapshot s = a.t.sellerMetrics().find(a.seller1.id(), DAY).orElseThrow();
    assertThat(s.metrics()).containsEntry("messages_sent", 1.0).containsEntry("p50_response_seconds", 180.0);
    assertThat(a.t.sellerMetrics().find(a.seller2.id(), DAY).orElseThrow().metrics())
        .doesNotContainKey("p50_response_seconds").containsEntry("messages_sent", 0.0);
    exchange(a.seller1.id(), "13:00:00", Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(5));
    assertThat(service.snapshot(a.id, DAY)).isEqualTo(2);
    assertThat(a.t.sellerMetrics().between(Optional.empty(), DAY, DAY)).hasSize(2);
    assertThat(a.t.sellerMetrics().find(a.seller1.id(), DAY).orElseThrow().metrics())
        .containsEntry("messages_sent", 2.0);
  }

  @Test
  void sellersSeeTheirOwnMetricsAndOnlyTheCeoSeesTheTeam() {
    exchange(a.seller1.id(), "12:00:00", Duration.ofMinutes(3));
    assertThat(service.sellerMetrics(a.id, a.seller1.id(), a.seller1.id(), DAY, DAY.plusDays(1)).facts()
        .messagesSent()).isEqualTo(1);
    assertThat(service.sellerMetrics(a.id, a.ceo.id(), a.seller1.id(), DAY, DAY.plusDays(1)).facts()
        .messagesSent()).isEqualTo(1);
    assertThatThrownBy(() -> service.sellerMetrics(a.id, a.seller2.id(), a.seller1.id(), DAY, DAY.plusDays(1)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service.dashboardFor(a.id, a.seller1.id(), DAY, DAY.plusDays(1)))
        .isInstanceOf(ForbiddenException.class);
    assertThat(service.dashboardFor(a.id, a.ceo.id(), DAY, DAY.plusDays(1)).sellers()).hasSize(2);
    User secretary = a.member("Secretary", Role.SECRETARY);
    assertThatThrownBy(() -> service.dashboardFor(a.id, secretary.id(), DAY, DAY.plusDays(1)))
        .isInstanceOf(ForbiddenException.class);
    // Asking for their own id (no seller's) is not a way round it.
    assertThatThrownBy(() -> service.sellerMetrics(a.id, secretary.id(), secretary.id(), DAY, DAY.plusDays(1)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service.sellerMetrics(a.id, secretary.id(), a.seller1.id(), DAY, DAY.plusDays(1)))
        .isInstanceOf(ForbiddenException.class);
    // A CEO whose membership was deactivated sees nothing any more.
    a.deactivate(a.ceo.id());
    assertThatThrownBy(() -> service.dashboardFor(a.id, a.ceo.id(), DAY, DAY.plusDays(1)))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("active");
    // Inactive sellers keep their history on the dashboard.
    a.t.members().update(new Membership(a.id, a.seller2.id(), Role.SELLER,
        a.t.members().find(a.seller2.id()).orElseThrow().seller(), false, clock.instant()));
    assertThat(service.compute(a.id, DAY, DAY.plusDays(1)).sellers()).hasSize(2);
  }

  @Test
  void theDefaultPeriodIsTheLastSevenDaysOfTheTenantsCalendar() {
    Dashboard d = service.dashboard(a.id);
    assertThat(d.from()).isEqualTo(DAY.minusDays(6));
    assertThat(d.to()).isEqualTo(DAY.plusDays(1));
    assertThat(d.team().days()).isEqualTo(7);
  }
}
