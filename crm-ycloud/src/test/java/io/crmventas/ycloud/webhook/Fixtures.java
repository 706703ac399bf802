package io.crmventas.ycloud.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The YCloud payloads in test resources, and signing them as YCloud does. */
public final class Fixtures {
  public static final String SECRET = "whsec_3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e";
  public static final String OTHER_SECRET = "whsec_ffeeddccbbaa99887766554433221100";

  private Fixtures() {}

  /** The fixture {@code name} (without .json) as text. */
  public static String json(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture with its event id replaced by {@code eventId}. */
  public static String withEventId(String name, String eventId) {
    String json = json(name);
    int start = json.indexOf("\"id\": \"") + 7;
    int end = json.indexOf('"', start);
    return json.substring(0, start) + eventId + json.substring(end);
  }

  /**
   * An inbound fixture made into another event of another message: event id and message id
   * replaced (the fixture's message id is {@code 63f5d7d6b4a7c2<name>}).
   */
  public static String withIds(String name, String eventId, String messageId) {
    return withEventId(name, eventId).replace("\"63f5d7d6b4a7c2" + name + "\"", "\"" + messageId + "\"");
  }

  /** Headers with a valid signature of {@code body} at {@code unixSeconds}. */
  public static Map<String, String> signed(byte[] body, long unixSeconds) {
    return signed(body, unixSeconds, SECRET);
  }

  public static Map<String, String> signed(byte[] body, long unixSeconds, String secret) {
    return Map.of("Content-Type", "application/json",
        "ycloud-signature", SignatureVerifier.sign(secret, unixSeconds, body));
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
