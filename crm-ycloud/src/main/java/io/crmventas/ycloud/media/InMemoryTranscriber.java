package io.crmventas.ycloud.media;

import io.crmventas.core.RetriableException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link Transcriber} for tests and demos: the "transcript" is computed from the bytes (by
 * default they are read as UTF-8 text), and failures can be scheduled. Thread-safe.
 */
public final class InMemoryTranscriber implements Transcriber {
  private final Function<byte[], String> text;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();

  public InMemoryTranscriber(Function<byte[], String> text) {
    this.text = Objects.requireNonNull(text, "text");
  }

  /** Reads the audio bytes as UTF-8 text. */
  public static InMemoryTranscriber readingBytesAsText() {
    return new InMemoryTranscriber(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** The next {@code n} calls fail as an unavailable service would. */
  public void failNext(int n) {
    failuresLeft.set(n);
  }

  /** How many times it was called. */
  public int calls() {
    return calls.get();
  }

  @Override
  public String transcribe(byte[] audio, String filename, String mimeType) {
    calls.incrementAndGet();
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new RetriableException("transcription service unavailable (simulated)", null);
    }
    return text.apply(audio);
  }
}
