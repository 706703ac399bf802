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
        WhatsAppErrors.masked(e.path("message").asText(body.path("unparsed").asText(""))), e.path("target").asText(""),
        e.path("whatsappApiError").path("code").asText(""));
  }

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
