package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.agenda.Appointment;
import io.crmventas.core.agenda.AppointmentId;
import io.crmventas.core.agenda.AppointmentSource;
import io.crmventas.core.agenda.AppointmentStatus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Contract for {@link io.crmventas.core.agenda.AppointmentStore}. */
public abstract class AppointmentStoreContract extends StoreContract {

  private Appointment appt(UserId seller, Optional<Lead> lead, Instant start, Duration length) {
    return new Appointment(AppointmentId.of(UUID.randomUUID()), a.id, seller, lead.map(Lead::id), "Demo call", start,
        start.plus(length), AppointmentStatus.SCHEDULED, AppointmentSource.AI, Optional.of("Quiere ver precios"),
        clock.instant(), clock.instant());
  }

  @Test
  void createFindUpdate() {
    Lead lead = a.lead();
    Appointment x = a.t.appointments().create(appt(a.seller1.id(), Optional.of(lead), clock.instant().plusSeconds(3600),
        Duration.ofMinutes(60)));
    assertThat(a.t.appointments().find(x.id())).contains(x);

    clock.advance(Duration.ofMinutes(1));
    Appointment done = a.t.appointments().update(x.withStatus(AppointmentStatus.COMPLETED, clock.instant()));
    assertThat(done.status()).isEqualTo(AppointmentStatus.COMPLETED);
    assertThat(done.updatedAt()).isEqualTo(clock.instant());
    assertThat(done.createdAt()).isEqualTo(x.createdAt());
    assertThat(a.t.appointments().find(x.id())).contains(done);
    assertThat(a.t.appointments().forLead(lead.id())).containsExactly(done);
  }

  @Test
  void betweenReturnsOverlapsInStartOrder() {
    Instant nine = Instant.parse("2026-11-26T12:00:00Z");
    Appointment a1 = a.t.appointments().create(appt(a.seller1.id(), Optional.empty(), nine, Duration.ofMinutes(60)));
    Appointment a2 = a.t.appointments().create(appt(a.seller1.id(), Optional.empty(), nine.plusSeconds(7200), Duration.ofMinutes(30)));
    Appointment other = a.t.appointments().create(appt(a.seller2.id(), Optional.empty(), nine.plusSeconds(1800), Duration.ofMinutes(30)));
    Appointment cancelled = a.t.appointments().create(appt(a.seller1.id(), Optional.empty(), nine.plusSeconds(3600), Duration.ofMinutes(30))
        .withStatus(AppointmentStatus.CANCELLED, clock.instant()));

    assertThat(a.t.appointments().between(Optional.of(a.seller1.id()), nine.plusSeconds(3599), nine.plusSeconds(7201), false))
        .containsExactly(a1, cancelled, a2);
    assertThat(a.t.appointments().between(Optional.of(a.seller1.id()), nine.plusSeconds(3600), nine.plusSeconds(7200), true))
        .isEmpty();
    assertThat(a.t.appointments().between(Optional.empty(), nine, nine.plusSeconds(3600), true))
        .containsExactly(a1, other);
    assertThatThrownBy(() -> a.t.appointments().between(Optional.empty(), nine, nine, true))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("to");
    // Bounds compare in microseconds in both stores: 500 ns after a1's end is still its end.
    assertThat(a.t.appointments().between(Optional.of(a.seller1.id()), nine.plusSeconds(3600).minusNanos(500),
        nine.plusSeconds(3601), false)).containsExactly(a1, cancelled);
  }

  @Test
  void aDeactivatedSellerIsNotBookedButTheirPendingAppointmentsCanBeHandledOver() {
    Instant start = clock.instant().plusSeconds(3600);
    Appointment pending = a.t.appointments().create(appt(a.seller1.id(), Optional.empty(), start, Duration.ofMinutes(30)));
    Appointment other = a.t.appointments().create(appt(a.seller2.id(), Optional.empty(), start, Duration.ofMinutes(30)));
    a.deactivate(a.seller1.id());

    assertThatThrownBy(() -> a.t.appointments().create(appt(a.seller1.id(), Optional.empty(), start, Duration.ofMinutes(30))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("deactivated member")
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("sellerId");
    Appointment moved = new Appointment(other.id(), a.id, a.seller1.id(), other.leadId(), other.title(), other.start(),
        other.end(), other.status(), other.source(), other.notes(), other.createdAt(), other.updatedAt());
    assertThatThrownBy(() -> a.t.appointments().update(moved)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("deactivated member");
    assertThat(a.t.appointments().find(other.id())).contains(other);
    // Their pending appointment can still be moved in time, keeping them, and handed over.
    Appointment later = a.t.appointments().update(new Appointment(pending.id(), a.id, a.seller1.id(), pending.leadId(),
        pending.title(), pending.start().plusSeconds(1800), pending.end().plusSeconds(1800), pending.status(),
        pending.source(), pending.notes(), pending.createdAt(), pending.updatedAt()));
    assertThat(later.start()).isEqualTo(pending.start().plusSeconds(1800));
    Appointment handedOver = a.t.appointments().update(new Appointment(pending.id(), a.id, a.seller2.id(),
        later.leadId(), later.title(), later.start(), later.end(), later.status(), later.source(), later.notes(),
        later.createdAt(), later.updatedAt()));
    assertThat(a.t.appointments().find(pending.id())).contains(handedOver);
    assertThat(handedOver.sellerId()).isEqualTo(a.seller2.id());
    // Once with someone else it cannot come back to them.
    assertThatThrownBy(() -> a.t.appointments().update(later)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("deactivated member");
    // A cancelled one can be reopened only with someone active.
    Appointment cancelled = a.t.appointments().update(later.withStatus(AppointmentStatus.CANCELLED, clock.instant()));
    assertThat(cancelled.sellerId()).isEqualTo(a.seller1.id());
    assertThatThrownBy(() -> a.t.appointments().update(cancelled.withStatus(AppointmentStatus.SCHEDULED, clock.instant())))
        .isInstanceOf(InvalidInputException.class);
    // A past appointment of theirs is still recorded, and one still pending can be confirmed.
    assertThat(a.t.appointments().create(appt(a.seller1.id(), Optional.empty(), start.minusSeconds(86_400),
        Duration.ofMinutes(30)).withStatus(AppointmentStatus.COMPLETED, clock.instant())).status())
        .isEqualTo(AppointmentStatus.COMPLETED);
    Appointment kept = a.t.appointments().create(appt(a.seller2.id(), Optional.empty(), start, Duration.ofMinutes(30)));
    a.deactivate(a.seller2.id());
    assertThat(a.t.appointments().update(kept.withStatus(AppointmentStatus.CONFIRMED, clock.instant())).status())
        .isEqualTo(AppointmentStatus.CONFIRMED);
  }

  @Test
  void referencesOutsideTheTenantAreRejected() {
    var b = anotherTenant();
    assertThatThrownBy(() -> a.t.appointments().create(appt(b.seller1.id(), Optional.empty(), clock.instant(), Duration.ofMinutes(30))))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("sellerId");
    assertThatThrownBy(() -> a.t.appointments().create(appt(a.seller1.id(), Optional.of(b.lead()), clock.instant(), Duration.ofMinutes(30))))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("leadId");
  }

  @Test
  void updatingAnUnknownAppointmentIsNotFound() {
    assertThatThrownBy(() -> a.t.appointments().update(appt(a.seller1.id(), Optional.empty(), clock.instant(), Duration.ofMinutes(30))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void creatingInAnUnknownTenantIsNotFound() {
    io.crmventas.core.tenant.TenantId ghost = io.crmventas.core.testing.TestData.newTenantId();
    Appointment x = appt(a.seller1.id(), Optional.empty(), clock.instant(), Duration.ofMinutes(30));
    Appointment elsewhere = new Appointment(x.id(), ghost, x.sellerId(), x.leadId(), x.title(), x.start(), x.end(),
        x.status(), x.source(), x.notes(), x.createdAt(), x.updatedAt());
    assertThatThrownBy(() -> store.tenant(ghost).appointments().create(elsewhere))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("tenant");
  }
}
