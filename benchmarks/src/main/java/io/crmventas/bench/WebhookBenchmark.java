package io.crmventas.bench;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.ycloud.dedup.InMemoryEventDeduplicator;
import io.crmventas.ycloud.webhook.SignatureVerifier;
import io.crmventas.ycloud.webhook.WebhookHandler;
import io.crmventas.ycloud.webhook.WebhookResult;
import io.crmventas.ycloud.webhook.WebhookSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 5's in-memory webhook benchmark: YCloud deliveries handled per second on one thread,
 * each verified (HMAC-SHA256 signature), parsed, deduplicated and appended to the in-memory
 * inbox. Every delivery is a distinct, realistically sized inbound text event, so every one is
 * written. Each round gets a fresh store. Prints each round and the median.
 *
 * <p>Arguments: {@code events-per-round rounds} (default 200000 5).
 */
public final class WebhookBenchmark {
  private static final String SECRET = "whsec_3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e";

  public static void main(String[] args) {
    int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Instant now = Instant.parse("2026-11-25T15:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    TenantId tenant = TenantId.of("bench");
    byte[][] bodies = new byte[perRound][];
    List<Map<String, String>> headers = new java.util.ArrayList<>(perRound);
    for (int i = 0; i < perRound; i++) {
      bodies[i] = payload(i, now).getBytes(StandardCharsets.UTF_8);
      headers.add(Map.of("Content-Type", "application/json",
          "YCloud-Signature", SignatureVerifier.sign(SECRET, now.getEpochSecond(), bodies[i])));
    }
    System.out.printf(Locale.ROOT, "payload %d bytes, %d events per round, 1 thread%n", bodies[0].length, perRound);

    double[] rates = new double[rounds];
    for (int round = -1; round < rounds; round++) {
      InMemoryCrmStore store = InMemoryCrmStore.create(clock);
      store.tenants().create(Tenant.of(tenant, "Bench", ZoneId.of("America/Argentina/Buenos_Aires"),
          Locale.forLanguageTag("es"), now));
      WebhookHandler handler = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant, List.of(SECRET))))
          .clock(clock).ids(IdGenerator.timeOrdered(clock)).deduplicator(InMemoryEventDeduplicator.create(clock))
          .build();
      int accepted = 0;
      long start = System.nanoTime();
      for (int i = 0; i < perRound; i++) {
        WebhookResult r = handler.handle(tenant, headers.get(i), bodies[i]);
        if (r instanceof WebhookResult.Accepted) {
          accepted++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (accepted != perRound) {
        throw new IllegalStateException("only " + accepted + " of " + perRound + " accepted");
      }
      if (round < 0) {
        System.out.printf(Locale.ROOT, "warm-up: %,.0f events/s%n", perRound / seconds);
        continue;
      }
      rates[round] = perRound / seconds;
      System.out.printf(Locale.ROOT, "round %d: %,.0f events/s%n", round + 1, rates[round]);
    }
    Arrays.sort(rates);
    System.out.printf(Locale.ROOT, "median: %,.0f events/s (target 20,000)%n", rates[rounds / 2]);
  }

  static String payload(int i, Instant now) {
    return """
        {
          "id": "evt_%1$08d",
          "type": "whatsapp.inbound_message.received",
          "apiVersion": "v2",
          "createTime": "%2$s",
          "whatsappInboundMessage": {
            "id": "63f5d7d6b4a7c2%1$08d",
            "wamid": "wamid.HBgNNTQ5MTE1NTU1MDAwMRUCABIYFjNFQjBD%1$08d",
            "wabaId": "104593812345678",
            "from": "+54911%3$08d",
            "customerProfile": {
              "name": "Cliente %1$d"
            },
            "to": "+5491100000000",
            "sendTime": "%2$s",
            "type": "text",
            "text": {
              "body": "Hola, vi el anuncio del plan anual. ¿Cuánto sale y tienen cuotas sin interés?"
            }
          }
        }
        """.formatted(i, now.toString(), 10_000_000 + (i % 50_000_000));
  }
}
