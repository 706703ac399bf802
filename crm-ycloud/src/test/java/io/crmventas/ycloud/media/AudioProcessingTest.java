package io.crmventas.ycloud.media;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.crmventas.ycloud.webhook.Fixtures.bytes;
import static io.crmventas.ycloud.webhook.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.crmventas.core.IdGenerator;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.channel.InboundRecorder;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.MediaRef;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.event.EventPublisher;
import io.crmventas.core.inbox.InboxProcessor;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import io.crmventas.ycloud.processing.YCloudInboxHandler;
import io.crmventas.ycloud.webhook.Fixtures;
import io.crmventas.ycloud.webhook.WebhookHandler;
import io.crmventas.ycloud.webhook.WebhookSecrets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Voice notes: downloaded from a WireMock YCloud on the worker, transcribed, retried, marked. */
class AudioProcessingTest {
  private static final String MEDIA_PATH = "/v2/whatsapp/media/download/924305732114853";
  private static WireMockServer yCloud;
  private final MutableClock clock = MutableClock.at(TestData.T0);
  private final InMemoryCrmStore store = InMemoryCrmStore.create(clock);
  private final TenantFixture tenant = TenantFixture.create(store, clock);
  private final InMemoryTranscriber transcriber = InMemoryTranscriber.readingBytesAsText();
  private WebhookHandler webhook;
  private InboxProcessor worker;

  @BeforeAll
  static void start() {
    yCloud = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
    yCloud.start();
  }

  @AfterAll
  static void stop() {
    yCloud.stop();
  }

  @BeforeEach
  void setUp() {
    yCloud.resetAll();
    yCloud.stubFor(get(urlPathMatching("/v2/whatsapp/media/download/.*")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "audio/ogg").withBody("Hola, quiero agendar una llamada")));
    webhook = WebhookHandler.builder(store, WebhookSecrets.of(Map.of(tenant.id, List.of(Fixtures.SECRET))))
        .clock(clock).build();
    YCloudMediaDownloader downloader = new YCloudMediaDownloader(new OkHttpClient(), yCloud.baseUrl() + "/v2",
        "ycloud-key", 25L * 1024 * 1024);
    InboundRecorder recorder = new InboundRecorder(store, EventPublisher.none(), clock, IdGenerator.timeOrdered(clock),
        Optional.empty());
    YCloudInboxHandler handler = new YCloudInboxHandler(store, recorder,
        Optional.of(new AudioTranscription(downloader, transcriber, 2)));
    worker = InboxProcessor.builder(store.inbox()).handler("ycloud", handler).clock(clock).maxAttempts(5)
        .backoff(Duration.ofSeconds(10), Duration.ofSeconds(10)).build();
  }

  private void deliverAudio(String linkBase) {
    byte[] body = bytes(Fixtures.json("inbound-audio").replace("https://api.ycloud.com/v2", linkBase + "/v2"));
    assertThat(webhook.handle(tenant.id, signed(body, clock.instant().getEpochSecond()), body).status()).isEqualTo(200);
  }

  private List<Message> messages() {
    Lead lead = tenant.t.leads().findByPhone(PhoneNumber.parse("+5491155550001")).orElseThrow();
    Conversation c = tenant.t.conversations().findByLead(lead.id(), Conversation.WHATSAPP).orElseThrow();
    return tenant.t.messages().list(c.id(), PageRequest.first(10)).items();
  }

  @Test
  void aVoiceNoteIsDownloadedWithTheApiKeyAndItsTranscriptStored() {
    deliverAudio(yCloud.baseUrl());
    assertThat(transcriber.calls()).as("nothing is transcribed in the webhook request").isZero();
    worker.runOnce();
    assertThat(messages()).singleElement().satisfies(m -> {
      assertThat(m.transcript()).contains("Hola, quiero agendar una llamada");
      assertThat(m.text()).contains("Hola, quiero agendar una llamada");
      assertThat(m.media()).isPresent();
    });
    yCloud.verify(getRequestedFor(urlEqualTo(MEDIA_PATH)).withHeader("X-API-Key", equalTo("ycloud-key")));
  }

  @Test
  void theApiKeyIsNotSentToAnotherHost() {
    deliverAudio(yCloud.baseUrl().replace("localhost", "127.0.0.1"));
    worker.runOnce();
    yCloud.verify(getRequestedFor(urlEqualTo(MEDIA_PATH)).withHeader("X-API-Key", absent()));
  }

  @Test
  void aRedirectToAnotherHostDoesNotCarryTheApiKey() {
    // YCloud's link answers with a redirect to storage elsewhere: another host name, same server.
    String elsewhere = yCloud.baseUrl().replace("localhost", "127.0.0.1") + "/storage/voice.ogg";
    yCloud.stubFor(get(urlEqualTo(MEDIA_PATH)).willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere)));
    yCloud.stubFor(get(urlEqualTo("/storage/voice.ogg")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "audio/ogg").withBody("Hola desde el almacenamiento")));
    deliverAudio(yCloud.baseUrl());
    worker.runOnce();
    assertThat(messages()).singleElement().satisfies(m -> assertThat(m.transcript()).contains("Hola desde el almacenamiento"));
    yCloud.verify(getRequestedFor(urlEqualTo(MEDIA_PATH)).withHeader("X-API-Key", equalTo("ycloud-key")));
    yCloud.verify(getRequestedFor(urlEqualTo("/storage/voice.ogg")).withHeader("X-API-Key", absent()));
  }

  @Test
  void theApiKeyIsNotSentToTheSameHostOnAnotherPort() {
    WireMockServer other = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
    other.start();
    try {
      other.stubFor(get(urlPathMatching("/v2/whatsapp/media/download/.*")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "audio/ogg").withBody("Hola")));
      deliverAudio(other.baseUrl());
      worker.runOnce();
      other.verify(getRequestedFor(urlEqualTo(MEDIA_PATH)).withHeader("X-API-Key", absent()));
    } finally {
      other.stop();
    }
  }

  @Test
  void theFailedMarkerNeverReplacesATranscriptAnotherWorkerStoredMeanwhile() {
    // While this worker's last try runs, another one (the same message in another event, or a
    // lease lost) stores the real transcript; then this try fails.
    Transcriber failingAfterAnotherStored = (audio, filename, mimeType) -> {
      tenant.t.messages().setTranscript(messages().get(0).id(), "Hola, quiero agendar una llamada");
      throw new io.crmventas.core.RetriableException("transcription service unavailable (simulated)", null);
    };
    YCloudMediaDownloader downloader = new YCloudMediaDownloader(new OkHttpClient(), yCloud.baseUrl() + "/v2",
        "ycloud-key", 25L * 1024 * 1024);
    InboundRecorder recorder = new InboundRecorder(store, EventPublisher.none(), clock, IdGenerator.timeOrdered(clock),
        Optional.empty());
    InboxProcessor lastTry = InboxProcessor.builder(store.inbox()).handler("ycloud", new YCloudInboxHandler(store,
        recorder, Optional.of(new AudioTranscription(downloader, failingAfterAnotherStored, 1)))).clock(clock).build();
    deliverAudio(yCloud.baseUrl());
    lastTry.runOnce();
    assertThat(tenant.t.inbox().countByStatus().get(InboxStatus.DONE)).isEqualTo(1);
    assertThat(messages()).singleElement()
        .satisfies(m -> assertThat(m.transcript()).contains("Hola, quiero agendar una llamada"));
  }

  @Test
  void aFailedTranscriptionIsRetriedThenTheMessageKeepsAMarker() {
    transcriber.failNext(10);
    deliverAudio(yCloud.baseUrl());
    worker.runOnce();
    assertThat(messages()).singleElement().satisfies(m -> assertThat(m.transcript()).isEmpty());
    assertThat(tenant.t.inbox().countByStatus().get(InboxStatus.PENDING)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(11));
    worker.runOnce();
    assertThat(messages()).singleElement()
        .satisfies(m -> assertThat(m.transcript()).contains(AudioTranscription.FAILED_MARKER));
    assertThat(tenant.t.inbox().countByStatus().get(InboxStatus.DONE)).isEqualTo(1);
    assertThat(transcriber.calls()).isEqualTo(2);
  }

  @Test
  void aRetriedTranscriptionSucceedsWithoutStoringTheMessageTwice() {
    transcriber.failNext(1);
    deliverAudio(yCloud.baseUrl());
    worker.runOnce();
    clock.advance(Duration.ofSeconds(11));
    worker.runOnce();
    assertThat(messages()).singleElement()
        .satisfies(m -> assertThat(m.transcript()).contains("Hola, quiero agendar una llamada"));
  }

  @Test
  void aVoiceNoteOverTheSizeLimitIsRefusedAndKeepsTheMarkerWithoutRetrying() {
    yCloud.stubFor(get(urlPathMatching("/v2/whatsapp/media/download/.*")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "audio/ogg").withBody(new byte[64])));
    YCloudMediaDownloader small = new YCloudMediaDownloader(new OkHttpClient(), yCloud.baseUrl() + "/v2", "ycloud-key",
        63);
    assertThatThrownBy(() -> small.download(MediaRef.ofUrl(yCloud.baseUrl() + MEDIA_PATH, "audio/ogg")))
        .isInstanceOf(UnusableMediaException.class).hasMessageContaining("larger than 63 bytes");

    InboundRecorder recorder = new InboundRecorder(store, EventPublisher.none(), clock, IdGenerator.timeOrdered(clock),
        Optional.empty());
    InboxProcessor strict = InboxProcessor.builder(store.inbox()).handler("ycloud", new YCloudInboxHandler(store,
        recorder, Optional.of(new AudioTranscription(small, transcriber, 3)))).clock(clock).maxAttempts(5).build();
    deliverAudio(yCloud.baseUrl());
    strict.runOnce();
    assertThat(messages()).singleElement()
        .satisfies(m -> assertThat(m.transcript()).contains(AudioTranscription.FAILED_MARKER));
    assertThat(tenant.t.inbox().countByStatus().get(InboxStatus.DONE)).isEqualTo(1);
    assertThat(transcriber.calls()).isZero();
  }

  @Test
  void aRefusedKeyIsRetriedNotMarkedAtOnceSoARotatedKeyLosesNoTranscript() {
    yCloud.stubFor(get(urlPathMatching("/v2/whatsapp/media/download/.*")).atPriority(1).willReturn(aResponse()
        .withStatus(401).withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"status\":401,\"code\":\"UNAUTHORIZED\",\"message\":\"Invalid API key\"}}")));
    deliverAudio(yCloud.baseUrl());
    worker.runOnce();
    assertThat(messages()).singleElement().satisfies(m -> assertThat(m.transcript()).isEmpty());
    assertThat(tenant.t.inbox().countByStatus().get(InboxStatus.PENDING)).isEqualTo(1);

    yCloud.resetAll();
    yCloud.stubFor(get(urlPathMatching("/v2/whatsapp/media/download/.*")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "audio/ogg").withBody("Hola, quiero agendar una llamada")));
    clock.advance(Duration.ofSeconds(11));
    worker.runOnce();
    assertThat(messages()).singleElement()
        .satisfies(m -> assertThat(m.transcript()).contains("Hola, quiero agendar una llamada"));
  }

  @Test
  void aDownloaderNeedsAPositiveSizeLimit() {
    assertThatThrownBy(() -> new YCloudMediaDownloader(new OkHttpClient(), "https://api.ycloud.com/v2", "k", 0))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxBytes");
  }
}
