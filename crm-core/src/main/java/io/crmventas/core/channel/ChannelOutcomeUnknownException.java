package io.crmventas.core.channel;

/**
 * A send whose outcome is unknown: the request reached the provider, but its answer was lost or
 * unreadable, so the message may have gone out. Not retried by the channel (a provider without an
 * idempotency key would send it twice); before sending it again, make sure the lead did not get
 * it (a status webhook for it, or asking a person).
 */
public class ChannelOutcomeUnknownException extends ChannelRejectedException {
  private static final long serialVersionUID = 1L;

  public ChannelOutcomeUnknownException(String message) {
    super(message);
  }
}
