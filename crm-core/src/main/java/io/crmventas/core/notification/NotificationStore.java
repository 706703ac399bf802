package io.crmventas.core.notification;

import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One tenant's notifications. Thread-safe. */
public interface NotificationStore {

  /**
   * Stores a notification unless its recipient already has one with the same dedup key.
   *
   * @return {@code Inserted}, or {@code Duplicate} with the existing notification (the given one
   *     if the existing one was trimmed away, see {@link #trimPerRecipient})
   * @throws io.crmventas.core.InvalidInputException if the recipient is not a member
   */
  InsertResult<Notification> create(Notification notification);

  /**
   * Stores, in one atomic step, each of {@code notifications} whose recipient has none with
   * the same dedup key yet (nor an earlier one of the list); returns the stored ones, in order.
   *
   * @throws io.crmventas.core.InvalidInputException if a recipient is not a member (nothing is stored)
   */
  java.util.List<Notification> createAll(java.util.List<Notification> notifications);

  /** The notification with this id, if any. */
  Optional<Notification> find(NotificationId id);

  /**
   * Notifications matching {@code query}: highest priority first, then newest, then id. Expired
   * ones (their {@code expiresAt} at or before the store's clock) are left out, even before
   * {@link #deleteExpired} removes them.
   */
  Page<Notification> list(NotificationQuery query, PageRequest page);

  /** The recipient's unread notifications per priority, expired ones left out; every priority is present. */
  Map<Priority, Long> countUnread(UserId recipientId);

  /**
   * Marks one of the recipient's notifications read at {@code at}.
   *
   * @return false if it does not exist, is not the recipient's, was already read or has expired
   *     (expired ones are neither listed nor counted)
   */
  boolean markRead(NotificationId id, UserId recipientId, Instant at);

  /** Marks every unread, unexpired notification of the recipient read; returns how many. */
  int markAllRead(UserId recipientId, Instant at);

  /**
   * Deletes notifications whose expiry is at or before {@code now}, and frees their dedup keys;
   * also forgets the keys of notifications trimmed more than {@link #TRIMMED_KEY_DAYS} days
   * before {@code now}. Returns how many notifications it deleted.
   */
  int deleteExpired(Instant now);

  /**
   * Keeps each recipient's {@code keep} newest notifications and deletes older ones, keeping
   * their dedup keys (for {@link #TRIMMED_KEY_DAYS} days): a condition still in effect is not
   * notified again because its notification was trimmed away. {@link #create} then answers
   * {@code Duplicate} with the notification it was given, and {@link #createAll} leaves it out.
   */
  int trimPerRecipient(int keep);

  /** How long the dedup key of a trimmed notification is kept. */
  int TRIMMED_KEY_DAYS = 90;
}
