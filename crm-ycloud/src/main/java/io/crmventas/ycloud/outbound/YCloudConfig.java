package io.crmventas.ycloud.outbound;

import io.crmventas.core.Backoff;
import io.crmventas.core.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach YCloud's API: the key, the business number messages are sent from, the
 * endpoint, and the retry budget. Immutable; build with {@link #builder}.
 */
public final class YCloudConfig {
  /** YCloud's production API. */
  public static final String DEFAULT_BASE_URL = "https://api.ycloud.com/v2";

  private final String apiKey;
  private final String from;
  private final String baseUrl;
  private final boolean sendDirectly;
  private final int maxAttempts;
  private final Backoff backoff;
  private final Duration callTimeout;
  private final java.time.Clock clock;

  private YCloudConfig(Builder b) {
    this.apiKey = b.apiKey;
    this.from = b.from;
    this.baseUrl = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    this.sendDirectly = b.sendDirectly;
    this.maxAttempts = b.maxAttempts;
    this.backoff = new Backoff(b.initialBackoff, b.maxBackoff);
    this.callTimeout = b.callTimeout;
    this.clock = b.clock;
  }

  /**
   * @param apiKey the {@code X-API-Key}
   * @param from the business's WhatsApp number in E.164
   */
  public static Builder builder(String apiKey, String from) {
    return new Builder(apiKey, from);
  }

  public String apiKey() {
    return apiKey;
  }

  public String from() {
    return from;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Whether sends use {@code /sendDirectly} (synchronous) instead of the queued endpoint. */
  public boolean sendDirectly() {
    return sendDirectly;
  }

  /** Attempts per call, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration initialBackoff() {
    return backoff.initial();
  }

  /** The longest wait between attempts; a longer Retry-After ends the retries at once. */
  public Duration maxBackoff() {
    return backoff.max();
  }

  /** The retry waits: {@link #initialBackoff} doubling up to {@link #maxBackoff}, with jitter. */
  public Backoff backoff() {
    return backoff;
  }

  public Duration callTimeout() {
    return callTimeout;
  }

  /** The clock a {@code Retry-After} date is measured against. */
  public java.time.Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "YCloudConfig[from=" + from + ", baseUrl=" + baseUrl + ", sendDirectly=" + sendDirectly + ", maxAttempts="
        + maxAttempts + "]";
  }

  /** Builds a {@link YCloudConfig}; validated in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final String apiKey;
    private final String from;
    private String baseUrl = DEFAULT_BASE_URL;
    private boolean sendDirectly;
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(20);
    private java.time.Clock clock = java.time.Clock.systemUTC();

    private Builder(String apiKey, String from) {
      this.apiKey = apiKey;
      this.from = from;
    }

    public Builder baseUrl(String v) {
      this.baseUrl = Objects.requireNonNull(v, "baseUrl");
      return this;
    }

    public Builder sendDirectly(boolean v) {
      this.sendDirectly = v;
      return this;
    }

    public Builder maxAttempts(int v) {
      this.maxAttempts = v;
      return this;
    }

    public Builder initialBackoff(Duration v) {
      this.initialBackoff = Objects.requireNonNull(v, "initialBackoff");
      return this;
    }

    public Builder maxBackoff(Duration v) {
      this.maxBackoff = Objects.requireNonNull(v, "maxBackoff");
      return this;
    }

    public Builder callTimeout(Duration v) {
      this.callTimeout = Objects.requireNonNull(v, "callTimeout");
      return this;
    }

    /** The clock a {@code Retry-After} date is measured against (default the system's, UTC). */
    public Builder clock(java.time.Clock v) {
      this.clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    public YCloudConfig build() {
      if (apiKey == null || apiKey.isBlank()) {
        // The key itself is never put in a message.
        throw new InvalidInputException("apiKey", apiKey == null ? null : "(blank)", "is required");
      }
      if (from == null || !from.matches("^\\+[1-9][0-9]{6,14}$")) {
        throw new InvalidInputException("from", from, "must be a phone number in E.164 (+ and 7 to 15 digits)");
      }
      if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
        throw new InvalidInputException("baseUrl", baseUrl, "must be an http(s) URL");
      }
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw new InvalidInputException("maxAttempts", maxAttempts, "must be between 1 and 10");
      }
      if (callTimeout.isNegative() || callTimeout.isZero()) {
        throw new InvalidInputException("callTimeout", callTimeout, "must be positive");
      }
      return new YCloudConfig(this);
    }
  }
}
