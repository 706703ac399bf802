package io.crmventas.ycloud.webhook;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.RetriableException;
import io.crmventas.core.inbox.GroupCommit;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxStore;
import io.crmventas.core.inbox.InboxWriter;
import io.crmventas.core.internal.Check;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
public final class WebhookHandler implements AutoCloseable {
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
  private final InboxStore inboxStore;
  private final GroupCommit<Delivery, WebhookResult> group;
  private final BusinessNumbers businessNumbers;

  /** A verified, parsed event waiting to be stored. */
  private record Delivery(TenantId tenant, YCloudEvent event, String body) {}

  private WebhookHandler(Builder b) {
    this.inboxStore = b.store.inbox();
    this.inbox = b.inbox != null ? b.inbox : InboxWriter.direct(inboxStore);
    this.secrets = b.secrets;
    this.clock = b.clock;
    this.dedup = b.dedup != null ? b.dedup : InMemoryEventDeduplicator.create(b.clock);
    this.ids = b.ids != null ? b.ids : IdGenerator.timeOrdered(b.clock);
    this.maxBodyBytes = b.maxBodyBytes;
    this.verifier = new SignatureVerifier(b.clock, b.signatureTolerance);
    this.businessNumbers = b.businessNumbers != null ? b.businessNumbers
        : BusinessNumbers.fromTenants(b.store.tenants(), b.clock, BusinessNumbers.DEFAULT_TTL);
    this.group = b.groupMaxBatch == 0 ? null
        : new GroupCommit<>("crm-webhook-intake", b.groupMaxBatch, b.groupWriters, b.groupLinger, this::storeBatch);
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
    // With group commit, a batch forming while this delivery is verified and parsed waits for it.
    try (GroupCommit<Delivery, WebhookResult>.Arrival arrival = group == null ? null : group.arrival()) {
      return handleChecked(tenant, headers, rawBody, arrival);
    } catch (RuntimeException e) {
      return internalError(tenant, e);
    }
  }

  private WebhookResult handleChecked(TenantId tenant, Map<String, String> headers, byte[] rawBody,
      GroupCommit<Delivery, WebhookResult>.Arrival arrival) {
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
      if (body.startsWith("\uFEFF")) {
        body = body.substring(1);   // a byte order mark (RFC 8259 lets a parser ignore it); signed, then dropped
      }
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
    if (!forTenant(tenant, event)) {
      // The account's other numbers' events reach every endpoint: the tenant that owns that number
      // stores its own copy through its own endpoint, and this one must not hold its leads' messages.
      LOG.info("tenant={} ignored YCloud event {}: it is for another tenant's business number of the account",
          tenant, event.id());
      return new WebhookResult.Ignored(event.id(), event.type());
    }
    return store(tenant, event, body, arrival);
  }

  /** Whether the event may be the tenant's: it names no business number, or not another tenant's. */
  private boolean forTenant(TenantId tenant, YCloudEvent event) {
    Optional<String> number = event.businessNumber();
    return number.isEmpty() || !businessNumbers.isAnothers(tenant, number.get());
  }

  private WebhookResult store(TenantId tenant, YCloudEvent event, String body,
      GroupCommit<Delivery, WebhookResult>.Arrival arrival) {
    if (group == null) {
      return storeOne(tenant, event, body);
    }
    try {
      return group.submit(new Delivery(tenant, event, body), arrival);
    } catch (RetriableException e) {
      return unavailable(tenant, event, e);
    }
  }

  /**
   * Stores a batch of deliveries together: one deduplicator round trip for all their claims, one
   * insert and commit for the inbox, one round trip to mark them stored. A batch the store
   * refuses for one delivery's sake (an unknown tenant, a value too long) is stored one by one,
   * so only that one is refused; a store that is down answers every delivery 503.
   */
  private List<WebhookResult> storeBatch(List<Delivery> batch) {
    List<EventDeduplicator.Event> keys = new ArrayList<>(batch.size());
    batch.forEach(d -> keys.add(new EventDeduplicator.Event(d.tenant(), PROVIDER, d.event().id())));
    List<Claim> claims = claimAll(keys);
    WebhookResult[] results = new WebhookResult[batch.size()];
    RuntimeException surprise = null;
    try {
      storeClaimed(batch, keys, claims, results);
    } catch (RuntimeException e) {
      surprise = e;
    }
    // Whatever went wrong, no delivery is left without an answer or with a claim held; those
    // already answered keep their answer.
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        releaseIfHeld(claims.get(i), batch.get(i).tenant(), batch.get(i).event());
        results[i] = internalError(batch.get(i).tenant(), surprise);
      }
    }
    return Arrays.asList(results);
  }

  /** The deduplicator's claims, or UNKNOWN for all if it broke its contract (never throw, one each). */
  private List<Claim> claimAll(List<EventDeduplicator.Event> keys) {
    try {
      List<Claim> claims = dedup.claimAll(keys);
      if (claims != null && claims.size() == keys.size()) {
        return claims;
      }
      LOG.error("tenant={} the deduplicator answered {} claims for {} events; the inbox decides",
          EventDeduplicator.tenants(keys), claims == null ? "no" : claims.size(), keys.size());
    } catch (RuntimeException e) {
      LOG.error("tenant={} the deduplicator failed; the inbox decides", EventDeduplicator.tenants(keys), e);
    }
    return Collections.nCopies(keys.size(), Claim.UNKNOWN);
  }

  private void storeClaimed(List<Delivery> batch, List<EventDeduplicator.Event> keys, List<Claim> claims,
      WebhookResult[] results) {
    List<Integer> toStore = new ArrayList<>(batch.size());
    List<InboxEvent> events = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Delivery d = batch.get(i);
      if (claims.get(i) == Claim.STORED) {
        results[i] = new WebhookResult.Duplicate(d.event().id());
        continue;
      }
      try {
        events.add(InboxEvent.received(InboxEventId.of(ids.next()), d.tenant(), PROVIDER, d.event().id(),
            d.event().type(), d.body(), clock.instant()));
        toStore.add(i);
      } catch (InvalidInputException e) {
        // A value the inbox refuses (an event id or type longer than it keeps): retrying cannot help.
        releaseIfHeld(claims.get(i), d.tenant(), d.event());
        results[i] = reject(d.tenant(), WebhookResult.Rejected.malformed(e.getMessage()));
      }
    }
    if (events.isEmpty()) {
      return;
    }
    List<InsertResult<InboxEvent>> stored;
    try {
      stored = inboxStore.appendAll(events);
    } catch (RuntimeException e) {
      for (int i : toStore) {
        releaseIfHeld(claims.get(i), batch.get(i).tenant(), batch.get(i).event());
      }
      for (int i : toStore) {
        Delivery d = batch.get(i);
        results[i] = e instanceof RetriableException r ? unavailable(d.tenant(), d.event(), r) : storeAlone(d);
      }
      return;
    }
    List<EventDeduplicator.Event> storedKeys = new ArrayList<>(toStore.size());
    for (int k = 0; k < toStore.size(); k++) {
      int i = toStore.get(k);
      storedKeys.add(keys.get(i));
      InsertResult<InboxEvent> r = stored.get(k);
      results[i] = r.inserted() ? new WebhookResult.Accepted(batch.get(i).event().id(), batch.get(i).event().type(),
          r.value().id()) : new WebhookResult.Duplicate(batch.get(i).event().id());
    }
    try {
      dedup.storedAll(storedKeys);
    } catch (RuntimeException e) {
      LOG.error("tenant={} the deduplicator failed to mark {} stored events; the inbox still stops duplicates",
          EventDeduplicator.tenants(storedKeys), storedKeys.size(), e);
    }
  }

  /** One delivery of a spoiled batch, on its own; never throws (a surprise is answered 500). */
  private WebhookResult storeAlone(Delivery d) {
    try {
      return storeOne(d.tenant(), d.event(), d.body());
    } catch (RuntimeException e) {
      return internalError(d.tenant(), e);
    }
  }

  private static WebhookResult internalError(TenantId tenant, RuntimeException e) {
    LOG.error("tenant={} webhook failed unexpectedly; answered 500 so YCloud delivers again", tenant, e);
    return new WebhookResult.Rejected(500, "internal_error", "the event could not be handled; it will be retried");
  }

  private static WebhookResult unavailable(TenantId tenant, YCloudEvent event, RetriableException e) {
    LOG.warn("tenant={} could not store YCloud event {}; answered 503: {}", tenant, event.id(), e.toString());
    return new WebhookResult.Rejected(503, "store_unavailable", "the event could not be stored; deliver it again later");
  }

  private WebhookResult storeOne(TenantId tenant, YCloudEvent event, String body) {
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
      return unavailable(tenant, event, e);
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

  /**
   * Stops the group commit, if {@link Builder#groupCommit} was set: what is queued is still
   * stored, for up to 10 seconds; deliveries still waiting then, and deliveries handled
   * afterwards, are answered 503 (YCloud delivers them again). Nothing to do otherwise.
   */
  @Override
  public void close() {
    if (group != null) {
      group.close();
    }
  }

  /** The mean number of deliveries stored together so far (0 without group commit). */
  public double meanBatch() {
    return group == null ? 0 : group.meanBatch();
  }

  /** Deliveries waiting for a group commit batch now (0 without group commit). */
  public int queued() {
    return group == null ? 0 : group.queued();
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
    /** How long a group commit batch waits at most for deliveries on their way: 1 ms. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(1);

    private final CrmStore store;
    private final WebhookSecrets secrets;
    private EventDeduplicator dedup;
    private InboxWriter inbox;
    private Clock clock = Clock.systemUTC();
    private IdGenerator ids;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration signatureTolerance = Duration.ofMinutes(5);
    private int groupMaxBatch;
    private int groupWriters;
    private Duration groupLinger = DEFAULT_LINGER;
    private BusinessNumbers businessNumbers;

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
     * deliveries together, still answering each only once its event is durable; {@link
     * #groupCommit} does that and batches the deduplicator's round trips too (this writer then
     * stores only the deliveries of a batch that had to be stored one by one).
     */
    public Builder inboxWriter(InboxWriter w) {
      this.inbox = Objects.requireNonNull(w, "inboxWriter");
      return this;
    }

    /**
     * Stores concurrent deliveries together (group commit), with a linger of 1 ms: see {@link
     * #groupCommit(int, int, Duration)}.
     */
    public Builder groupCommit(int maxBatch, int writers) {
      return groupCommit(maxBatch, writers, DEFAULT_LINGER);
    }

    /**
     * Stores concurrent deliveries together (group commit): up to {@code maxBatch} deliveries
     * share one deduplicator round trip ({@link EventDeduplicator#claimAll}), one inbox insert and
     * commit, and one round trip to mark them stored; {@code writers} batches may be in flight at
     * once. Each delivery is still answered only once its own event is durable. A batch about to
     * be stored waits, up to {@code linger}, for deliveries that are already inside {@link
     * WebhookHandler#handle} and still being verified and parsed, so that they join it rather
     * than wait for the next one; it never waits for deliveries that have not arrived. A batch
     * runs on the request thread of a waiting delivery, usually one of its own (no threads are
     * started), so a delivery alone is stored on its own thread with no hand-off. Off by default
     * (each delivery stored on its own); {@link WebhookHandler#close} stops it.
     *
     * @param maxBatch the most deliveries stored together (1 to 1,000)
     * @param writers batches in flight at once (1 to 16), each on its own database connection
     * @param linger the longest a batch waits for deliveries on their way (0 to 1 s)
     */
    public Builder groupCommit(int maxBatch, int writers, Duration linger) {
      this.groupMaxBatch = Check.range("maxBatch", maxBatch, 1, 1000);
      this.groupWriters = Check.range("writers", writers, 1, 16);
      this.groupLinger = GroupCommit.checkLinger(linger);
      return this;
    }

    /**
     * Which tenant owns which business number: an event for another tenant's number of a shared
     * account is answered "ignored" and not stored (see {@link BusinessNumbers}). Default: the
     * tenants' {@code whatsappNumber}s ({@link BusinessNumbers#fromTenants}, read at most every
     * 30 s, an "ignore" confirmed on a read at most 1 s old); {@link BusinessNumbers#NONE} stores
     * every event.
     */
    public Builder businessNumbers(BusinessNumbers numbers) {
      this.businessNumbers = Objects.requireNonNull(numbers, "businessNumbers");
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
