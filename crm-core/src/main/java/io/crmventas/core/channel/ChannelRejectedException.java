package io.crmventas.core.channel;

import io.crmventas.core.CrmException;

/** The channel refused the request for a reason other than credentials or the recipient. */
public class ChannelRejectedException extends CrmException {
  private static final long serialVersionUID = 1L;

  public ChannelRejectedException(String message) {
    super(message);
  }
}
