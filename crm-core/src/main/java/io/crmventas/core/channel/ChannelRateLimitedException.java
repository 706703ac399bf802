package io.crmventas.core.channel;

import io.crmventas.core.RetriableException;
import java.time.Duration;
import java.util.Optional;

/** The channel kept refusing for too many requests after the adapter's retries. */
public class ChannelRateLimitedException extends RetriableException {
  private static final long serialVersionUID = 1L;
  private final transient Optional<Duration> retryAfter;

  public ChannelRateLimitedException(String message, Optional<Duration> retryAfter) {
    super(message, null);
    this.retryAfter = retryAfter;
  }

  /** How long the channel asked us to wait, when it said. */
  public Optional<Duration> retryAfter() {
    return retryAfter == null ? Optional.empty() : retryAfter;
  }
}
