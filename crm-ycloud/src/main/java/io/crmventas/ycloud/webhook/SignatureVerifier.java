package io.crmventas.ycloud.webhook;

import io.crmventas.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks YCloud's {@code YCloud-Signature} header: {@code t=<unix seconds>,s=<hex>}, where the
 * hex is HMAC-SHA256 with the endpoint's secret over {@code "<t>.<raw body>"}. The comparison
 * takes the same time whatever the bytes, and a timestamp further than the tolerance from the
 * clock is refused, so a captured request cannot be replayed later. Several secrets may be
 * valid at once while one is rotated. Thread-safe.
 */
public final class SignatureVerifier {

  /** The verdict on one request. */
  public enum Outcome {
    VALID,
    /** No header. */
    MISSING,
    /**
     * A header without a readable {@code t=<unix seconds>} and at least one {@code s=<64 hex
     * digits>}, or with two different {@code t} values (other parts are skipped).
     */
    MALFORMED,
    /** A well-formed signature whose timestamp is too far from now. */
    STALE,
    /** No secret produces this signature. */
    MISMATCH
  }

  private static final byte[] DOT = {'.'};
  private final Clock clock;
  private final long toleranceSeconds;

  public SignatureVerifier(Clock clock, Duration tolerance) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new InvalidInputException("tolerance", tolerance, "must be positive");
    }
    this.toleranceSeconds = tolerance.toSeconds();
  }

  /**
   * Verifies {@code header} (may be null) for {@code body} against any of {@code secrets}.
   * The timestamp is checked only once the signature matches, so STALE means authentic but old.
   */
  public Outcome verify(String header, byte[] body, List<String> secrets) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(secrets, "secrets");
    if (header == null || header.isBlank()) {
      return Outcome.MISSING;
    }
    String t = null;
    List<byte[]> signatures = new ArrayList<>(1);
    // Parts that cannot be read (empty ones, other keys, a signature that is not 64 hex digits)
    // are skipped: only a readable t and at least one readable s are needed, and only a matching
    // signature is ever accepted.
    for (String part : header.split(",", 16)) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (key.equalsIgnoreCase("t")) {
        if (t != null && !t.equals(value)) {
          return Outcome.MALFORMED;   // two timestamps: which one was signed is not ours to guess
        }
        t = value;
      } else if (key.equalsIgnoreCase("s") && value.length() == 64) {
        try {
          signatures.add(HexFormat.of().parseHex(value));
        } catch (IllegalArgumentException e) {
          // not hex: skipped
        }
      }
    }
    if (t == null || signatures.isEmpty() || t.isEmpty() || t.length() > 12 || !t.chars().allMatch(Character::isDigit)) {
      return Outcome.MALFORMED;
    }
    boolean matched = false;
    for (String secret : secrets) {
      if (secret == null || secret.isEmpty()) {
        continue;   // matches nothing (a WebhookSecrets of one's own may hold one)
      }
      byte[] expected = hmac(secret, t, body);
      for (byte[] given : signatures) {
        // Evaluate every pair: which secret matched must not show in the timing.
        matched |= MessageDigest.isEqual(expected, given);
      }
    }
    if (!matched) {
      return Outcome.MISMATCH;
    }
    long age = Math.abs(clock.millis() / 1000 - Long.parseLong(t));
    return age > toleranceSeconds ? Outcome.STALE : Outcome.VALID;
  }

  /** The header YCloud would send for {@code body} at {@code unixSeconds}: for tests and simulators. */
  public static String sign(String secret, long unixSeconds, byte[] body) {
    String t = Long.toString(unixSeconds);
    return "t=" + t + ",s=" + HexFormat.of().formatHex(hmac(secret, t, body));
  }

  /** One Mac per thread: {@code Mac.getInstance} is a provider lookup, too slow for every request. */
  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  });

  private static byte[] hmac(String secret, String t, byte[] body) {
    try {
      Mac mac = MAC.get();
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(t.getBytes(StandardCharsets.US_ASCII));
      mac.update(DOT);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
