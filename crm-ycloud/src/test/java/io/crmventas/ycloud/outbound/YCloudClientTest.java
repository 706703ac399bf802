package io.crmventas.ycloud.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import io.crmventas.core.CrmException;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.channel.ChannelRateLimitedException;
import io.crmventas.core.channel.ChannelOutcomeUnknownException;
import io.crmventas.core.channel.ChannelRejectedException;
import io.crmventas.core.channel.ChannelUnavailableException;
import io.crmventas.core.channel.ConversationWindowClosedException;
import io.crmventas.core.channel.InvalidRecipientException;
import io.crmventas.core.channel.OutboundMedia;
import io.crmventas.core.channel.OutboundTemplate;
import io.crmventas.core.channel.OutboundText;
import io.crmventas.core.channel.SendReceipt;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.DeliveryStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the YCloud client puts on the wire, and how it waits between retries. */
class YCloudClientTest {
  private static final PhoneNumber LEAD = PhoneNumber.parse("+5491155550001");
  private static YCloudFake yCloud;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    yCloud = new YCloudFake();
  }

  @AfterAll
  static void stop() {
    yCloud.close();
  }

  @BeforeEach
  void reset() {
    yCloud.reset();
    waits.clear();
  }

  private YCloudClient client(boolean direct) {
    YCloudConfig config = YCloudConfig.builder(YCloudFake.API_KEY, "+5491100000000").baseUrl(yCloud.baseUrl())
        .sendDirectly(direct).maxAttempts(4).initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10))
        .build();
    return new YCloudClient(config, new OkHttpClient(), waits::add);
  }

  private JsonNode onlyRequestBody() {
    assertThat(yCloud.all()).hasSize(1);
    return YCloudFake.body(yCloud.all().get(0));
  }

  @Test
  void closingAClientThatMadeItsOwnOkHttpClientReleasesItAndLeavesAGivenOneAlone() {
    YCloudConfig config = YCloudConfig.builder(YCloudFake.API_KEY, "+5491100000000").baseUrl(yCloud.baseUrl()).build();
    YCloudClient own = YCloudClient.create(config);
    own.sendText(new OutboundText(ContactAddress.of(LEAD), "hola", false));
    assertThat(own.http().connectionPool().connectionCount()).as("kept alive after the send").isEqualTo(1);
    own.close();
    assertThat(own.http().connectionPool().connectionCount()).isZero();
    assertThat(own.http().dispatcher().executorService().isShutdown()).isTrue();

    OkHttpClient shared = new OkHttpClient();
    YCloudClient borrowing = new YCloudClient(config, shared, waits::add);
    borrowing.sendText(new OutboundText(ContactAddress.of(LEAD), "hola", false));
    borrowing.close();
    assertThat(shared.connectionPool().connectionCount()).as("the caller's to close").isEqualTo(1);
    assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
    shared.connectionPool().evictAll();
  }

  @Test
  void aTextIsSentToTheQueuedEndpointWithTheApiKeyAndLinkPreview() {
    SendReceipt r = client(false).sendText(new OutboundText(ContactAddress.of(LEAD), "Mirá https://example.com/plan", true));
    assertThat(r.status()).isEqualTo(DeliveryStatus.ACCEPTED);
    var request = yCloud.all().get(0).getRequest();
    assertThat(request.getUrl()).isEqualTo("/v2/whatsapp/messages");
    assertThat(request.getHeader("X-API-Key")).isEqualTo(YCloudFake.API_KEY);
    JsonNode body = onlyRequestBody();
    assertThat(body.path("from").asText()).isEqualTo("+5491100000000");
    assertThat(body.path("to").asText()).isEqualTo("+5491155550001");
    assertThat(body.path("type").asText()).isEqualTo("text");
    assertThat(body.path("text").path("body").asText()).isEqualTo("Mirá https://example.com/plan");
    assertThat(body.path("text").path("preview_url").asBoolean()).isTrue();
  }

  @Test
  void aLeadKnownOnlyByBusinessScopedUserIdIsSentToAsRecipientWithoutTo() {
    ChannelUserId bsuid = new ChannelUserId("US.13491208655302741918");
    SendReceipt r = client(true).sendTemplate(new OutboundTemplate(ContactAddress.of(bsuid), "seguimiento_cita", "es",
        List.of("Ana")));
    assertThat(r.providerMessageId()).isNotBlank();
    JsonNode body = onlyRequestBody();
    assertThat(body.has("to")).isFalse();
    assertThat(body.path("recipient").asText()).isEqualTo("US.13491208655302741918");
    assertThat(body.path("from").asText()).isEqualTo("+5491100000000");
    yCloud.reset();
    yCloud.failAlways(YCloudFake.error(400, "PARAM_INVALID", "recipient is not a valid user id", "recipient", null));
    assertThatThrownBy(() -> client(false).sendText(new OutboundText(ContactAddress.of(bsuid), "hola", false)))
        .isInstanceOf(InvalidRecipientException.class).hasMessageContaining("recipient is not a valid user id");
  }

  @Test
  void sendDirectlyIsChosenByConfiguration() {
    client(true).sendText(OutboundText.of(LEAD, "hola"));
    assertThat(yCloud.all().get(0).getRequest().getUrl()).isEqualTo("/v2/whatsapp/messages/sendDirectly");
  }

  @Test
  void documentsCarryFilenameAndCaptionAndTemplatesTheirBodyParameters() {
    YCloudClient c = client(false);
    c.sendMedia(OutboundMedia.document(LEAD, "https://example.com/p.pdf", "precios.pdf", "Lista de precios"));
    JsonNode doc = onlyRequestBody().path("document");
    assertThat(doc.path("link").asText()).isEqualTo("https://example.com/p.pdf");
    assertThat(doc.path("filename").asText()).isEqualTo("precios.pdf");
    assertThat(doc.path("caption").asText()).isEqualTo("Lista de precios");

    yCloud.reset();
    c.sendTemplate(new OutboundTemplate(ContactAddress.of(LEAD), "seguimiento_cita", "es", List.of("Ana", "martes 10:00")));
    JsonNode template = onlyRequestBody().path("template");
    assertThat(template.path("name").asText()).isEqualTo("seguimiento_cita");
    assertThat(template.path("language").path("code").asText()).isEqualTo("es");
    JsonNode component = template.path("components").get(0);
    assertThat(component.path("type").asText()).isEqualTo("body");
    assertThat(component.path("parameters")).hasSize(2);
    assertThat(component.path("parameters").get(1).path("text").asText()).isEqualTo("martes 10:00");
  }

  @Test
  void readReceiptsUseTheInboundMessageIdInThePath() {
    client(false).markRead("63f5d7d6b4a7c2e1f0a9b8c7");
    client(false).showTyping("63f5d7d6b4a7c2e1f0a9b8c7");
    assertThat(yCloud.all()).extracting(e -> e.getRequest().getUrl()).containsExactly(
        "/v2/whatsapp/inboundMessages/63f5d7d6b4a7c2e1f0a9b8c7/markAsRead",
        "/v2/whatsapp/inboundMessages/63f5d7d6b4a7c2e1f0a9b8c7/typing");
  }

  @Test
  void retryAfterIsHonoured() {
    yCloud.failOnce(YCloudFake.error(429, "TOO_MANY_REQUESTS", "slow down", null, null).withHeader("Retry-After", "7"));
    client(false).sendText(OutboundText.of(LEAD, "hola"));
    assertThat(waits).containsExactly(Duration.ofSeconds(7));
    assertThat(yCloud.accepted()).hasSize(1);
  }

  @Test
  void aRetryAfterLongerThanTheLongestBackoffEndsTheRetriesAtOnce() {
    yCloud.failAlways(YCloudFake.error(429, "TOO_MANY_REQUESTS", "slow down", null, null).withHeader("Retry-After", "120"));
    assertThatThrownBy(() -> client(false).sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOfSatisfying(ChannelRateLimitedException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(120)));
    assertThat(yCloud.all()).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void serverErrorsBackOffExponentiallyWithJitterWithinTheBudget() {
    yCloud.failAlways(WireMock.aResponse().withStatus(502));
    assertThatThrownBy(() -> client(false).sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(ChannelUnavailableException.class);
    assertThat(yCloud.all()).hasSize(4);
    assertThat(waits).hasSize(3);
    long[][] bounds = {{100, 200}, {200, 400}, {400, 800}};
    for (int i = 0; i < 3; i++) {
      assertThat(waits.get(i).toMillis()).isBetween(bounds[i][0], bounds[i][1]);
    }
  }

  @Test
  void aSendWhoseConnectionDroppedAfterTheRequestIsNotSentAgain() {
    yCloud.failOnce(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    assertThatThrownBy(() -> client(false).sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(ChannelOutcomeUnknownException.class).hasMessageContaining("may have gone out")
        .satisfies(e -> assertThat(((ChannelRejectedException) e).isRetriable()).isFalse());
    assertThat(yCloud.all()).as("YCloud may have taken it: one request only").hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void aReadReceiptWhoseConnectionDroppedIsRetried() {
    yCloud.failOnce(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    client(false).markRead("63f5d7d6b4a7c2e1f0a9b8c7");
    assertThat(yCloud.all()).hasSize(2);
    assertThat(waits).singleElement().satisfies(w -> assertThat(w.toMillis()).isBetween(100L, 200L));
  }

  @Test
  void aConnectionThatKeepsFailingEndsUnavailableWithTheIoErrorAsCause() {
    yCloud.failAlways(WireMock.aResponse().withFault(Fault.EMPTY_RESPONSE));
    assertThatThrownBy(() -> client(false).showTyping("63f5d7d6b4a7c2e1f0a9b8c7"))
        .isInstanceOf(ChannelUnavailableException.class).hasCauseInstanceOf(java.io.IOException.class);
    assertThat(yCloud.all()).hasSize(4);
    assertThat(waits).hasSize(3);
  }

  @Test
  void aSendThatCannotConnectIsRetriedThenUnavailable() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();   // nothing listens there once it is closed
    }
    YCloudConfig config = YCloudConfig.builder(YCloudFake.API_KEY, "+5491100000000")
        .baseUrl("http://127.0.0.1:" + closed + "/v2").maxAttempts(3).initialBackoff(Duration.ofMillis(200))
        .maxBackoff(Duration.ofSeconds(10)).build();
    assertThatThrownBy(() -> new YCloudClient(config, new OkHttpClient(), waits::add)
        .sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(ChannelUnavailableException.class).hasCauseInstanceOf(java.net.ConnectException.class);
    assertThat(waits).hasSize(2);
  }

  @Test
  void aRetryAfterDateIsHonoured() {
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-10-21T07:27:53Z"), java.time.ZoneOffset.UTC);
    assertThat(YCloudClient.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT", clock)).contains(Duration.ofSeconds(7));
    assertThat(YCloudClient.retryAfter("Wed, 21 Oct 2026 07:20:00 GMT", clock)).contains(Duration.ZERO);
    assertThat(YCloudClient.retryAfter("soon", clock)).isEmpty();
    assertThat(YCloudClient.retryAfter("12", clock)).contains(Duration.ofSeconds(12));
    // The two obsolete forms a recipient must still accept (RFC 9110).
    assertThat(YCloudClient.retryAfter("Wednesday, 21-Oct-26 07:28:00 GMT", clock)).contains(Duration.ofSeconds(7));
    assertThat(YCloudClient.retryAfter("Wed Oct 21 07:28:00 2026", clock)).contains(Duration.ofSeconds(7));
    assertThat(YCloudClient.retryAfter("Thu Oct  1 07:28:00 2026", clock)).contains(Duration.ZERO);
  }

  @Test
  void aRedirectIsAnErrorAndTheApiKeyNeverFollowsIt() {
    YCloudFake elsewhere = new YCloudFake();
    try {
      yCloud.failAlways(WireMock.aResponse().withStatus(307)
          .withHeader("Location", elsewhere.baseUrl() + "/whatsapp/inboundMessages/63f5d7d6b4a7c2e1f0a9b8c7/markAsRead"));
      // A read receipt can be sent again, so okhttp would follow a redirect with it.
      assertThatThrownBy(() -> client(false).markRead("63f5d7d6b4a7c2e1f0a9b8c7"))
          .isInstanceOf(ChannelRejectedException.class).hasMessageContaining("307");
      assertThatThrownBy(() -> client(false).sendText(OutboundText.of(LEAD, "hola")))
          .isInstanceOf(ChannelRejectedException.class).hasMessageContaining("307");
      assertThat(elsewhere.all()).isEmpty();
    } finally {
      elsewhere.close();
    }
  }

  @Test
  void digitRunsInYCloudsErrorMessagesAreMasked() {
    assertThat(WhatsAppErrors.masked("(#131026) Message undeliverable to +5491155550001 at 10:00"))
        .isEqualTo("(#131026) Message undeliverable to *** at 10:00");
  }

  @Test
  void aSendDirectlyAnswerSaysHowFarTheMessageGot() {
    yCloud.failAlways(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
        "{\"id\":\"63f5d7d6b4a7c2e1f0a9b8c7\",\"wamid\":\"wamid.HBgN\",\"status\":\"sent\"}"));
    SendReceipt receipt = client(true).sendText(OutboundText.of(LEAD, "hola"));
    assertThat(receipt.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(receipt.externalId()).contains("wamid.HBgN");
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertThatThrownBy(() -> YCloudConfig.builder(" ", "+5491100000000").build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("apiKey");
    assertThatThrownBy(() -> YCloudConfig.builder("k", "5491100000000").build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("from").hasMessageContaining("5491100000000");
    assertThatThrownBy(() -> YCloudConfig.builder("k", "+5491100000000").initialBackoff(Duration.ofSeconds(5))
        .maxBackoff(Duration.ofSeconds(1)).build()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("maxBackoff");
  }

  @Test
  void aRecipientNamedAsTheBadFieldIsAnInvalidRecipientOtherRefusalsAreRejections() {
    yCloud.failAlways(YCloudFake.error(400, "PARAM_INVALID", "to is not a valid phone number", "to", null));
    assertThatThrownBy(() -> client(false).sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(InvalidRecipientException.class).hasMessageContaining("PARAM_INVALID");
    yCloud.reset();
    yCloud.failAlways(YCloudFake.error(400, "PARAM_INVALID", "template not found", "template.name", null));
    assertThatThrownBy(() -> client(false).sendTemplate(new OutboundTemplate(ContactAddress.of(LEAD), "nope", "es", List.of())))
        .isInstanceOf(ChannelRejectedException.class).hasMessageContaining("template not found");
    assertThat(waits).isEmpty();
  }

  @Test
  void aClosedTwentyFourHourWindowSaysOnlyATemplateCanReachTheLead() {
    yCloud.failAlways(YCloudFake.error(400, "WHATSAPP_API_ERROR",
        "(#131047) Re-engagement message: more than 24 hours have passed since the recipient last replied",
        "whatsappApiError", "131047"));
    assertThatThrownBy(() -> client(false).sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(ConversationWindowClosedException.class).hasMessageContaining("only a template")
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isFalse());
    assertThat(yCloud.all()).hasSize(1);
  }

  @Test
  void anAcceptedSendWhoseAnswerHasNoIdIsNotSentAgain() {
    yCloud.failAlways(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"status\": \"accepted\"}"));
    assertThatThrownBy(() -> client(false).sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(ChannelOutcomeUnknownException.class).hasMessageContaining("may have gone out")
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isFalse());
    assertThat(yCloud.all()).as("one request, no retry that could send it twice").hasSize(1);
  }

  @Test
  void anAcceptedSendWhoseAnswerIsCutOffIsNotSentAgain() {
    yCloud.failAlways(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withHeader("Content-Length", "500").withBody("{\"id\": \"63f5"));
    assertThatThrownBy(() -> client(false).sendText(OutboundText.of(LEAD, "hola")))
        .isInstanceOf(ChannelOutcomeUnknownException.class).hasMessageContaining("may have gone out");
    assertThat(yCloud.all()).hasSize(1);
    assertThat(waits).isEmpty();
  }
}
