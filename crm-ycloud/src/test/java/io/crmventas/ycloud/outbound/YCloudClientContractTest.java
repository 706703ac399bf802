package io.crmventas.ycloud.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.crmventas.core.channel.OutboundChannel;
import io.crmventas.core.channel.OutboundChannelContract;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The YCloud client passes the outbound channel contract against a WireMock YCloud. */
class YCloudClientContractTest extends OutboundChannelContract {
  private static YCloudFake yCloud;

  @BeforeAll
  static void start() {
    yCloud = new YCloudFake();
  }

  @AfterAll
  static void stop() {
    yCloud.close();
  }

  @Override
  protected OutboundChannel createChannel() {
    yCloud.reset();
    YCloudConfig config = YCloudConfig.builder(YCloudFake.API_KEY, "+5491100000000").baseUrl(yCloud.baseUrl())
        .maxAttempts(3).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofSeconds(1)).build();
    return new YCloudClient(config, new OkHttpClient(), d -> { });
  }

  @Override
  protected List<Delivered> delivered() {
    return yCloud.accepted().stream().map(YCloudClientContractTest::delivered).toList();
  }

  @Override
  protected int requestsReceived() {
    return yCloud.all().size();
  }

  private static Delivered delivered(ServeEvent e) {
    String path = e.getRequest().getUrl();
    if (path.startsWith("/v2/whatsapp/inboundMessages/")) {
      String[] parts = path.split("/");
      Kind kind = parts[5].equals("markAsRead") ? Kind.READ : Kind.TYPING;
      return new Delivered(kind, parts[4], "");
    }
    JsonNode body = YCloudFake.body(e);
    if (body.has("to") == body.has("recipient")) {
      throw new AssertionError("a send needs exactly one of to and recipient: " + body);
    }
    String to = body.has("to") ? body.path("to").asText() : body.path("recipient").asText();
    return switch (body.path("type").asText()) {
      case "text" -> new Delivered(Kind.TEXT, to, body.path("text").path("body").asText());
      case "image" -> new Delivered(Kind.IMAGE, to, body.path("image").path("link").asText());
      case "document" -> new Delivered(Kind.DOCUMENT, to, body.path("document").path("link").asText());
      case "template" -> new Delivered(Kind.TEMPLATE, to, body.path("template").path("name").asText());
      default -> throw new AssertionError("unexpected send " + body);
    };
  }

  @Override
  protected void providerRefusesCredentials() {
    yCloud.failAlways(YCloudFake.error(401, "UNAUTHORIZED", "Invalid API key", null, null));
  }

  @Override
  protected void providerRefusesRecipient() {
    yCloud.failAlways(YCloudFake.error(400, "WHATSAPP_API_ERROR",
        "(#131026) Message undeliverable", "whatsappApiError", "131026"));
  }

  @Override
  protected void providerRateLimits() {
    yCloud.failAlways(YCloudFake.error(429, "TOO_MANY_REQUESTS",
        "(#131056) (Business Account, Consumer Account) pair rate limit hit", "whatsappApiError", "131056")
        .withHeader("Retry-After", "1"));
  }

  @Override
  protected void providerIsDown() {
    yCloud.failAlways(WireMock.aResponse().withStatus(503).withBody("upstream unavailable"));
  }

  @Override
  protected void providerFailsOnce() {
    yCloud.failOnce(YCloudFake.error(500, "INTERNAL_ERROR", "Internal error", null, null));
  }
}
