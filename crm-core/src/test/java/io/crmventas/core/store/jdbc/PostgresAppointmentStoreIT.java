package io.crmventas.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.agenda.Appointment;
import io.crmventas.core.agenda.AppointmentId;
import io.crmventas.core.agenda.AppointmentSource;
import io.crmventas.core.agenda.AppointmentStatus;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.AppointmentStoreContract;
import io.crmventas.core.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAppointmentStoreIT extends AppointmentStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase DB = new PostgresTestDatabase();

  @Override
  protected CrmStore createStore(Clock clock) {
    return JdbcCrmStore.create(DB.dataSource(), clock);
  }

  @Test
  void aBookingThatMeetsADeactivationInFlightSeesItCommitted() throws Exception {
    Appointment booking = new Appointment(AppointmentId.of(UUID.randomUUID()), a.id, a.seller1.id(), Optional.empty(),
        "Demo", clock.instant().plusSeconds(3600), clock.instant().plusSeconds(5400), AppointmentStatus.SCHEDULED,
        AppointmentSource.MANUAL, Optional.empty(), clock.instant(), clock.instant());
    try (Connection c = DB.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE memberships SET active = false WHERE tenant_id = ? AND user_id = ?")) {
        ps.setString(1, a.id.value());
        ps.setObject(2, a.seller1.id().value());
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      // The deactivation is not committed yet: the booking must wait for it, not book past it.
      CompletableFuture<Appointment> booked = CompletableFuture.supplyAsync(() -> a.t.appointments().create(booking));
      DB.awaitStatementWaitingForLock("INSERT INTO appointments %");
      c.commit();
      assertThatThrownBy(() -> booked.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(InvalidInputException.class).hasMessageContaining("deactivated member");
    }
    assertThat(a.t.appointments().find(booking.id())).isEmpty();
  }
}
