package io.crmventas.ycloud.media;

import io.crmventas.core.CrmException;

/**
 * The media itself cannot be used, so no retry can help: a file over the size limit, a link
 * that is missing, malformed or gone (404, 410), audio the transcription service refuses as
 * such (400, 413, 415). Failures that another try might mend (a service unreachable, 429, 5xx,
 * a refused key) are other exceptions.
 */
public class UnusableMediaException extends CrmException {
  private static final long serialVersionUID = 1L;

  public UnusableMediaException(String message) {
    super(message);
  }
}
