package io.crmventas.core.agenda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AppointmentTest {
  private static final Instant NINE = Instant.parse("2026-11-26T12:00:00Z");

  private Appointment appt(Instant start, Instant end) {
    return new Appointment(AppointmentId.of(UUID.randomUUID()), TenantId.of("acme"), UserId.of(UUID.randomUUID()),
        Optional.empty(), "Demo", start, end, AppointmentStatus.SCHEDULED, AppointmentSource.AI, Optional.empty(), NINE, NINE);
  }

  @Test
  void anAppointmentThatEndsBeforeItStartsIsRejectedNamingEnd() {
    assertThatThrownBy(() -> appt(NINE, NINE.minusSeconds(60)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("end");
          assertThat(e.getMessage()).contains("2026-11-26T11:59:00Z").contains("must be after start");
        });
    assertThatThrownBy(() -> appt(NINE, NINE)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> appt(NINE, NINE.plusSeconds(25 * 3600))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void overlapIsHalfOpen() {
    Appointment a = appt(NINE, NINE.plusSeconds(3600));
    assertThat(a.overlaps(NINE.plusSeconds(3600), NINE.plusSeconds(7200))).isFalse();
    assertThat(a.overlaps(NINE.minusSeconds(3600), NINE)).isFalse();
    assertThat(a.overlaps(NINE.plusSeconds(3599), NINE.plusSeconds(7200))).isTrue();
  }
}
