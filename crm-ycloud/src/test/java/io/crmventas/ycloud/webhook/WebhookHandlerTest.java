package io.crmventas.ycloud.webhook;

import static io.crmventas.ycloud.webhook.Fixtures.bytes;
import static io.crmventas.ycloud.webhook.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.store.jdbc.JdbcCrmStore;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.ycloud.dedup.InMemoryEventDeduplicator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Bad deliveries: each gets its status and a JSON body naming the problem, and writes nothing. */
class WebhookHandlerTest {
  private final ObjectMapper json = new ObjectMapper();
  private MutableClock clock;
  private InMemoryCrmStore store;
  private TenantFixture tenant;
  private InMemoryEventDeduplicator dedup;
  private WebhookHandler handler;
  private long now;

  @BeforeEach
  void setUp() {
    clock = MutableClock.at(TestData.T0);
    now = clock.instant().getEpochSecond();
    store = InMemoryCrmStore.create(clock);
    tenant = TenantFixture.create(store, clock);
    dedup = InMemoryEventDeduplicator.create(clock);
    handler = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(clock).deduplicator(dedup).build();
  }

  private WebhookResult handle(Map<String, String> headers, byte[] body) {
    return handler.handle(tenant.id, headers, body);
  }

  private void assertRejected(WebhookResult r, int status, String error) throws Exception {
    assertThat(r).isInstanceOf(WebhookResult.Rejected.class);
    assertThat(r.status()).isEqualTo(status);
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("error").asText()).isEqualTo(error);
    assertThat(body.path("detail").asText()).isNotBlank();
    assertNothingWritten();
  }

  private void assertNothingWritten() {
    assertThat(tenant.t.inbox().countByStatus().values()).allMatch(n -> n == 0);
    assertThat(store.inbox().countByStatus().values()).allMatch(n -> n == 0);
    assertThat(dedup.size()).isZero();
  }

  @Test
  void aTamperedBodyIsUnauthorized() throws Exception {
    byte[] body = bytes(Fixtures.json("inbound-text"));
    Map<String, String> headers = signed(body, now);
    byte[] tampered = bytes(Fixtures.json("inbound-text").replace("precio", "premio"));
    assertRejected(handle(headers, tampered), 401, "bad_signature");
  }

  @Test
  void aWrongSecretIsUnauthorized() throws Exception {
    byte[] body = bytes(Fixtures.json("inbound-text"));
    assertRejected(handle(signed(body, now, Fixtures.OTHER_SECRET), body), 401, "bad_signature");
  }

  @Test
  void aStaleTimestampIsUnauthorized() throws Exception {
    byte[] body = bytes(Fixtures.json("inbound-text"));
    assertRejected(handle(signed(body, now - Duration.ofMinutes(6).toSeconds()), body), 401, "stale_signature");
  }

  @Test
  void aMissingSignatureIsUnauthorized() throws Exception {
    byte[] body = bytes(Fixtures.json("inbound-text"));
    assertRejected(handle(Map.of("Content-Type", "application/json"), body), 401, "missing_signature");
  }

  @Test
  void randomBytesAreRefusedSignedOrNot() throws Exception {
    byte[] noise = new byte[4096];
    new Random(42).nextBytes(noise);
    assertRejected(handle(Map.of("YCloud-Signature", "t=" + now + ",s=" + "0".repeat(64)), noise), 401, "bad_signature");
    assertRejected(handle(signed(noise, now), noise), 400, "malformed");
  }

  @Test
  void truncatedJsonIsMalformed() throws Exception {
    String full = Fixtures.json("inbound-text");
    byte[] body = bytes(full.substring(0, full.length() - 40));
    WebhookResult r = handle(signed(body, now), body);
    assertRejected(r, 400, "malformed");
    assertThat(json.readTree(r.body()).path("detail").asText()).contains("not valid JSON");
  }

  @Test
  void aFiveMebibyteBodyIsTooLarge() throws Exception {
    byte[] body = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(body, (byte) ' ');
    assertRejected(handle(signed(body, now), body), 413, "too_large");
  }

  @Test
  void theSizeLimitIsConfigurable() throws Exception {
    WebhookHandler small = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(clock).deduplicator(dedup).maxBodyBytes(512).build();
    byte[] body = bytes(Fixtures.json("inbound-text"));
    assertRejected(small.handle(tenant.id, signed(body, now), body), 413, "too_large");
    WebhookHandler large = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(clock).deduplicator(dedup).maxBodyBytes(8 * 1024 * 1024).build();
    byte[] padded = bytes(Fixtures.json("inbound-text").replace("\"apiVersion\"", " ".repeat(2 * 1024 * 1024) + "\"apiVersion\""));
    assertThat(large.handle(tenant.id, signed(padded, now), padded)).isInstanceOf(WebhookResult.Accepted.class);
  }

  @Test
  void missingFieldsAreMalformedAndNamed() throws Exception {
    String text = Fixtures.json("inbound-text");
    Map<String, String> removals = Map.of(
        "\"id\": \"evt_inbound-text_01\",", "id",
        "\"type\": \"whatsapp.inbound_message.received\",", "type",
        "\"createTime\": \"2026-11-25T10:00:01.123Z\",", "createTime",
        "\"to\": \"+5491100000000\",", "whatsappInboundMessage.to",
        "\"type\": \"text\",", "whatsappInboundMessage.type");
    for (Map.Entry<String, String> e : removals.entrySet()) {
      assertThat(text).contains(e.getKey());
      byte[] body = bytes(text.replace(e.getKey(), ""));
      WebhookResult r = handle(signed(body, now), body);
      assertRejected(r, 400, "malformed");
      assertThat(json.readTree(r.body()).path("detail").asText()).as(e.getValue()).startsWith(e.getValue() + " ");
    }
    String status = Fixtures.json("status-read");
    byte[] body = bytes(status.replace("\"status\": \"read\",", ""));
    WebhookResult r = handle(signed(body, now), body);
    assertRejected(r, 400, "malformed");
    assertThat(json.readTree(r.body()).path("detail").asText()).isEqualTo("whatsappMessage.status is required");
  }

  @Test
  void aMessageWithoutThePhoneNumberIsStoredNotRefused() throws Exception {
    // A WhatsApp user with a username: YCloud sends a business-scoped user id instead of "from".
    byte[] body = bytes(Fixtures.json("inbound-username-text"));
    assertThat(handle(signed(body, now), body)).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(store.tenant(tenant.id).inbox().find("ycloud", "evt_inbound-username-text_01")).isPresent();
  }

  @Test
  void aBodyStartingWithAByteOrderMarkIsStoredWithoutIt() throws Exception {
    String text = Fixtures.json("inbound-text");
    byte[] body = bytes("\uFEFF" + text);
    assertThat(handle(signed(body, now), body)).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(store.tenant(tenant.id).inbox().find("ycloud", "evt_inbound-text_01"))
        .hasValueSatisfying(e -> assertThat(e.payload()).isEqualTo(text));
  }

  @Test
  void anEventIdTooLongToStoreIsMalformedNotRetried() throws Exception {
    byte[] body = bytes(Fixtures.withEventId("inbound-text", "e".repeat(400)));
    WebhookResult r = handle(signed(body, now), body);
    assertRejected(r, 400, "malformed");
    assertThat(json.readTree(r.body()).path("detail").asText()).contains("eventId");
  }

  @Test
  void aTenantWithoutSecretsIsNotFound() throws Exception {
    byte[] body = bytes(Fixtures.json("inbound-text"));
    WebhookResult r = handler.handle(TenantId.of("t-nobody"), signed(body, now), body);
    assertRejected(r, 404, "unknown_tenant");
  }

  @Test
  void aTenantWithSecretsButNoStoreRowIsNotFoundAndItsClaimReleased() throws Exception {
    io.crmventas.core.tenant.TenantId ghost = TestData.newTenantId();
    WebhookHandler h = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(ghost, List.of(Fixtures.SECRET))))
        .clock(clock).deduplicator(dedup).build();
    byte[] body = bytes(Fixtures.json("inbound-text"));
    assertRejected(h.handle(ghost, signed(body, now), body), 404, "unknown_tenant");
  }

  @Test
  void anUnknownEventTypeIsAcknowledgedAndNothingIsWritten() {
    byte[] body = bytes(Fixtures.json("unknown-event-type"));
    WebhookResult r = handle(signed(body, now), body);
    assertThat(r).isInstanceOf(WebhookResult.Ignored.class);
    assertThat(r.status()).isEqualTo(200);
    assertNothingWritten();
  }

  private WebhookHandler.Builder unreachableStore() {
    PGSimpleDataSource unreachable = new PGSimpleDataSource();
    unreachable.setServerNames(new String[] {"127.0.0.1"});
    unreachable.setPortNumbers(new int[] {1});
    unreachable.setDatabaseName("none");
    unreachable.setConnectTimeout(2);
    return WebhookHandler.builder(JdbcCrmStore.create(unreachable, clock),
            WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(clock).deduplicator(dedup);
  }

  @Test
  void anUnavailableStoreIsAnswered503AndTheRetryIsNotTakenForADuplicate() throws Exception {
    WebhookHandler down = unreachableStore().build();
    byte[] body = bytes(Fixtures.json("inbound-text"));
    assertRejected(down.handle(tenant.id, signed(body, now), body), 503, "store_unavailable");
    assertThat(dedup.size()).as("the claim is released").isZero();

    WebhookResult retry = handle(signed(body, now), body);
    assertThat(retry).isInstanceOf(WebhookResult.Accepted.class);
  }

  @Test
  void withGroupCommitAnUnavailableStoreIsAnswered503AndTheClaimsAreReleased() throws Exception {
    byte[] first = bytes(Fixtures.withEventId("inbound-text", "evt-down-1"));
    byte[] second = bytes(Fixtures.withEventId("inbound-text", "evt-down-2"));
    try (WebhookHandler down = unreachableStore().groupCommit(8, 1).build()) {
      assertRejected(down.handle(tenant.id, signed(first, now), first), 503, "store_unavailable");
      assertRejected(down.handle(tenant.id, signed(second, now), second), 503, "store_unavailable");
    }
    assertThat(dedup.size()).as("the claims are released").isZero();
    assertThat(handle(signed(first, now), first)).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(handle(signed(second, now), second)).isInstanceOf(WebhookResult.Accepted.class);
  }

  @Test
  void aClosedGroupCommitAnswers503() throws Exception {
    WebhookHandler closed = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(clock).deduplicator(dedup).groupCommit(8, 1).build();
    closed.close();
    byte[] body = bytes(Fixtures.json("inbound-text"));
    assertRejected(closed.handle(tenant.id, signed(body, now), body), 503, "store_unavailable");
    assertNothingWritten();
  }

  @Test
  void groupCommitSettingsAreRefusedByName() {
    WebhookHandler.Builder b = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))));
    assertThatThrownBy(() -> b.groupCommit(0, 1)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("maxBatch");
    assertThatThrownBy(() -> b.groupCommit(8, 17)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("writers");
  }

  @Test
  void eventsForAnotherTenantsNumberOfASharedAccountAreIgnoredAndNotStored() throws Exception {
    // The fixtures are for +54 9 11 0000-0000, the other tenant's number of the account.
    TenantFixture owner = TenantFixture.create(store, clock);
    store.tenants().update(owner.tenant().withWhatsappNumber(PhoneNumber.parse("+5491100000000")));
    store.tenants().update(tenant.tenant().withWhatsappNumber(PhoneNumber.parse("+5491199999999")));
    for (String fixture : List.of("inbound-text", "echo-text", "status-delivered", "inbound-system-number",
        "inbound-username-text")) {
      byte[] body = bytes(Fixtures.json(fixture));
      WebhookResult r = handle(signed(body, now), body);
      assertThat(r).as(fixture).isInstanceOf(WebhookResult.Ignored.class);
      assertThat(json.readTree(r.body()).path("status").asText()).isEqualTo("ignored");
    }
    assertNothingWritten();
  }

  @Test
  void anEventForANumberNoOtherTenantHasIsStoredEvenIfTheTenantsNumberDiffers() throws Exception {
    // A number typed in another form, or wrong: the lead's message is kept, not acknowledged and lost.
    store.tenants().update(tenant.tenant().withWhatsappNumber(PhoneNumber.parse("+5491199999999")));
    byte[] body = bytes(Fixtures.json("inbound-text"));
    assertThat(handle(signed(body, now), body)).isInstanceOf(WebhookResult.Accepted.class);
    // The tenant's own number, however YCloud writes it, is stored even when another tenant has it too.
    TenantFixture twin = TenantFixture.create(store, clock);
    store.tenants().update(twin.tenant().withWhatsappNumber(PhoneNumber.parse("+5491100000000")));
    store.tenants().update(tenant.tenant().withWhatsappNumber(PhoneNumber.parse("+54 9 11 0000-0000")));
    clock.advance(Duration.ofSeconds(31));
    byte[] echo = bytes(Fixtures.json("echo-text").replace("\"from\": \"+5491100000000\"", "\"from\": \"5491100000000\""));
    assertThat(handle(signed(echo, clock.instant().getEpochSecond()), echo)).isInstanceOf(WebhookResult.Accepted.class);
    // A handler told not to check stores another tenant's events too.
    store.tenants().update(tenant.tenant().withWhatsappNumber(PhoneNumber.parse("+5491199999999")));
    WebhookHandler unchecked = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(clock).deduplicator(dedup).businessNumbers(BusinessNumbers.NONE).build();
    byte[] other = bytes(Fixtures.withEventId("inbound-text", "evt-unchecked"));
    assertThat(unchecked.handle(tenant.id, signed(other, clock.instant().getEpochSecond()), other))
        .isInstanceOf(WebhookResult.Accepted.class);
  }

  @Test
  void anIgnoreRestsOnAFreshReadOfTheNumbers() {
    BusinessNumbers numbers = BusinessNumbers.fromTenants(store.tenants(), clock, Duration.ofSeconds(30));
    TenantFixture other = TenantFixture.create(store, clock);
    store.tenants().update(other.tenant().withWhatsappNumber(PhoneNumber.parse("+5491199999999")));
    assertThat(numbers.isAnothers(tenant.id, "+54 9 11 9999-9999")).isTrue();
    assertThat(numbers.isAnothers(other.id, "+5491199999999")).isFalse();
    assertThat(numbers.isAnothers(tenant.id, "+5491100000000")).as("nobody's").isFalse();
    // The number moves to this tenant: within the cache time, an ignore is checked again first.
    store.tenants().update(other.tenant().withWhatsappNumber(PhoneNumber.parse("+5491188888888")));
    store.tenants().update(tenant.tenant().withWhatsappNumber(PhoneNumber.parse("+5491199999999")));
    clock.advance(Duration.ofSeconds(2));
    assertThat(numbers.isAnothers(tenant.id, "+5491199999999")).isFalse();
    assertThat(numbers.isAnothers(other.id, "+5491199999999")).isTrue();
    assertThatThrownBy(() -> BusinessNumbers.fromTenants(store.tenants(), clock, Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("ttl");
    assertThat(BusinessNumbers.same("+54 9 11 0000-0000", "5491100000000")).isTrue();
    assertThat(BusinessNumbers.same("+5491100000000", "+5491100000001")).isFalse();
  }
}
