package io.crmventas.core.channel;

import io.crmventas.core.RetriableException;

/** The channel could not be reached, timed out or kept failing on its side. Retriable later. */
public class ChannelUnavailableException extends RetriableException {
  private static final long serialVersionUID = 1L;

  public ChannelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
