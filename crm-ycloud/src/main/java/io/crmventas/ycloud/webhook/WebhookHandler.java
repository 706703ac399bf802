package io.crmventas.ycloud.webhook;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.RetriableException;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxWriter;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.ycloud.dedup.EventDeduplicator;
import io.crmventas.ycloud.dedup.EventDeduplicator.Claim;
import io.crmventas.ycloud.dedup.InMemoryEventDeduplicator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives YCloud webhooks without any web framework: give it the tenant from the URL, the
 * request headers and the raw body, and answer with the {@link WebhookResult}'s status and body.
 *
 * <p>In order: the body's size, the {@code YCloud-Signature} (with the tenant's secrets), the
 * body's shape, then deduplication on the event id, and the raw body is appended to the durable
 * inbox. Only an event that is in the inbox (now or before) is answered 2xx; processing happens
 * later, on inbox workers. Bad input is answered 4xx and writes nothing; a store that fails is
 * answered 503 so that YCloud delivers again. Nothing thrown by the ports escapes.
 *
 * <p>Thread-safe; one instance serves every tenant.
 */
public final class WebhookHandler {
  /** The provider name inbox events carry. */
  public static final String PROVIDER = "ycloud";
  /** The signature header's name (matched ignoring case). */
  public static final String SIGNATURE_HEADER = "YCloud-Signature";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

  private final InboxWriter inbox;
  private final WebhookSecrets secrets;
  private final EventDeduplicator dedup;
  private final Clock clock;
  private final IdGenerator ids;
  private final int maxBodyBytes;
  private final SignatureVerifier verifier;
  private final YCloudEventParser parser = new YCloudEventParser();

  private WebhookHandler(Builder b) {
    this.inbox = b.inbox != null ? b.inbox : InboxWriter.direct(b.store.inbox());
    this.secrets = b.secrets;
    this.clock = b.clock;
    this.dedup = b.dedup != null ? b.dedup : InMemoryEventDeduplicator.create(b.clock);
    this.ids = b.ids != null ? b.ids : IdGenerator.timeOrdered(b.clock);
    this.maxBodyBytes = b.maxBodyBytes;
    this.verifier = new SignatureVerifier(b.clock, b.signatureTolerance);
  }

  /** A handler storing into {@code store}'s inbox, checking signatures with {@code secrets}. */
  public static Builder builder(CrmStore store, WebhookSecrets secrets) {
    return new Builder(store, secrets);
  }

  /**
   * Handles one delivery.
   *
   * @param tenant the tenant the webhook URL names
   * @param headers the request headers; names are matched ignoring case
   * @param rawBody the body exactly as received
   */
  public WebhookResult handle(TenantId tenant, Map<String, String> headers, byte[] rawBody) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(rawBody, "rawBody");
    try {
      return handleChecked(tenant, headers, rawBody);
    } catch (RuntimeException e) {
      LOG.error("tenant={} webhook failed unexpectedly; answered 500 so YCloud delivers again", tenant, e);
      return new WebhookResult.Rejected(500, "internal_error", "the event could not be handled; it will be retried");
    }
  }

  private WebhookResult handleChecked(TenantId tenant, Map<String, String> headers, byte[] rawBody) {
    if (rawBody.length > maxBodyBytes) {
      return reject(tenant, new WebhookResult.Rejected(413, "too_large",
          "body has " + rawBody.length + " bytes; the limit is " + maxBodyBytes));
    }
    List<String> tenantSecrets = secrets.secretsFor(tenant);
    if (tenantSecrets.isEmpty()) {
      return reject(tenant, new WebhookResult.Rejected(404, "unknown_tenant", "no YCloud webhook is set up for this tenant"));
    }
    switch (verifier.verify(header(headers, SIGNATURE_HEADER), rawBody, tenantSecrets)) {
      case VALID -> { }
      case MISSING -> {
        return reject(tenant, WebhookResult.Rejected.badSignature("missing_signature", "the YCloud-Signature header is missing"));
      }
      case MALFORMED -> {
        return reject(tenant, WebhookResult.Rejected.badSignature("bad_signature",
            "the YCloud-Signature header is not t=<unix seconds>,s=<hex sha256>"));
      }
      case STALE -> {
        return reject(tenant, WebhookResult.Rejected.badSignature("stale_signature",
            "the signature's timestamp is more than the allowed tolerance away from now"));
      }
      case MISMATCH -> {
        return reject(tenant, WebhookResult.Rejected.badSignature("bad_signature",
            "the signature does not match the body with any of the tenant's secrets"));
      }
      default -> throw new IllegalStateException();
    }
    String body;
    YCloudEvent event;
    try {
      body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(rawBody)).toString();
      event = parser.parse(body);
    } catch (CharacterCodingException e) {
      return reject(tenant, WebhookResult.Rejected.malformed("body is not UTF-8 text"));
    } catch (MalformedEventException e) {
      return reject(tenant, WebhookResult.Rejected.malformed(e.getMessage()));
    }
    if (!event.worthStoring()) {
      LOG.info("tenant={} ignored YCloud event {} of type {}", tenant, event.id(), event.type());
      return new WebhookResult.Ignored(event.id(), event.type());
    }
    return store(tenant, event, body);
  }

  private WebhookResult store(TenantId tenant, YCloudEvent event, String body) {
    Claim claim = dedup.claim(tenant, PROVIDER, event.id());
    if (claim == Claim.STORED) {
      return new WebhookResult.Duplicate(event.id());
    }
    InsertResult<InboxEvent> result;
    try {
      result = inbox.append(InboxEvent.received(InboxEventId.of(ids.next()), tenant, PROVIDER, event.id(),
          event.type(), body, clock.instant()));
    } catch (InvalidInputException e) {
      // A value the inbox refuses (an event id or type longer than it keeps): retrying cannot help.
      releaseIfHeld(claim, tenant, event);
      return reject(tenant, WebhookResult.Rejected.malformed(e.getMessage()));
    } catch (NotFoundException e) {
      releaseIfHeld(claim, tenant, event);
      return reject(tenant, new WebhookResult.Rejected(404, "unknown_tenant", "the tenant does not exist"));
    } catch (RetriableException e) {
      releaseIfHeld(claim, tenant, event);
      LOG.warn("tenant={} could not store YCloud event {}; answered 503: {}", tenant, event.id(), e.toString());
      return new WebhookResult.Rejected(503, "store_unavailable", "the event could not be stored; deliver it again later");
    } catch (RuntimeException e) {
      releaseIfHeld(claim, tenant, event);
      throw e;
    }
    dedup.stored(tenant, PROVIDER, event.id());
    if (!result.inserted()) {
      return new WebhookResult.Duplicate(event.id());
    }
    return new WebhookResult.Accepted(event.id(), event.type(), result.value().id());
  }

  private void releaseIfHeld(Claim claim, TenantId tenant, YCloudEvent event) {
    if (claim == Claim.CLAIMED) {
      dedup.release(tenant, PROVIDER, event.id());
    }
  }

  private static WebhookResult reject(TenantId tenant, WebhookResult.Rejected r) {
    LOG.info("tenant={} rejected YCloud webhook: {} {} ({})", tenant, r.status(), r.error(), r.detail());
    return r;
  }

  private static String header(Map<String, String> headers, String name) {
    String exact = headers.get(name);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Configures a {@link WebhookHandler}; validated in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    /** The default largest body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private final CrmStore store;
    private final WebhookSecrets secrets;
    private EventDeduplicator dedup;
    private InboxWriter inbox;
    private Clock clock = Clock.systemUTC();
    private IdGenerator ids;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration signatureTolerance = Duration.ofMinutes(5);

    private Builder(CrmStore store, WebhookSecrets secrets) {
      this.store = Objects.requireNonNull(store, "store");
      this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** The fast duplicate check; default an {@link InMemoryEventDeduplicator}. */
    public Builder deduplicator(EventDeduplicator d) {
      this.dedup = Objects.requireNonNull(d, "deduplicator");
      return this;
    }

    /**
     * How accepted events reach the inbox; default {@link InboxWriter#direct} (one commit per
     * event). A {@link io.crmventas.core.inbox.GroupCommitInboxWriter} commits concurrent
     * deliveries together, still answering each only once its event is durable.
     */
    public Builder inboxWriter(InboxWriter w) {
      this.inbox = Objects.requireNonNull(w, "inboxWriter");
      return this;
    }

    /** The clock for signature timestamps and receipt times; default the system UTC clock. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Ids of inbox rows; default time-ordered UUIDs. */
    public Builder ids(IdGenerator g) {
      this.ids = Objects.requireNonNull(g, "ids");
      return this;
    }

    /** The largest body accepted, in bytes (1 to 8 MiB); default 1 MiB. */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /** How far a signature's timestamp may be from now; default 5 minutes. */
    public Builder signatureTolerance(Duration d) {
      this.signatureTolerance = Objects.requireNonNull(d, "signatureTolerance");
      return this;
    }

    public WebhookHandler build() {
      if (maxBodyBytes < 1 || maxBodyBytes > InboxEvent.MAX_PAYLOAD) {
        throw new InvalidInputException("maxBodyBytes", maxBodyBytes, "must be between 1 and " + InboxEvent.MAX_PAYLOAD);
      }
      if (signatureTolerance.isNegative() || signatureTolerance.isZero() || signatureTolerance.toHours() >= 1) {
        throw new InvalidInputException("signatureTolerance", signatureTolerance, "must be positive and under an hour");
      }
      return new WebhookHandler(this);
    }
  }
}
