package io.crmventas.core;

/**
 * The root of every exception the CRM libraries throw on purpose.
 *
 * <p>Subclasses say what kind of failure it is, so callers can map it (to an HTTP status, a
 * retry, a log line) without parsing messages: {@link InvalidInputException},
 * {@link NotFoundException}, {@link ConflictException}, {@link ForbiddenException} and
 * {@link RetriableException}.
 */
public class CrmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CrmException(String message) {
    super(message);
  }

  public CrmException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same operation may succeed if tried again later without any change. */
  public boolean isRetriable() {
    return false;
  }
}
