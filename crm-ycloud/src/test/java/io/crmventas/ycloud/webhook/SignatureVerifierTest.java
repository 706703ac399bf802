package io.crmventas.ycloud.webhook;

import static io.crmventas.ycloud.webhook.Fixtures.OTHER_SECRET;
import static io.crmventas.ycloud.webhook.Fixtures.SECRET;
import static io.crmventas.ycloud.webhook.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.ycloud.webhook.SignatureVerifier.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private final MutableClock clock = MutableClock.at(NOW);
  private final SignatureVerifier verifier = new SignatureVerifier(clock, Duration.ofMinutes(5));
  private final byte[] body = bytes(Fixtures.json("inbound-text"));
  private final long now = NOW.getEpochSecond();

  @Test
  void theSignatureIsHmacSha256OfTimestampDotBodyInHex() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal(bytes(now + "." + new String(body, StandardCharsets.UTF_8))));
    assertThat(verifier.verify("t=" + now + ",s=" + expected, body, List.of(SECRET))).isEqualTo(Outcome.VALID);
  }

  @Test
  void aTamperedBodyOrAnotherSecretDoesNotMatch() {
    String header = SignatureVerifier.sign(SECRET, now, body);
    byte[] tampered = body.clone();
    tampered[tampered.length / 2] ^= 1;
    assertThat(verifier.verify(header, tampered, List.of(SECRET))).isEqualTo(Outcome.MISMATCH);
    assertThat(verifier.verify(header, body, List.of(OTHER_SECRET))).isEqualTo(Outcome.MISMATCH);
    assertThat(verifier.verify(header.replace("t=" + now, "t=" + (now + 1)), body, List.of(SECRET)))
        .isEqualTo(Outcome.MISMATCH);
  }

  @Test
  void duringRotationEitherSecretIsAccepted() {
    List<String> both = List.of(OTHER_SECRET, SECRET);
    assertThat(verifier.verify(SignatureVerifier.sign(SECRET, now, body), body, both)).isEqualTo(Outcome.VALID);
    assertThat(verifier.verify(SignatureVerifier.sign(OTHER_SECRET, now, body), body, both)).isEqualTo(Outcome.VALID);
  }

  @Test
  void anEmptySecretMatchesNothingAndFixedSecretsRefuseABlankOne() {
    String header = SignatureVerifier.sign(SECRET, now, body);
    assertThat(verifier.verify(header, body, List.of(""))).isEqualTo(Outcome.MISMATCH);
    assertThat(verifier.verify(header, body, List.of("", SECRET))).isEqualTo(Outcome.VALID);
    assertThatThrownBy(() -> WebhookSecrets.of(Map.of(TenantId.of("acme"), List.of(SECRET, " "))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("acme").hasMessageNotContaining(SECRET);
  }

  @Test
  void timestampsMoreThanFiveMinutesAwayAreStale() {
    assertThat(verifier.verify(SignatureVerifier.sign(SECRET, now - 300, body), body, List.of(SECRET)))
        .isEqualTo(Outcome.VALID);
    assertThat(verifier.verify(SignatureVerifier.sign(SECRET, now - 301, body), body, List.of(SECRET)))
        .isEqualTo(Outcome.STALE);
    assertThat(verifier.verify(SignatureVerifier.sign(SECRET, now + 301, body), body, List.of(SECRET)))
        .isEqualTo(Outcome.STALE);
    String header = SignatureVerifier.sign(SECRET, now, body);
    clock.advance(Duration.ofMinutes(6));
    assertThat(verifier.verify(header, body, List.of(SECRET))).isEqualTo(Outcome.STALE);
  }

  @Test
  void theHeaderIsReadLeniently() {
    String header = SignatureVerifier.sign(SECRET, now, body);
    String sig = header.substring(header.indexOf("s=") + 2);
    String other = "b".repeat(64);
    for (String ok : List.of(
        " t=" + now + " , s=" + sig + " ",                    // spaces around parts
        "s=" + sig + ",t=" + now,                             // signature first
        "t=" + now + ",s=" + other + ",s=" + sig,             // several signatures, one right
        "t=" + now + ",s=" + sig.toUpperCase(Locale.ROOT),    // upper-case hex
        "T=" + now + ",S=" + sig,                             // upper-case keys
        "t=" + now + ",s=" + sig + ",",                       // a trailing comma
        "t=" + now + ",s=abc,s=" + sig + ",v1=whatever,s=" + "z".repeat(64) + ",s=" + sig)) {
      assertThat(verifier.verify(ok, body, List.of(SECRET))).as(ok).isEqualTo(Outcome.VALID);
    }
    assertThat(verifier.verify("t=" + now + ",t=" + (now + 1) + ",s=" + sig, body, List.of(SECRET)))
        .as("two different timestamps").isEqualTo(Outcome.MALFORMED);
    assertThat(verifier.verify("t=" + now + ",s=" + other, body, List.of(SECRET))).isEqualTo(Outcome.MISMATCH);
  }

  @Test
  void headersThatAreNotTheFormatAreMalformedOrMissing() {
    String hex = "a".repeat(64);
    assertThat(verifier.verify(null, body, List.of(SECRET))).isEqualTo(Outcome.MISSING);
    assertThat(verifier.verify(" ", body, List.of(SECRET))).isEqualTo(Outcome.MISSING);
    for (String bad : List.of("s=" + hex, "t=" + now, "t=abc,s=" + hex, "t=" + now + ",s=xyz",
        "t=" + now + ",s=" + "g".repeat(64), "garbage", "t=" + now + ";s=" + hex, "t=-5,s=" + hex)) {
      assertThat(verifier.verify(bad, body, List.of(SECRET))).as(bad).isEqualTo(Outcome.MALFORMED);
    }
  }
}
