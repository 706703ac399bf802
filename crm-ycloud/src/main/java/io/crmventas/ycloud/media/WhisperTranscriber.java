package io.crmventas.ycloud.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmventas.core.CrmException;
import io.crmventas.core.RetriableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A {@link Transcriber} on OpenAI's audio transcription API ({@code POST
 * <baseUrl>/audio/transcriptions}, multipart, model {@code whisper-1} by default), over okhttp.
 * The base URL is configurable for compatible services and for tests. 429 and 5xx answers and
 * network failures are {@link RetriableException}s; the inbox worker retries them. Thread-safe.
 */
public final class WhisperTranscriber implements Transcriber {
  /** OpenAI's API. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  /** The deadline of a whole transcription call when the okhttp client given has none. */
  public static final java.time.Duration DEFAULT_CALL_TIMEOUT = java.time.Duration.ofSeconds(120);

  private final OkHttpClient http;
  private final HttpUrl endpoint;
  private final String apiKey;
  private final String model;
  private final Optional<String> language;
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * @param language an ISO-639-1 hint such as {@code es}, or empty to let the model detect it
   */
  public WhisperTranscriber(OkHttpClient http, String baseUrl, String apiKey, String model, Optional<String> language) {
    this.http = Deadlines.withCallTimeout(http, DEFAULT_CALL_TIMEOUT).build();
    this.endpoint = HttpUrl.get(Objects.requireNonNull(baseUrl, "baseUrl")).newBuilder()
        .addPathSegment("audio").addPathSegment("transcriptions").build();
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.model = Objects.requireNonNull(model, "model");
    this.language = Objects.requireNonNull(language, "language");
  }

  @Override
  public String transcribe(byte[] audio, String filename, String mimeType) {
    Objects.requireNonNull(audio, "audio");
    MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("file", filename, RequestBody.create(audio, MediaType.parse(mimeType)))
        .addFormDataPart("model", model)
        .addFormDataPart("response_format", "json");
    language.ifPresent(l -> form.addFormDataPart("language", l));
    Request request = new Request.Builder().url(endpoint).header("Authorization", "Bearer " + apiKey)
        .post(form.build()).build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      if (response.code() == 429 || response.code() >= 500) {
        throw new RetriableException("transcription failed with " + response.code() + ": " + shorten(body), null);
      }
      if (response.code() == 400 || response.code() == 413 || response.code() == 415) {
        throw new UnusableMediaException("transcription refused the audio with " + response.code() + ": "
            + shorten(body));
      }
      if (!response.isSuccessful()) {
        throw new CrmException("transcription refused with " + response.code() + ": " + shorten(body));
      }
      JsonNode json;
      try {
        json = mapper.readTree(body);
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        // A garbled answer will not get better by asking again. Its size only: it may hold the
        // transcript.
        throw new CrmException("transcription answer is not JSON (" + body.length() + " characters)");
      }
      JsonNode text = json.get("text");
      if (text == null || !text.isTextual()) {
        throw new CrmException("transcription answer has no text (fields: " + fieldNames(json) + ")");
      }
      return text.asText().strip();
    } catch (IOException e) {
      throw new RetriableException("transcription service unreachable: " + e.getMessage(), e);
    }
  }

  private static String fieldNames(JsonNode json) {
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names.size() > 20 ? String.join(", ", names.subList(0, 20)) + ", ..." : String.join(", ", names);
  }

  private static String shorten(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  /** The deadline of one whole call, in milliseconds (0: none): for tests. */
  long callTimeoutMillis() {
    return http.callTimeoutMillis();
  }
}
