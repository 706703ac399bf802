package io.crmventas.ycloud.webhook;

import io.crmventas.core.CrmException;

/** A webhook body that is not a YCloud event this library can read; the message names the problem. */
public class MalformedEventException extends CrmException {
  private static final long serialVersionUID = 1L;

  public MalformedEventException(String message) {
    super(message);
  }

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
