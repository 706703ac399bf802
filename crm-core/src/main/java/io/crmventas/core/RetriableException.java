package io.crmventas.core;

/**
 * A transient failure: the store or a remote service is unavailable or the operation lost a
 * race (deadlock, serialization failure). The same call may succeed later.
 */
public class RetriableException extends CrmException {
  private static final long serialVersionUID = 1L;

  public RetriableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
