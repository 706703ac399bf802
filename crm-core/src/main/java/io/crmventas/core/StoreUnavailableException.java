package io.crmventas.core;

/** The backing store (database, cache) cannot be reached or refused the connection. */
public class StoreUnavailableException extends RetriableException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
