package io.crmventas.core.store.memory;

import io.crmventas.core.notification.NotificationSettings;
import io.crmventas.core.notification.NotificationSettingsStore;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.util.Objects;
import java.util.Optional;

final class MemNotificationSettings extends MemScoped implements NotificationSettingsStore {
  MemNotificationSettings(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public Optional<NotificationSettings> find(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return readOptional(d -> Optional.ofNullable(d.notificationSettings.get(userId)));
  }

  @Override
  public NotificationSettings save(NotificationSettings s) {
    Objects.requireNonNull(s, "settings");
    requireSameTenant(s.tenantId());
    return write(d -> {
      requireMember(d, "userId", s.userId());
      db.put(d.notificationSettings, s.userId(), s);
      return s;
    });
  }
}
