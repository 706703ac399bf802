package io.crmventas.ycloud.media;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.conversation.MediaRef;
import java.util.Locale;
import java.util.Objects;

/**
 * Downloads an inbound voice note and transcribes it. Runs on inbox workers, never inside the
 * webhook request. After {@code attempts} failed tries the message keeps {@link #FAILED_MARKER}
 * as its transcript, so people and the assistant see that there was audio they could not hear.
 * Keep {@code attempts} no higher than the inbox worker's {@code maxAttempts}: the worker
 * dead-letters the event after its own last attempt, marker or not.
 */
public final class AudioTranscription {
  /**
   * The transcript kept when every try failed. Markers are data, the same in every language:
   * an application recognises them and shows them in its users' words.
   */
  public static final String FAILED_MARKER = "[audio: transcription failed]";
  /** The transcript kept when the audio had no speech in it. */
  public static final String NO_SPEECH_MARKER = "[audio: no speech]";

  private final YCloudMediaDownloader downloader;
  private final Transcriber transcriber;
  private final int attempts;

  public AudioTranscription(YCloudMediaDownloader downloader, Transcriber transcriber, int attempts) {
    this.downloader = Objects.requireNonNull(downloader, "downloader");
    this.transcriber = Objects.requireNonNull(transcriber, "transcriber");
    if (attempts < 1) {
      throw new InvalidInputException("attempts", attempts, "must be at least 1");
    }
    this.attempts = attempts;
  }

  /** How many tries before the marker is kept; at most the inbox worker's attempts. */
  public int attempts() {
    return attempts;
  }

  /** Downloads and transcribes; throws what the downloader or the transcriber threw. */
  public String transcribe(MediaRef media) {
    byte[] audio = downloader.download(media);
    String mime = media.mimeType().orElse("audio/ogg");
    return transcriber.transcribe(audio, "voice." + extension(mime), mime);
  }

  private static String extension(String mime) {
    String m = mime.toLowerCase(Locale.ROOT);
    if (m.contains("ogg") || m.contains("opus")) {
      return "ogg";
    }
    if (m.contains("mpeg") || m.contains("mp3")) {
      return "mp3";
    }
    if (m.contains("mp4") || m.contains("m4a") || m.contains("aac")) {
      return "m4a";
    }
    if (m.contains("amr")) {
      return "amr";
    }
    return m.contains("wav") ? "wav" : "ogg";
  }
}
