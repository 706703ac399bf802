package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.metrics.SellerMetricsSnapshot;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Contract for {@link io.crmventas.core.metrics.SellerMetricsStore}. */
public abstract class SellerMetricsStoreContract extends StoreContract {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

  @Test
  void upsertIsIdempotentAndKeepsValuesExactly() {
    Map<String, Double> m = Map.of("conversations.total", 12.0, "conversion.rate", 0.1234567890123,
        "response.p50.seconds", 93.5, "messages.sent", 1.0E9);
    SellerMetricsSnapshot s = new SellerMetricsSnapshot(a.id, a.seller1.id(), DAY, m, clock.instant());
    a.t.sellerMetrics().upsert(s);
    a.t.sellerMetrics().upsert(s);
    assertThat(a.t.sellerMetrics().find(a.seller1.id(), DAY)).contains(s);
    assertThat(a.t.sellerMetrics().between(Optional.empty(), DAY, DAY)).containsExactly(s);

    SellerMetricsSnapshot newer = new SellerMetricsSnapshot(a.id, a.seller1.id(), DAY, Map.of("conversations.total", 13.0),
        clock.instant().plusSeconds(900));
    a.t.sellerMetrics().upsert(newer);
    assertThat(a.t.sellerMetrics().between(Optional.empty(), DAY, DAY)).containsExactly(newer);
  }

  @Test
  void betweenFiltersBySellerAndDaysAndDeleteBeforeCleansUp() {
    for (int d = 0; d < 5; d++) {
      a.t.sellerMetrics().upsert(new SellerMetricsSnapshot(a.id, a.seller1.id(), DAY.minusDays(d), Map.of("x", (double) d), clock.instant()));
      a.t.sellerMetrics().upsert(new SellerMetricsSnapshot(a.id, a.seller2.id(), DAY.minusDays(d), Map.of("x", (double) d), clock.instant()));
    }
    List<SellerMetricsSnapshot> s1 = a.t.sellerMetrics().between(Optional.of(a.seller1.id()), DAY.minusDays(2), DAY);
    assertThat(s1).extracting(SellerMetricsSnapshot::period).containsExactly(DAY.minusDays(2), DAY.minusDays(1), DAY);
    List<SellerMetricsSnapshot> both = a.t.sellerMetrics().between(Optional.empty(), DAY, DAY);
    assertThat(both).extracting(SellerMetricsSnapshot::sellerId)
        .containsExactlyElementsOf(java.util.stream.Stream.of(a.seller1.id(), a.seller2.id()).sorted().toList());

    assertThat(a.t.sellerMetrics().deleteBefore(DAY.minusDays(1))).isEqualTo(6);
    assertThat(a.t.sellerMetrics().between(Optional.empty(), DAY.minusDays(10), DAY)).hasSize(4);
  }

  @Test
  void onlyMembersHaveSnapshots() {
    var b = anotherTenant();
    assertThatThrownBy(() -> a.t.sellerMetrics().upsert(new SellerMetricsSnapshot(a.id, b.seller1.id(), DAY, Map.of(), clock.instant())))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("sellerId");
  }
}
