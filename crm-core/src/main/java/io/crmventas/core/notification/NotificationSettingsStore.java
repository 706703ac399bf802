package io.crmventas.core.notification;

import io.crmventas.core.tenant.UserId;
import java.util.Optional;

/** One tenant's per-user notification settings. Thread-safe. */
public interface NotificationSettingsStore {

  /** The user's settings, if they saved any. */
  Optional<NotificationSettings> find(UserId userId);

  /**
   * Saves the user's settings, replacing earlier ones.
   *
   * @throws io.crmventas.core.InvalidInputException if the user is not a member
   */
  NotificationSettings save(NotificationSettings settings);
}
