package io.crmventas.core.channel;

import io.crmventas.core.CrmException;

/** The channel refused our credentials (a wrong or revoked API key). Not retriable. */
public class ChannelAuthException extends CrmException {
  private static final long serialVersionUID = 1L;

  public ChannelAuthException(String message) {
    super(message);
  }
}
