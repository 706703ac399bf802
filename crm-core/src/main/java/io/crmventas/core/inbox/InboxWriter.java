package io.crmventas.core.inbox;

import io.crmventas.core.store.InsertResult;
import java.util.Objects;

/**
 * Where a webhook receiver writes the events it acknowledges: when {@link #append} returns, the
 * event is durably in the inbox (or was already). {@link #direct} commits each event on its own;
 * {@link GroupCommitInboxWriter} commits the events of concurrent callers together.
 */
@FunctionalInterface
public interface InboxWriter {

  /**
   * Stores the event unless its tenant already has one with the same provider and event id.
   *
   * @return {@code Inserted}, or {@code Duplicate} with the event stored earlier
   * @throws io.crmventas.core.NotFoundException if the tenant does not exist
   * @throws io.crmventas.core.RetriableException if the store failed; nothing was acknowledged
   */
  InsertResult<InboxEvent> append(InboxEvent event);

  /** Writes each event in its own transaction: {@link InboxStore#append}. */
  static InboxWriter direct(InboxStore inbox) {
    Objects.requireNonNull(inbox, "inbox");
    return inbox::append;
  }
}
