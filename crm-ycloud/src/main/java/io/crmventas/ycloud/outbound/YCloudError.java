package io.crmventas.ycloud.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * YCloud's error body, {@code {"error": {"status", "code", "message", "target",
 * "whatsappApiError": {"code", ...}}}}, reduced to what decides the exception.
 */
record YCloudError(int status, String code, String message, String target, String whatsappCode) {

  static YCloudError of(JsonNode body, int status) {
    JsonNode e = body.path("error");
    return new YCloudError(status, e.path("code").asText(""),
        masked(e.path("message").asText(body.path("unparsed").asText(""))), e.path("target").asText(""),
        e.path("whatsappApiError").path("code").asText(""));
  }

  /**
   * {@code text} with every run of 7 or more digits (a phone number a provider's message may
   * repeat) replaced by {@code ***}: it ends in exceptions, logs and the inbox's last error.
   */
  static String masked(String text) {
    return DIGIT_RUNS.matcher(text).replaceAll("***");
  }

  private static final java.util.regex.Pattern DIGIT_RUNS = java.util.regex.Pattern.compile("\\+?\\d{7,}");

  /** Whether the error is about the recipient, by WhatsApp's code or the field YCloud names. */
  boolean isRecipientProblem(Set<String> recipientCodes) {
    return recipientCodes.contains(whatsappCode) || target.equals("to") || target.equals("recipient");
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(code.isEmpty() ? "HTTP " + status : code);
    if (!whatsappCode.isEmpty()) {
      s.append(" (WhatsApp ").append(whatsappCode).append(')');
    }
    if (!message.isEmpty()) {
      s.append(": ").append(message);
    }
    return s.toString();
  }
}
