package io.crmventas.core.channel;

import io.crmventas.core.CrmException;

/**
 * The recipient cannot receive the message: not a number on the network, or outside the window
 * in which free-form messages are allowed. Not retriable as is.
 */
public class InvalidRecipientException extends CrmException {
  private static final long serialVersionUID = 1L;

  public InvalidRecipientException(String message) {
    super(message);
  }
}
