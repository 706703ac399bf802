package io.crmventas.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.crmventas.core.IdGenerator;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.channel.ConversationTurnReady;
import io.crmventas.core.channel.InboundRecorder;
import io.crmventas.core.channel.MessageReceived;
import io.crmventas.core.channel.TurnAssembler;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.inbox.InboxProcessor;
import io.crmventas.core.scoring.LeadScored;
import io.crmventas.core.scoring.LeadScoringService;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.TenantSettings;
import io.crmventas.ycloud.processing.YCloudInboxHandler;
import io.crmventas.ycloud.webhook.SignatureVerifier;
import io.crmventas.ycloud.webhook.WebhookHandler;
import io.crmventas.ycloud.webhook.WebhookResult;
import io.crmventas.ycloud.webhook.WebhookSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * WhatsApp intake inside a plain Java program: the JDK's own HTTP server receives YCloud
 * webhooks on {@code POST /webhooks/ycloud/{tenant}}, {@link WebhookHandler} verifies and stores
 * them in the inbox, and an {@link InboxProcessor} turns them into leads, conversations and
 * messages, scores the leads and publishes a {@link ConversationTurnReady} when a lead's burst of
 * messages ends (where an assistant or a seller would answer). Everything is in memory.
 *
 * <p>Run it with {@code YCLOUD_WEBHOOK_SECRET} set to the secret of your YCloud webhook endpoint
 * (a demo secret otherwise) and point the endpoint at {@code http://<host>:<port>/webhooks/ycloud/demo};
 * it prints a {@code curl} command that delivers a signed sample event. Arguments: {@code [port]}
 * (default 8080). The JDK server has no request timeouts: exposed to the internet, put a reverse
 * proxy in front of it, or use your own web framework and keep only the {@code handle} call.
 */
public final class WhatsAppInboxExample implements AutoCloseable {
  /** The one tenant of the example. */
  public static final TenantId TENANT = TenantId.of("demo");
  /** The path webhooks are posted to, followed by the tenant id. */
  public static final String PATH = "/webhooks/ycloud/";

  /** The largest webhook body accepted (the handler's default, 1 MiB). */
  public static final int MAX_BODY_BYTES = WebhookHandler.Builder.DEFAULT_MAX_BODY_BYTES;

  private static final String DEMO_SECRET = "whsec_demo_only_do_not_use_in_production";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CrmStore store;
  private final WebhookHandler webhooks;
  private final InboxProcessor worker;
  private final HttpServer http;
  private final ExecutorService httpThreads;

  private WhatsAppInboxExample(int port, String secret, Clock clock, Consumer<String> out) throws IOException {
    IdGenerator ids = IdGenerator.timeOrdered(clock);
    store = InMemoryCrmStore.create(clock);
    // A tenant whose leads' bursts end after 2 s of silence (the default is 8 s).
    store.tenants().create(Tenant.of(TENANT, "Demo", ZoneId.of("America/Argentina/Buenos_Aires"),
        Locale.forLanguageTag("es"), clock.instant()).withSettings(TenantSettings.DEFAULTS.with(TurnAssembler.WINDOW,
        Duration.ofSeconds(2))));

    EventBus bus = new EventBus();
    bus.subscribe(MessageReceived.class, m -> out.accept("message " + m.messageId() + " from lead " + m.leadId()));
    bus.subscribe(LeadScored.class, s -> out.accept("lead " + s.leadId() + " scored " + s.score().value() + " "
        + s.score().band() + ": " + s.score().factors().stream().map(f -> f.reason()).collect(Collectors.joining("; "))));
    bus.subscribe(ConversationTurnReady.class, t -> out.accept("turn ready for lead " + t.leadId() + ": "
        + t.text().replace('\n', ' ')));

    // Webhook requests only verify and store; the inbox worker does the rest.
    webhooks = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(TENANT, List.of(secret)))).clock(clock)
        .maxBodyBytes(MAX_BODY_BYTES).build();
    InboundRecorder recorder = new InboundRecorder(store, bus, clock, ids,
        Optional.of(LeadScoringService.builder(store).clock(clock).events(bus).build()));
    TurnAssembler turns = new TurnAssembler(store, bus, clock, ids);
    worker = InboxProcessor.builder(store.inbox())
        .handler(WebhookHandler.PROVIDER, new YCloudInboxHandler(store, recorder, Optional.empty(), Optional.of(turns)))
        .handler(TurnAssembler.PROVIDER, turns)
        .clock(clock).owner("example").pollInterval(Duration.ofMillis(200))
        .build();

    // Bind first: if the port is taken, nothing has been started yet.
    http = HttpServer.create(new InetSocketAddress(port), 0);
    httpThreads = Executors.newFixedThreadPool(8);
    http.createContext(PATH, this::serve);
    http.setExecutor(httpThreads);
    worker.start();
    http.start();
  }

  /**
   * Starts the server and the inbox worker.
   *
   * @param port the HTTP port (0 picks a free one)
   * @param secret the YCloud webhook secret of the tenant {@code demo}
   * @param out receives a line for each message stored, score and finished turn
   */
  public static WhatsAppInboxExample start(int port, String secret, Clock clock, Consumer<String> out)
      throws IOException {
    return new WhatsAppInboxExample(port, secret, clock, out);
  }

  /** The port the server listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The in-memory store, to look at what arrived. */
  public CrmStore store() {
    return store;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().add("Allow", "POST");
        respond(exchange, 405, "{\"error\":\"method_not_allowed\",\"detail\":\"webhooks are POSTed\"}");
        return;
      }
      String length = exchange.getRequestHeaders().getFirst("Content-Length");
      if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
          && Long.parseLong(length) > MAX_BODY_BYTES) {
        // Refuse before reading; the handler would answer the same after reading.
        respond(exchange, 413, "{\"error\":\"too_large\",\"detail\":\"body has " + length
            + " bytes; the limit is " + MAX_BODY_BYTES + "\"}");
        return;
      }
      TenantId tenant;
      try {
        tenant = TenantId.of(exchange.getRequestURI().getPath().substring(PATH.length()));
      } catch (InvalidInputException e) {
        respond(exchange, 404, "{\"error\":\"unknown_tenant\",\"detail\":\"the path does not name a tenant\"}");
        return;
      }
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
      // Never read more than the handler accepts: one byte over is enough for it to answer 413.
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      WebhookResult result = webhooks.handle(tenant, headers, body);
      respond(exchange, result.status(), result.body());
    }
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Stops taking requests (those in progress are cut off: YCloud delivers them again, and the
   * inbox recognises what was already stored), then stops the worker, which finishes the event in
   * hand.
   */
  @Override
  public void close() {
    try {
      http.stop(0);
      httpThreads.shutdown();
      httpThreads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        webhooks.close();
      } finally {
        worker.close();
      }
    }
  }

  /**
   * A YCloud {@code whatsapp.inbound_message.received} event with a text message, shaped like
   * the ones YCloud sends.
   */
  public static String inboundText(String eventId, String messageId, String from, String name, String text,
      Instant sentAt) {
    ObjectNode event = JSON.createObjectNode().put("id", eventId).put("type", "whatsapp.inbound_message.received")
        .put("apiVersion", "v2").put("createTime", sentAt.toString());
    ObjectNode message = event.putObject("whatsappInboundMessage").put("id", messageId).put("wamid", "wamid." + messageId)
        .put("wabaId", "104593812345678").put("from", from).put("to", "+5491100000000")
        .put("sendTime", sentAt.toString()).put("type", "text");
    message.putObject("customerProfile").put("name", name);
    message.putObject("text").put("body", text);
    return event.toString();
  }

  /** The {@code YCloud-Signature} header YCloud would send with {@code body}. */
  public static String signature(String secret, String body, Instant at) {
    return SignatureVerifier.sign(secret, at.getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    String secret = Optional.ofNullable(System.getenv("YCLOUD_WEBHOOK_SECRET")).orElse(DEMO_SECRET);
    WhatsAppInboxExample example = start(port, secret, Clock.systemUTC(), System.out::println);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      example.close();
      stopped.countDown();
    }));

    Instant now = Instant.now();
    // ASCII only, so that the command survives any console encoding (the signature covers the bytes).
    String body = inboundText("evt_" + now.toEpochMilli(), "msg_" + now.toEpochMilli(), "+5491155550001", "Ana Gomez",
        "Hola, cuanto cuesta el plan anual? Es urgente", now);
    System.out.println("Listening on http://localhost:" + example.port() + PATH + TENANT.value());
    System.out.println("Deliver a signed sample event (valid for 5 minutes; a POSIX shell command):");
    System.out.println("curl -i -X POST http://localhost:" + example.port() + PATH + TENANT.value()
        + " -H 'Content-Type: application/json' -H 'YCloud-Signature: " + signature(secret, body, now) + "'"
        + " --data-binary '" + body + "'");
    System.out.println("Ctrl-C stops.");
    stopped.await();
  }
}
