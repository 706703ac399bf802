package io.crmventas.ycloud.media;

import io.crmventas.core.CrmException;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.RetriableException;
import io.crmventas.core.conversation.MediaRef;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Downloads inbound media from the link YCloud put in the webhook. The API key is sent only to
 * YCloud's API origin (the configured base URL's scheme, host and port), never to another host:
 * it is set on each request as it goes out, so a redirect to a CDN or a storage bucket does not
 * carry it (okhttp drops only {@code Authorization} on such a redirect, not other headers).
 * Files larger than the limit are refused. 5xx and network failures are
 * {@link RetriableException}s. Thread-safe.
 */
public final class YCloudMediaDownloader {
  private static final String API_KEY = "X-API-Key";
  /** The deadline of a whole download when the okhttp client given has none. */
  public static final java.time.Duration DEFAULT_CALL_TIMEOUT = java.time.Duration.ofSeconds(60);
  private final OkHttpClient http;
  private final String apiKey;
  private final HttpUrl api;
  private final long maxBytes;

  /**
   * @param apiBaseUrl YCloud's API base URL: only links with its scheme, host and port receive the key
   * @param maxBytes the largest file accepted (Whisper takes up to 25 MB)
   */
  public YCloudMediaDownloader(OkHttpClient http, String apiBaseUrl, String apiKey, long maxBytes) {
    this.api = HttpUrl.get(Objects.requireNonNull(apiBaseUrl, "apiBaseUrl"));
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    // A network interceptor sees every hop, redirects included: the key goes on the hops to the
    // API origin only, whatever the first request carried.
    this.http = Deadlines.withCallTimeout(http, DEFAULT_CALL_TIMEOUT).addNetworkInterceptor(chain -> {
      Request hop = chain.request();
      Request.Builder keyed = hop.newBuilder().removeHeader(API_KEY);
      if (isApi(hop.url())) {
        keyed.header(API_KEY, this.apiKey);
      }
      return chain.proceed(keyed.build());
    }).build();
    if (maxBytes < 1) {
      throw new InvalidInputException("maxBytes", maxBytes, "must be at least 1");
    }
    this.maxBytes = maxBytes;
  }

  /**
   * The media's bytes.
   *
   * @throws UnusableMediaException if no retry can help (no or bad link, gone, too large)
   * @throws RetriableException if the download failed for a passing reason (I/O, 429, 5xx)
   * @throws CrmException if YCloud refused it otherwise (401, 403...)
   */
  public byte[] download(MediaRef media) {
    String link = media.url().orElseThrow(() -> new UnusableMediaException("media has no download link"));
    HttpUrl url = HttpUrl.parse(link);
    if (url == null) {
      throw new UnusableMediaException("media link is not a URL: " + link);
    }
    Request request = new Request.Builder().url(url).get().build();
    try (Response response = http.newCall(request).execute()) {
      if (response.code() == 429 || response.code() >= 500) {
        throw new RetriableException("media download failed with " + response.code(), null);
      }
      if (response.code() == 404 || response.code() == 410) {
        throw new UnusableMediaException("media is gone: download answered " + response.code());
      }
      if (!response.isSuccessful() || response.body() == null) {
        throw new CrmException("media download refused with " + response.code());
      }
      try (InputStream in = response.body().byteStream()) {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
          throw new UnusableMediaException("media is larger than " + maxBytes + " bytes");
        }
        return bytes;
      }
    } catch (IOException e) {
      throw new RetriableException("media download failed: " + e.getMessage(), e);
    }
  }

  /** Never over another scheme or port (no key in clear text over http to the same host name). */
  private boolean isApi(HttpUrl url) {
    return url.scheme().equals(api.scheme()) && url.host().equalsIgnoreCase(api.host()) && url.port() == api.port();
  }

  /** The deadline of one whole call, in milliseconds (0: none): for tests. */
  long callTimeoutMillis() {
    return http.callTimeoutMillis();
  }
}
