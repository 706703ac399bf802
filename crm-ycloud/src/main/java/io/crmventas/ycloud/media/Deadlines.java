package io.crmventas.ycloud.media;

import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * okhttp's timeouts are per read: a server that sends a byte now and then would hold a worker
 * for ever. The media clients give a client without a deadline for the whole call one.
 */
final class Deadlines {
  private Deadlines() {}

  /** A builder from {@code http} whose calls end after {@code deadline} unless {@code http}'s already end. */
  static OkHttpClient.Builder withCallTimeout(OkHttpClient http, Duration deadline) {
    OkHttpClient.Builder b = Objects.requireNonNull(http, "http").newBuilder();
    return http.callTimeoutMillis() == 0 ? b.callTimeout(deadline) : b;
  }
}
