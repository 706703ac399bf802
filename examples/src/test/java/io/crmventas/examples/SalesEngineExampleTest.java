package io.crmventas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.lead.ScoreBand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SalesEngineExampleTest {
  @Test
  void scoresEachLeadWithReasonsAndSpreadsThemOverTheSellers() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<SalesEngineExample.Outcome> outcomes = SalesEngineExample.run(
        Clock.fixed(Instant.parse("2026-11-26T14:00:00Z"), ZoneOffset.UTC), new PrintStream(printed, true,
            StandardCharsets.UTF_8));
    Map<String, SalesEngineExample.Outcome> byPhone = outcomes.stream()
        .collect(Collectors.toMap(SalesEngineExample.Outcome::phone, Function.identity()));

    assertThat(outcomes).hasSize(4);
    // Asking the price urgently beats a bare hello; refusing contact scores lowest.
    int urgentPrice = byPhone.get("+5491155550001").score().value();
    int hello = byPhone.get("+5491155550002").score().value();
    int optOut = byPhone.get("+5491155550004").score().value();
    assertThat(urgentPrice).isGreaterThan(hello);
    assertThat(hello).isGreaterThan(optOut);
    assertThat(byPhone.get("+5491155550004").score().band()).isEqualTo(ScoreBand.COLD);
    assertThat(byPhone.get("+5491155550001").score().factors()).anySatisfy(f -> assertThat(f.rule()).isEqualTo("intent"));

    // Least loaded among three equal sellers: four leads go 2-1-1, each with its explanation.
    Map<String, Long> perSeller = outcomes.stream()
        .collect(Collectors.groupingBy(SalesEngineExample.Outcome::seller, Collectors.counting()));
    assertThat(perSeller.keySet()).containsExactlyInAnyOrder("Ana", "Bruno", "Carla");
    assertThat(perSeller.values()).containsExactlyInAnyOrder(2L, 1L, 1L);
    assertThat(outcomes).allSatisfy(o -> assertThat(o.explanation()).isNotBlank());

    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("Lucía (+5491155550001)", "assigned to ");
  }
}
