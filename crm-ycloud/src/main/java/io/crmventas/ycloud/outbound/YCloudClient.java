package io.crmventas.ycloud.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.channel.ChannelAuthException;
import io.crmventas.core.channel.ChannelRateLimitedException;
import io.crmventas.core.channel.ChannelOutcomeUnknownException;
import io.crmventas.core.channel.ChannelRejectedException;
import io.crmventas.core.channel.ChannelUnavailableException;
import io.crmventas.core.channel.ConversationWindowClosedException;
import io.crmventas.core.channel.InvalidRecipientException;
import io.crmventas.core.channel.OutboundChannel;
import io.crmventas.core.channel.OutboundMedia;
import io.crmventas.core.channel.OutboundTemplate;
import io.crmventas.core.channel.OutboundText;
import io.crmventas.core.channel.SendReceipt;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.ycloud.webhook.StatusUpdate;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OutboundChannel} for WhatsApp over YCloud's REST API (okhttp).
 *
 * <p>Sends go to {@code POST /whatsapp/messages} (queued; delivery is reported later by
 * {@code whatsapp.message.updated} webhooks) or, when configured, {@code /sendDirectly}, addressed
 * to the lead's phone number ({@code to}) or, for a lead known only by WhatsApp's
 * business-scoped user id, to that id ({@code recipient}).
 * Read receipts and typing indicators go to {@code /whatsapp/inboundMessages/{id}/markAsRead}
 * and {@code /typing}, with the inbound message's id.
 *
 * <p>429 and 5xx answers are retried up to the configured attempts with exponential backoff and
 * jitter, waiting what a {@code Retry-After} header asks (seconds or an HTTP date) when it asks
 * for no more than the longest backoff. So are I/O failures that happened before the request
 * reached YCloud (the connection or its TLS handshake could not be made). A send that failed
 * after its request was written (the connection dropped or timed out while waiting for the
 * answer) is not sent again, since YCloud may have taken it and offers no idempotency key: it is
 * a {@link ChannelOutcomeUnknownException} (a {@link ChannelRejectedException}) saying the
 * message may have gone out. Read receipts and typing indicators, harmless to repeat, are
 * retried in every case. A 2xx answer is never retried: one that cannot be read or has no id is
 * a {@link ChannelOutcomeUnknownException} too. WhatsApp's 131047 (the 24-hour window is closed)
 * is a {@link ConversationWindowClosedException}.
 *
 * <p>Thread-safe.
 */
public final class YCloudClient implements OutboundChannel, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(YCloudClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final YCloudConfig config;
  private final OkHttpClient http;
  private final Sleeper sleeper;
  private final HttpUrl base;
  private final ObjectMapper mapper = new ObjectMapper();
  /** Whether {@link #http}'s connection pool and dispatcher are this client's own ({@link #create}). */
  private final boolean ownsHttp;

  /**
   * A client on {@code http}'s connection pool and dispatcher, which stay the caller's: share one
   * okhttp client between this and the media downloader and transcriber, and close it yourself.
   */
  public YCloudClient(YCloudConfig config, OkHttpClient http, Sleeper sleeper) {
    this(config, http, sleeper, false);
  }

  private YCloudClient(YCloudConfig config, OkHttpClient http, Sleeper sleeper, boolean ownsHttp) {
    this.ownsHttp = ownsHttp;
    this.config = Objects.requireNonNull(config, "config");
    // No redirects: okhttp would carry the X-API-Key header to wherever a 3xx points (it drops
    // only Authorization across hosts), and YCloud's API never redirects; a 3xx is an error.
    this.http = Objects.requireNonNull(http, "http").newBuilder()
        .callTimeout(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .followRedirects(false).followSslRedirects(false).build();
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.base = HttpUrl.get(config.baseUrl());
  }

  /** A client with its own okhttp client, sleeping between retries; {@link #close} releases it. */
  public static YCloudClient create(YCloudConfig config) {
    return new YCloudClient(config, new OkHttpClient(), Sleeper.system(), true);
  }

  /**
   * Releases the okhttp client {@link #create} made (its idle connections and dispatcher threads);
   * a client given to the constructor is the caller's and is left alone. Do not send after this.
   */
  @Override
  public void close() {
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** The okhttp client in use, for tests. */
  OkHttpClient http() {
    return http;
  }

  @Override
  public String name() {
    return "whatsapp";
  }

  @Override
  public SendReceipt sendText(OutboundText m) {
    Objects.requireNonNull(m, "message");
    ObjectNode body = envelope(m.to(), "text");
    body.putObject("text").put("body", m.body()).put("preview_url", m.previewUrl());
    return send(body);
  }

  @Override
  public SendReceipt sendMedia(OutboundMedia m) {
    Objects.requireNonNull(m, "message");
    String type = m.kind().name().toLowerCase(Locale.ROOT);
    ObjectNode body = envelope(m.to(), type);
    ObjectNode media = body.putObject(type).put("link", m.url());
    if (m.kind() != OutboundMedia.Kind.AUDIO) {
      m.caption().ifPresent(c -> media.put("caption", c));
    }
    if (m.kind() == OutboundMedia.Kind.DOCUMENT) {
      m.filename().ifPresent(f -> media.put("filename", f));
    }
    return send(body);
  }

  @Override
  public SendReceipt sendTemplate(OutboundTemplate m) {
    Objects.requireNonNull(m, "message");
    ObjectNode body = envelope(m.to(), "template");
    ObjectNode template = body.putObject("template").put("name", m.name());
    template.putObject("language").put("code", m.languageCode());
    if (!m.bodyParameters().isEmpty()) {
      ArrayNode params = template.putArray("components").addObject().put("type", "body").putArray("parameters");
      m.bodyParameters().forEach(p -> params.addObject().put("type", "text").put("text", p));
    }
    return send(body);
  }

  @Override
  public void markRead(String inboundMessageId) {
    inboundAction(inboundMessageId, "markAsRead");
  }

  @Override
  public void showTyping(String inboundMessageId) {
    inboundAction(inboundMessageId, "typing");
  }

  private void inboundAction(String inboundMessageId, String action) {
    Objects.requireNonNull(inboundMessageId, "inboundMessageId");
    if (inboundMessageId.isBlank()) {
      throw new InvalidInputException("inboundMessageId", inboundMessageId, "must not be blank");
    }
    HttpUrl url = base.newBuilder().addPathSegment("whatsapp").addPathSegment("inboundMessages")
        .addPathSegment(inboundMessageId).addPathSegment(action).build();
    call(url, RequestBody.create(new byte[0], JSON), action, true);
  }

  /**
   * {@code from}, the recipient and {@code type}. The recipient is {@code to} with the phone
   * number when there is one, else {@code recipient} with the business-scoped user id (YCloud
   * takes exactly one; given both, {@code to} wins).
   */
  private ObjectNode envelope(ContactAddress to, String type) {
    ObjectNode body = mapper.createObjectNode().put("from", config.from());
    if (to.phone().isPresent()) {
      body.put("to", to.phone().get().value());
    } else {
      body.put("recipient", to.userId().orElseThrow().value());
    }
    return body.put("type", type);
  }

  private SendReceipt send(ObjectNode body) {
    HttpUrl.Builder url = base.newBuilder().addPathSegment("whatsapp").addPathSegment("messages");
    if (config.sendDirectly()) {
      url.addPathSegment("sendDirectly");
    }
    JsonNode answer = call(url.build(), oneShot(RequestBody.create(body.toString(), JSON)),
        "send " + body.path("type").asText(), false);
    String id = answer.path("id").asText("");
    if (id.isBlank()) {
      // Accepted, so perhaps on its way: not worth a retry that could send it twice.
      // Not the whole answer: it repeats the recipient and the text.
      throw new ChannelOutcomeUnknownException("YCloud accepted the message but returned no id (not sent again, it may"
          + " have gone out; status " + answer.path("status").asText("none") + ", wamid "
          + answer.path("wamid").asText("none") + ")");
    }
    Optional<String> wamid = Optional.of(answer.path("wamid").asText("")).filter(s -> !s.isBlank());
    DeliveryStatus status = StatusUpdate.deliveryStatusOf(answer.path("status").asText("accepted"))
        .orElse(DeliveryStatus.ACCEPTED);
    return new SendReceipt(id, wamid, status);
  }

  /**
   * Calls with retries; returns the JSON answer (an empty object for an empty body).
   *
   * @param repeatable whether the call may be made again after a failure that came after its
   *     request was written (true for read receipts and typing, false for sends)
   */
  private JsonNode call(HttpUrl url, RequestBody body, String what, boolean repeatable) {
    Request request = new Request.Builder().url(url).post(body).header("X-API-Key", config.apiKey())
        .header("Accept", "application/json").build();
    String lastProblem = "";
    Optional<Duration> lastRetryAfter = Optional.empty();
    boolean rateLimited = false;
    IOException lastIo = null;
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      Duration wait;
      try (Response response = http.newCall(request).execute()) {
        int code = response.code();
        String text;
        try {
          text = readBody(response.body());
        } catch (IOException e) {
          if (code >= 200 && code < 300) {
            // YCloud took the request: retrying could send the message twice.
            throw new ChannelOutcomeUnknownException("YCloud accepted " + what + " but its answer could not be read (not sent"
                + " again, it may have gone out): " + e);
          }
          throw e;
        }
        if (code >= 200 && code < 300) {
          return text.isBlank() ? mapper.createObjectNode() : parse(text);
        }
        YCloudError error = YCloudError.of(parse(text), code);
        if (code == 401 || code == 403) {
          throw new ChannelAuthException("YCloud refused the API key on " + what + ": " + error);
        }
        if (code != 429 && code < 500) {
          if (error.whatsappCode().equals(WhatsAppErrors.WINDOW_CLOSED)) {
            throw new ConversationWindowClosedException("YCloud cannot deliver " + what + ": the lead has not written"
                + " in 24 hours, only a template can reach them now: " + error);
          }
          if (error.isRecipientProblem(WhatsAppErrors.RECIPIENT_CODES)) {
            throw new InvalidRecipientException("YCloud cannot deliver " + what + " to the recipient: " + error);
          }
          throw new ChannelRejectedException("YCloud rejected " + what + " (" + code + "): " + error);
        }
        rateLimited = code == 429;
        lastProblem = code + " " + error;
        lastRetryAfter = retryAfter(response.header("Retry-After"), config.clock());
        wait = lastRetryAfter.orElse(backoff(attempt));
        lastIo = null;
      } catch (IOException e) {
        if (!repeatable && !beforeTheRequest(e)) {
          throw new ChannelOutcomeUnknownException("YCloud " + what + " failed after its request was sent (not sent again,"
              + " it may have gone out): " + e);
        }
        rateLimited = false;
        lastIo = e;
        lastProblem = e.toString();
        lastRetryAfter = Optional.empty();
        wait = backoff(attempt);
      }
      if (attempt == config.maxAttempts() || wait.compareTo(config.maxBackoff()) > 0) {
        break;
      }
      LOG.debug("YCloud {} failed (attempt {} of {}): {}; retrying in {}", what, attempt, config.maxAttempts(),
          lastProblem, wait);
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChannelUnavailableException("interrupted while retrying YCloud " + what, e);
      }
    }
    if (rateLimited) {
      throw new ChannelRateLimitedException("YCloud kept rate limiting " + what + ": " + lastProblem, lastRetryAfter);
    }
    throw new ChannelUnavailableException("YCloud failed " + what + " after retrying: " + lastProblem, lastIo);
  }

  private Duration backoff(int attempt) {
    return config.backoff().delay(attempt);
  }

  /**
   * {@code body} marked one-shot: okhttp then never writes it a second time on its own (it
   * would resend a request on a failed pooled connection even after writing it), and still tries
   * another connection when the first could not be made.
   */
  private static RequestBody oneShot(RequestBody body) {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return body.contentType();
      }

      @Override
      public long contentLength() throws IOException {
        return body.contentLength();
      }

      @Override
      public void writeTo(okio.BufferedSink sink) throws IOException {
        body.writeTo(sink);
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };
  }

  /**
   * Whether {@code e} happened before the request could reach YCloud: no connection, no name, no
   * TLS session, or a connect timeout. Anything else (a reset, a read timeout, an empty answer)
   * may have come after YCloud took it.
   */
  static boolean beforeTheRequest(IOException e) {
    return e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException
        || e instanceof java.net.NoRouteToHostException || e instanceof javax.net.ssl.SSLHandshakeException
        || e instanceof java.net.SocketTimeoutException && e.getMessage() != null
            && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect");
  }

  /**
   * The three forms of an HTTP date a recipient must accept (RFC 9110, 5.6.7): IMF-fixdate, the
   * obsolete RFC 850 form with a two-digit year and asctime's, all in GMT.
   */
  private static final List<java.time.format.DateTimeFormatter> HTTP_DATES = List.of(
      java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME,
      new java.time.format.DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(java.time.temporal.ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'")
          .toFormatter(Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC),
      java.time.format.DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH)
          .withZone(java.time.ZoneOffset.UTC));

  /** {@code Retry-After}: delay seconds, or an HTTP date (a date already past is no wait). */
  static Optional<Duration> retryAfter(String header, java.time.Clock clock) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      for (java.time.format.DateTimeFormatter format : HTTP_DATES) {
        try {
          java.time.Instant at = java.time.ZonedDateTime.parse(value.replaceAll("\\s+", " "), format).toInstant();
          Duration wait = Duration.between(clock.instant(), at);
          return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (java.time.format.DateTimeParseException unreadable) {
          // the next format
        }
      }
      return Optional.empty();
    }
  }

  private static String readBody(ResponseBody body) throws IOException {
    return body == null ? "" : body.string();
  }

  private JsonNode parse(String text) {
    if (text.isBlank()) {
      return mapper.createObjectNode();
    }
    try {
      return mapper.readTree(text);
    } catch (IOException e) {
      return mapper.createObjectNode().put("unparsed", text.length() > 300 ? text.substring(0, 300) : text);
    }
  }
}
