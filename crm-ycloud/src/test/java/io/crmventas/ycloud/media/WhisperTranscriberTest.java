package io.crmventas.ycloud.media;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.crmventas.core.CrmException;
import io.crmventas.core.RetriableException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Whisper client against a WireMock OpenAI. */
class WhisperTranscriberTest {
  private static WireMockServer openAi;
  private WhisperTranscriber whisper;

  @BeforeAll
  static void start() {
    openAi = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
    openAi.start();
  }

  @AfterAll
  static void stop() {
    openAi.stop();
  }

  @BeforeEach
  void setUp() {
    openAi.resetAll();
    whisper = new WhisperTranscriber(new OkHttpClient(), openAi.baseUrl() + "/v1", "sk-test", "whisper-1",
        Optional.of("es"));
  }

  @Test
  void sendsTheAudioAsMultipartAndReturnsTheText() {
    openAi.stubFor(post(urlEqualTo("/v1/audio/transcriptions")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"text\":\" Hola, quería saber el precio. \"}")));
    String text = whisper.transcribe("OggS-fake-audio".getBytes(StandardCharsets.UTF_8), "voice.ogg", "audio/ogg");
    assertThat(text).isEqualTo("Hola, quería saber el precio.");
    openAi.verify(postRequestedFor(urlEqualTo("/v1/audio/transcriptions"))
        .withHeader("Authorization", equalTo("Bearer sk-test"))
        .withHeader("Content-Type", containing("multipart/form-data"))
        .withRequestBodyPart(aMultipart().withName("model").withBody(equalTo("whisper-1")).build())
        .withRequestBodyPart(aMultipart().withName("language").withBody(equalTo("es")).build())
        .withRequestBodyPart(aMultipart().withName("file").withBody(equalTo("OggS-fake-audio")).build()));
  }

  @Test
  void rateLimitsAndServerErrorsAreRetriableOtherRefusalsAreNot() {
    openAi.stubFor(post(urlEqualTo("/v1/audio/transcriptions")).willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(() -> whisper.transcribe(new byte[] {1}, "voice.ogg", "audio/ogg"))
        .isInstanceOf(RetriableException.class);
    openAi.resetAll();
    openAi.stubFor(post(urlEqualTo("/v1/audio/transcriptions")).willReturn(aResponse().withStatus(400)
        .withBody("{\"error\":{\"message\":\"Invalid file format.\"}}")));
    assertThatThrownBy(() -> whisper.transcribe(new byte[] {1}, "voice.ogg", "audio/ogg"))
        .isInstanceOf(CrmException.class).hasMessageContaining("Invalid file format")
        .satisfies(e -> assertThat(((CrmException) e).isRetriable()).isFalse());
  }

  @Test
  void aClientWithoutADeadlineGetsOneForTheWholeCallAndOneWithADeadlineKeepsIt() {
    assertThat(whisper.callTimeoutMillis()).isEqualTo(WhisperTranscriber.DEFAULT_CALL_TIMEOUT.toMillis());
    OkHttpClient own = new OkHttpClient.Builder().callTimeout(java.time.Duration.ofSeconds(7)).build();
    assertThat(new WhisperTranscriber(own, openAi.baseUrl() + "/v1", "sk-test", "whisper-1", java.util.Optional.empty())
        .callTimeoutMillis()).isEqualTo(7_000);
    assertThat(new YCloudMediaDownloader(new OkHttpClient(), "https://api.ycloud.com/v2", "k", 1024).callTimeoutMillis())
        .isEqualTo(YCloudMediaDownloader.DEFAULT_CALL_TIMEOUT.toMillis());
    assertThat(new YCloudMediaDownloader(own, "https://api.ycloud.com/v2", "k", 1024).callTimeoutMillis())
        .isEqualTo(7_000);
  }
}
