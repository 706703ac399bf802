package io.crmventas.core.store.jdbc;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.DirectoryContract;
import io.crmventas.core.testing.PostgresTestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDirectoryIT extends DirectoryContract {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase();

  @Override
  protected CrmStore createStore(Clock clock) {
    return JdbcCrmStore.create(DB.dataSource(), clock);
  }

  @org.junit.jupiter.api.Test
  void settingsEditedByHandIntoOtherJsonNameTheirKeyWhenRead() throws Exception {
    settingsEditedByHand("{\"channel.turn.window\": {\"s\": 8}, \"plugin.flag\": true, \"gone\": null}");
    io.crmventas.core.tenant.Tenant t = store.tenants().find(a.id).orElseThrow();
    org.assertj.core.api.Assertions.assertThat(t.settings().asMap()).containsEntry("plugin.flag", "true")
        .doesNotContainKey("gone");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.settings().get(io.crmventas.core.channel.TurnAssembler.WINDOW))
        .isInstanceOf(io.crmventas.core.InvalidInputException.class).hasMessageStartingWith("channel.turn.window");
  }

  @org.junit.jupiter.api.Test
  void aTenantWithASettingThatNoLongerReadsCanStillBeChangedOtherwiseAndFixed() throws Exception {
    settingsEditedByHand("{\"channel.turn.window\": \"eight seconds\"}");
    io.crmventas.core.tenant.Tenant t = store.tenants().find(a.id).orElseThrow();
    // Renamed, the bad value left as it was: stored (reading it still names its key).
    io.crmventas.core.tenant.Tenant renamed = store.tenants().update(t.withName("Acme Seguros SA"));
    org.assertj.core.api.Assertions.assertThat(renamed.name()).isEqualTo("Acme Seguros SA");
    // Another bad value is still refused, naming its key; a fix is taken.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.tenants().update(renamed.withSettings(renamed.settings()
            .with(io.crmventas.core.notification.AlertSettings.UNANSWERED_AFTER, java.time.Duration.ZERO))))
        .isInstanceOf(io.crmventas.core.InvalidInputException.class).hasMessageStartingWith("notifications.unanswered.after");
    io.crmventas.core.tenant.Tenant fixed = store.tenants().update(renamed.withSettings(renamed.settings()
        .with(io.crmventas.core.channel.TurnAssembler.WINDOW, java.time.Duration.ofSeconds(8))));
    org.assertj.core.api.Assertions.assertThat(fixed.settings().get(io.crmventas.core.channel.TurnAssembler.WINDOW))
        .isEqualTo(java.time.Duration.ofSeconds(8));
  }

  /** Writes the tenant's settings column directly, as someone editing the database would. */
  private void settingsEditedByHand(String json) throws java.sql.SQLException {
    try (java.sql.Connection c = DB.dataSource().getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("UPDATE tenants SET settings = CAST(? AS jsonb) WHERE id = ?")) {
      ps.setString(1, json);
      ps.setString(2, a.id.value());
      ps.executeUpdate();
    }
  }
}
