package io.crmventas.ycloud.media;

/**
 * Turns speech into text. Implementations are thread-safe; they throw
 * {@link io.crmventas.core.RetriableException} for failures worth retrying (the service is down
 * or rate limited) and another {@link io.crmventas.core.CrmException} otherwise.
 */
@FunctionalInterface
public interface Transcriber {

  /**
   * Transcribes one audio file.
   *
   * @param audio the file's bytes
   * @param filename a name with the right extension (the service may use it to tell the format)
   * @param mimeType the file's MIME type, for example {@code audio/ogg}
   * @return the text said, possibly empty
   */
  String transcribe(byte[] audio, String filename, String mimeType);
}
