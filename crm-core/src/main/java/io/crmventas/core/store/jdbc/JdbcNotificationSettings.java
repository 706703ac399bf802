package io.crmventas.core.store.jdbc;

import io.crmventas.core.notification.NotificationSettings;
import io.crmventas.core.notification.NotificationSettingsStore;
import io.crmventas.core.notification.NotificationType;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

final class JdbcNotificationSettings extends JdbcScoped implements NotificationSettingsStore {
  private static final String COLS = "tenant_id, user_id, muted_types, muted_until, updated_at";

  JdbcNotificationSettings(Db db, TenantId tenant) {
    super(db, tenant);
  }

  private static NotificationSettings settings(Db.Row r) throws SQLException {
    return new NotificationSettings(TenantId.of(r.str("tenant_id")), UserId.of(r.uuid("user_id")),
        r.texts("muted_types").stream().map(NotificationType::valueOf).collect(Collectors.toSet()),
        r.optInstant("muted_until"), r.instant("updated_at"));
  }

  @Override
  public Optional<NotificationSettings> find(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return db.queryOne("SELECT " + COLS + " FROM notification_settings WHERE tenant_id = ? AND user_id = ?",
        JdbcNotificationSettings::settings, t(), userId.value());
  }

  @Override
  public NotificationSettings save(NotificationSettings s) {
    Objects.requireNonNull(s, "settings");
    requireSameTenant(s.tenantId());
    db.update("INSERT INTO notification_settings (" + COLS + ") VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (tenant_id, user_id) DO UPDATE SET muted_types = EXCLUDED.muted_types,"
            + " muted_until = EXCLUDED.muted_until, updated_at = EXCLUDED.updated_at",
        t(), s.userId().value(), new Db.SqlArray("text", s.mutedTypes().stream().map(Enum::name).sorted().toList()),
        s.mutedUntil(), s.updatedAt());
    return s;
  }
}
