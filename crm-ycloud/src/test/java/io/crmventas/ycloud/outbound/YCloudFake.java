package io.crmventas.ycloud.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * YCloud's API faked with WireMock: answers sends like YCloud's queued endpoint does, and can be
 * told to fail the way YCloud fails.
 */
final class YCloudFake implements AutoCloseable {
  static final String API_KEY = "test-api-key-6f1d";
  private static final ObjectMapper JSON = new ObjectMapper();

  final WireMockServer server = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));

  YCloudFake() {
    server.start();
    reset();
  }

  String baseUrl() {
    return server.baseUrl() + "/v2";
  }

  /** Back to a healthy YCloud. */
  void reset() {
    server.resetAll();
    server.stubFor(post(urlPathMatching("/v2/whatsapp/messages(/sendDirectly)?")).atPriority(10)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("""
                {"id":"{{randomValue type='UUID'}}","wamid":null,"status":"accepted",\
                "from":"{{jsonPath request.body '$.from'}}","to":"{{jsonPath request.body '$.to'}}",\
                "type":"{{jsonPath request.body '$.type'}}","createTime":"{{now}}"}""")
            .withTransformers("response-template")));
    // Sent by business-scoped user id: YCloud echoes it as recipient and recipientUserId.
    server.stubFor(post(urlPathMatching("/v2/whatsapp/messages(/sendDirectly)?")).atPriority(9)
        .withRequestBody(matchingJsonPath("$.recipient"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("""
                {"id":"{{randomValue type='UUID'}}","wamid":null,"status":"accepted",\
                "from":"{{jsonPath request.body '$.from'}}","recipient":"{{jsonPath request.body '$.recipient'}}",\
                "recipientUserId":"{{jsonPath request.body '$.recipient'}}",\
                "type":"{{jsonPath request.body '$.type'}}","createTime":"{{now}}"}""")
            .withTransformers("response-template")));
    server.stubFor(post(urlPathMatching("/v2/whatsapp/inboundMessages/[^/]+/(markAsRead|typing)")).atPriority(10)
        .willReturn(aResponse().withStatus(200)));
  }

  /** Every request from now on is answered with {@code response}. */
  void failAlways(ResponseDefinitionBuilder response) {
    server.stubFor(post(urlPathMatching("/v2/.*")).atPriority(1).willReturn(response));
  }

  /** The next request is answered with {@code response}, then YCloud is healthy again. */
  void failOnce(ResponseDefinitionBuilder response) {
    server.stubFor(post(urlPathMatching("/v2/.*")).atPriority(1).inScenario("once")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(response).willSetStateTo("recovered"));
  }

  static ResponseDefinitionBuilder error(int status, String code, String message, String target, String whatsappCode) {
    String wa = whatsappCode == null ? "" : ",\"whatsappApiError\":{\"message\":\"" + message
        + "\",\"type\":\"OAuthException\",\"code\":\"" + whatsappCode + "\",\"fbtrace_id\":\"AbCdEf123\"}";
    String t = target == null ? "" : ",\"target\":\"" + target + "\"";
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"status\":" + status + ",\"code\":\"" + code + "\",\"message\":\"" + message + "\"" + t
            + ",\"requestId\":\"req_1KjtKI80IKoaJNa6n6p\"" + wa + "}}");
  }

  /** The requests YCloud answered 2xx, oldest first. */
  List<ServeEvent> accepted() {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    java.util.Collections.reverse(events);
    return events.stream().filter(e -> e.getResponse().getStatus() / 100 == 2).toList();
  }

  /** Every request, oldest first. */
  List<ServeEvent> all() {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    java.util.Collections.reverse(events);
    return events;
  }

  static JsonNode body(ServeEvent e) {
    try {
      return JSON.readTree(e.getRequest().getBodyAsString());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
