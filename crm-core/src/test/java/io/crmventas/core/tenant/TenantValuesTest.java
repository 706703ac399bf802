package io.crmventas.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantValuesTest {
  private static final ZoneId AR = ZoneId.of("America/Argentina/Buenos_Aires");

  @ParameterizedTest
  @ValueSource(strings = {"acme", "acme-ventas", "a1", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc"})
  void tenantIdsAreSlugs(String slug) {
    assertThat(TenantId.of(slug).value()).isEqualTo(slug);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "Acme", "-acme", "acme-", "ac me", "acme_ventas", "ñandu"})
  void badTenantIdsNameTheField(String slug) {
    assertThatThrownBy(() -> TenantId.of(slug))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("tenantId");
          assertThat(e.value()).isEqualTo(slug);
        });
  }

  @Test
  void aLocaleThatDoesNotSurviveALanguageTagIsRefusedWhenTheTenantIsMade() {
    for (java.util.Locale bad : java.util.List.of(new java.util.Locale("en_US"), new java.util.Locale("español"),
        new java.util.Locale("x"), java.util.Locale.ROOT)) {
      assertThatThrownBy(() -> Tenant.of(TenantId.of("acme"), "Acme", AR, bad, java.time.Instant.EPOCH))
          .as(bad.toString()).isInstanceOfSatisfying(InvalidInputException.class,
              e -> assertThat(e.field()).isEqualTo("locale"));
    }
    assertThat(Tenant.of(TenantId.of("acme"), "Acme", AR, java.util.Locale.forLanguageTag("pt-BR"), java.time.Instant.EPOCH)
        .locale()).isEqualTo(java.util.Locale.forLanguageTag("pt-BR"));
  }

  @Test
  void instantsOutsideTheYears1To9999AreRefusedByName() {
    var tenant = TenantId.of("acme");
    var user = UserId.of(UUID.randomUUID());
    assertThatThrownBy(() -> new io.crmventas.core.notification.NotificationSettings(tenant, user, Set.of(),
        Optional.of(java.time.Instant.MAX), java.time.Instant.EPOCH))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("mutedUntil"));
    assertThatThrownBy(() -> Tenant.of(tenant, "Acme", AR, java.util.Locale.ENGLISH,
        java.time.Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("createdAt"));
    assertThat(new io.crmventas.core.notification.NotificationSettings(tenant, user, Set.of(),
        Optional.of(java.time.Instant.parse("9999-12-31T00:00:00Z")), java.time.Instant.EPOCH).mutedUntil()).isPresent();
  }

  @Test
  void malformedDayRangesAreRefusedByName() {
    for (String bad : java.util.List.of("- 09:00-10:00", "MON- 09:00-10:00", "-FRI 09:00-10:00")) {
      assertThatThrownBy(() -> WorkingHours.parse(bad)).as(bad)
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("workingHours"));
    }
  }

  @Test
  void workingHoursParseRoundTripAndAnswerInTheTenantsZone() {
    WorkingHours h = WorkingHours.parse("mon-fri 09:00-13:00,14:00-18:00; SAT 10:00-14:00");
    assertThat(WorkingHours.parse(h.toString())).isEqualTo(h);
    assertThat(h.toString()).isEqualTo("MON 09:00-13:00,14:00-18:00; TUE 09:00-13:00,14:00-18:00;"
        + " WED 09:00-13:00,14:00-18:00; THU 09:00-13:00,14:00-18:00; FRI 09:00-13:00,14:00-18:00; SAT 10:00-14:00");
    // 2026-11-25 is a Wednesday.
    assertThat(h.isWorking(ZonedDateTime.of(LocalDateTime.parse("2026-11-25T09:00"), AR))).isTrue();
    assertThat(h.isWorking(ZonedDateTime.of(LocalDateTime.parse("2026-11-25T13:30"), AR))).isFalse();
    assertThat(h.isWorking(ZonedDateTime.of(LocalDateTime.parse("2026-11-25T17:59:59"), AR))).isTrue();
    assertThat(h.isWorking(ZonedDateTime.of(LocalDateTime.parse("2026-11-25T18:00"), AR))).isFalse();
    assertThat(h.isWorking(ZonedDateTime.of(LocalDateTime.parse("2026-11-29T11:00"), AR))).as("Sunday").isFalse();
    assertThat(h.days()).containsKey(DayOfWeek.SATURDAY).doesNotContainKey(DayOfWeek.SUNDAY);
  }

  @Test
  void alwaysNeverAndMidnight() {
    assertThat(WorkingHours.parse("always")).isEqualTo(WorkingHours.ALWAYS);
    assertThat(WorkingHours.ALWAYS.toString()).isEqualTo("always");
    assertThat(WorkingHours.parse("never").isWorking(ZonedDateTime.now(AR))).isFalse();
    WorkingHours late = WorkingHours.parse("FRI 20:00-24:00");
    assertThat(late.isWorking(ZonedDateTime.of(LocalDateTime.parse("2026-11-27T23:59:59"), AR))).isTrue();
    assertThat(WorkingHours.parse(late.toString())).isEqualTo(late);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MON", "XYZ 09:00-10:00", "MON 10:00-09:00", "MON 9-10", "MON 09:00-12:00,11:00-13:00",
      "MON 09:00-10:00; MON 11:00-12:00"})
  void badWorkingHoursNameTheField(String text) {
    assertThatThrownBy(() -> WorkingHours.parse(text))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("workingHours"));
  }

  @Test
  void settingsAreTypedWithDefaultsAndChecked() {
    Setting<Duration> window = Setting.duration("inbound.debounce", Duration.ofSeconds(8), Duration.ofSeconds(1),
        Duration.ofMinutes(2));
    Setting<Integer> hot = Setting.integer("scoring.hot", 70, 1, 100);
    TenantSettings s = TenantSettings.DEFAULTS;
    assertThat(s.get(window)).isEqualTo(Duration.ofSeconds(8));
    s = s.with(window, Duration.ofSeconds(11)).with(hot, 65);
    assertThat(s.get(window)).isEqualTo(Duration.ofSeconds(11));
    assertThat(s.asMap()).containsExactly(Map.entry("inbound.debounce", "PT11S"), Map.entry("scoring.hot", "65"));
    assertThat(s.without(hot).get(hot)).isEqualTo(70);

    assertThatThrownBy(() -> TenantSettings.DEFAULTS.with(hot, 101))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("scoring.hot");
          assertThat(e.value()).isEqualTo(101);
        });
    TenantSettings stored = TenantSettings.of(Map.of("scoring.hot", "tibio", "unknown.key", "kept"));
    assertThatThrownBy(() -> stored.get(hot))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("scoring.hot"));
    assertThat(stored.asMap()).containsEntry("unknown.key", "kept");
  }

  @Test
  void membershipsCheckTheProfileAgainstTheRole() {
    TenantId t = TenantId.of("acme");
    UserId u = UserId.of(UUID.randomUUID());
    assertThatThrownBy(() -> new Membership(t, u, Role.SELLER, Optional.empty(), true, java.time.Instant.EPOCH))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("seller"));
    assertThatThrownBy(() -> new Membership(t, u, Role.CEO, Optional.of(SellerProfile.of(SellerKind.CLOSER, 1)), true,
        java.time.Instant.EPOCH)).isInstanceOf(InvalidInputException.class);
    assertThat(new Membership(t, u, Role.PROFESSIONAL, Optional.empty(), true, java.time.Instant.EPOCH).isSeller()).isFalse();
  }

  @Test
  void sellerProfilesNormaliseSkillsAndBoundCapacity() {
    SellerProfile p = SellerProfile.of(SellerKind.SETTER, 5).withSkills(Set.of(" Meta_Ads ", "LANG:EN"));
    assertThat(p.skills()).containsExactly("lang:en", "meta_ads");
    assertThatThrownBy(() -> SellerProfile.of(SellerKind.SETTER, -1))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("capacity"));
    assertThatThrownBy(() -> p.withSkills(Set.of("two words")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("skills"));
  }
}
