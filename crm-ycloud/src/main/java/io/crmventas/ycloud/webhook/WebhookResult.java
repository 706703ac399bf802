package io.crmventas.ycloud.webhook;

import io.crmventas.core.inbox.InboxEventId;
import java.util.Objects;

/**
 * What became of one webhook request, and the HTTP answer for it: {@link #status()} and a
 * small JSON {@link #body()}. YCloud retries anything that is not 2xx, so only requests that
 * must never be retried as they are (bad signature, malformed, too large) get a 4xx, and a
 * store that cannot take the event gets a 503.
 */
public sealed interface WebhookResult {

  /** The HTTP status to answer with. */
  int status();

  /** The JSON body to answer with ({@code application/json}). */
  String body();

  /** The event is stored in the inbox for processing. 200. */
  record Accepted(String eventId, String eventType, InboxEventId inboxId) implements WebhookResult {
    @Override
    public int status() {
      return 200;
    }

    @Override
    public String body() {
      return ResultJson.object("status", "accepted", "eventId", eventId);
    }
  }

  /** The event was received before; nothing was written. 200, so YCloud stops retrying. */
  record Duplicate(String eventId) implements WebhookResult {
    @Override
    public int status() {
      return 200;
    }

    @Override
    public String body() {
      return ResultJson.object("status", "duplicate", "eventId", eventId);
    }
  }

  /** An authentic event of a type the CRM does not use; logged and not stored. 200. */
  record Ignored(String eventId, String eventType) implements WebhookResult {
    @Override
    public int status() {
      return 200;
    }

    @Override
    public String body() {
      return ResultJson.object("status", "ignored", "eventId", eventId, "type", eventType);
    }
  }

  /**
   * The request was refused and nothing was written.
   *
   * @param error a stable code: {@code bad_signature}, {@code stale_signature},
   *     {@code missing_signature}, {@code malformed}, {@code too_large}, {@code unknown_tenant},
   *     {@code store_unavailable} or {@code internal_error}
   * @param detail what exactly was wrong, for the person reading logs
   */
  record Rejected(int status, String error, String detail) implements WebhookResult {
    public Rejected {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String body() {
      return ResultJson.object("error", error, "detail", detail);
    }

    static Rejected badSignature(String error, String detail) {
      return new Rejected(401, error, detail);
    }

    static Rejected malformed(String detail) {
      return new Rejected(400, "malformed", detail);
    }
  }
}
