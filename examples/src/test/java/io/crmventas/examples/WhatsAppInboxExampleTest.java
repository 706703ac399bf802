package io.crmventas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.lead.Lead;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WhatsAppInboxExampleTest {
  private static final String SECRET = "whsec_example_test_secret";

  private final List<String> printed = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private WhatsAppInboxExample example;

  @BeforeEach
  void setUp() throws Exception {
    example = WhatsAppInboxExample.start(0, SECRET, Clock.systemUTC(), printed::add);
  }

  @AfterEach
  void tearDown() {
    example.close();
  }

  private HttpResponse<String> post(String path, String body, String signature) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + example.port() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("YCloud-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSignedMessageBecomesALeadWithAScoreAndATurn() throws Exception {
    Instant now = Instant.now();
    String body = WhatsAppInboxExample.inboundText("evt_test_1", "msg_test_1", "+5491155550001", "Ana Gómez",
        "Hola, cuánto cuesta el plan anual?", now);
    String signature = WhatsAppInboxExample.signature(SECRET, body, now);
    String path = WhatsAppInboxExample.PATH + "demo";

    HttpResponse<String> first = post(path, body, signature);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"accepted\"");
    HttpResponse<String> again = post(path, body, signature);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("\"duplicate\"");

    // The worker stores the message and scores the lead; 2 s of silence later the turn is ready.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (printed.stream().noneMatch(l -> l.startsWith("turn ready")) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(printed).anySatisfy(l -> assertThat(l).startsWith("turn ready").contains("cuánto cuesta el plan anual"));
    assertThat(printed).anySatisfy(l -> assertThat(l).startsWith("lead ").contains(" scored "));
    Lead lead = example.store().tenant(WhatsAppInboxExample.TENANT).leads()
        .findByPhone(PhoneNumber.parse("+5491155550001")).orElseThrow();
    assertThat(lead.name()).contains("Ana Gómez");
    assertThat(lead.score()).isPresent();
  }

  @Test
  void badRequestsGetTheirStatusAndStoreNothing() throws Exception {
    Instant now = Instant.now();
    String body = WhatsAppInboxExample.inboundText("evt_test_2", "msg_test_2", "+5491155550002", "Bruno", "Hola", now);
    String path = WhatsAppInboxExample.PATH + "demo";

    assertThat(post(path, body, null).statusCode()).isEqualTo(401);
    assertThat(post(path, body.replace("Hola", "Chau"), WhatsAppInboxExample.signature(SECRET, body, now)).statusCode())
        .isEqualTo(401);
    assertThat(post(WhatsAppInboxExample.PATH + "other", body, WhatsAppInboxExample.signature(SECRET, body, now))
        .statusCode()).isEqualTo(404);
    assertThat(post(WhatsAppInboxExample.PATH + "Not%20A%20Tenant", body, null).statusCode()).isEqualTo(404);
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + example.port() + path))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(example.store().tenant(WhatsAppInboxExample.TENANT).inbox().countByStatus().values())
        .allMatch(n -> n == 0);
  }
}
