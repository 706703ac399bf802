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
    try (java.sql.Connection c = DB.dataSource().getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("UPDATE tenants SET settings = CAST(? AS jsonb) WHERE id = ?")) {
      ps.setString(1, "{\"channel.turn.window\": {\"s\": 8}, \"plugin.flag\": true, \"gone\": null}");
      ps.setString(2, a.id.value());
      ps.executeUpdate();
    }
    io.crmventas.core.tenant.Tenant t = store.tenants().find(a.id).orElseThrow();
    org.assertj.core.api.Assertions.assertThat(t.settings().asMap()).containsEntry("plugin.flag", "true")
        .doesNotContainKey("gone");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.settings().get(io.crmventas.core.channel.TurnAssembler.WINDOW))
        .isInstanceOf(io.crmventas.core.InvalidInputException.class).hasMessageStartingWith("channel.turn.window");
  }
}
