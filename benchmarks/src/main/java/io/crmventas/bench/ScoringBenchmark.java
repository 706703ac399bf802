package io.crmventas.bench;

import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.Qualification;
import io.crmventas.core.scoring.LeadScorer;
import io.crmventas.core.scoring.LeadSignals;
import io.crmventas.core.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Issue 3's scoring benchmark: leads scored per second on one thread, in memory, with every
 * factor and its localized reason built. Inputs are varied leads (sources, statuses,
 * qualification, tags) with recent messages in Spanish and English, so the phrase rules scan
 * real text. Prints each round and the median.
 *
 * <p>Arguments: {@code seconds-per-round rounds} (default 5 5).
 */
public final class ScoringBenchmark {
  private static final String[] TEXTS = {
    "Hola! Vi el anuncio, cuánto cuesta el curso?", "Buenas tardes, quería información", "Es urgente, lo necesito para hoy",
    "ok gracias", "Tienen cuotas sin interés?", "Hi, how much is the premium plan?", "I need it ASAP please",
    "No me interesa, gracias", "Perfecto, y cómo pago?", "Can I pay by card?", "mañana te confirmo", "👍",
    "Me pasás el precio por favor", "Quiero comprar dos unidades", "Estoy comparando opciones todavía"};

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Instant now = Instant.parse("2026-11-25T15:00:00Z");
    Random rnd = new Random(42);
    int n = 20_000;
    Lead[] leads = new Lead[n];
    LeadSignals[] signals = new LeadSignals[n];
    LeadSource[] sources = {LeadSource.META_ADS, LeadSource.ORGANIC, LeadSource.REFERRAL, LeadSource.PROSPECTING,
        LeadSource.WEBSITE, LeadSource.of("TRADE_SHOW")};
    for (int i = 0; i < n; i++) {
      Qualification q = Qualification.NONE;
      if (rnd.nextInt(3) == 0) {
        q = q.withInterest(Qualification.Interest.values()[rnd.nextInt(3)])
            .withTimeline(Qualification.Timeline.values()[rnd.nextInt(4)]);
      }
      if (rnd.nextInt(4) == 0) {
        q = q.withBudget("USD " + (100 * (1 + rnd.nextInt(50)))).withNeed("Curso para su equipo de ventas");
      }
      leads[i] = Lead.builder(LeadId.of(new UUID(rnd.nextLong(), rnd.nextLong())), TenantId.of("bench"),
              PhoneNumber.parse("+54911" + (10_000_000 + i)), now.minus(Duration.ofDays(rnd.nextInt(40))))
          .source(sources[rnd.nextInt(sources.length)])
          .status(LeadStatus.values()[rnd.nextInt(LeadStatus.values().length)])
          .qualification(q)
          .tags(rnd.nextInt(5) == 0 ? List.of("caliente", "precio_sensible") : List.of())
          .build();
      int day = rnd.nextInt(8);
      int week = day + rnd.nextInt(6);
      int month = week + rnd.nextInt(10);
      List<String> texts = new ArrayList<>();
      for (int t = 0; t < Math.min(week, 6); t++) {
        texts.add(TEXTS[rnd.nextInt(TEXTS.length)]);
      }
      Optional<Duration> delay = rnd.nextBoolean() ? Optional.of(Duration.ofMinutes(rnd.nextInt(600))) : Optional.empty();
      signals[i] = new LeadSignals(day, week, month, delay, delay.isPresent() ? 1 + rnd.nextInt(8) : 0,
          month == 0 ? Optional.empty() : Optional.of(now.minus(Duration.ofHours(rnd.nextInt(24 * 20)))), texts);
    }
    LeadScorer scorer = LeadScorer.builder().locale(Locale.forLanguageTag("es")).build();

    long sink = 0;
    long warmupEnd = System.nanoTime() + 5_000_000_000L;
    for (int i = 0; System.nanoTime() < warmupEnd; i = (i + 1) % n) {
      sink += scorer.score(leads[i], signals[i], now).value();
    }
    double[] rates = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long count = 0;
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      int i = 0;
      while (true) {
        for (int k = 0; k < 1000; k++, i = (i + 1) % n) {
          LeadScore s = scorer.score(leads[i], signals[i], now);
          sink += s.value() + s.factors().size();
        }
        count += 1000;
        if (System.nanoTime() >= end) {
          break;
        }
      }
      rates[r] = count / ((System.nanoTime() - start) / 1e9);
      System.out.printf(Locale.ROOT, "round %d: %,.0f leads/s%n", r + 1, rates[r]);
    }
    Arrays.sort(rates);
    System.out.println("machine: " + Machine.describe());
    System.out.printf(Locale.ROOT, "scoring on one thread, factors and Spanish reasons included: median %,.0f leads/s"
        + " (target >= 200,000) [checksum %d]%n", rates[rates.length / 2], sink % 1000);
  }
}
