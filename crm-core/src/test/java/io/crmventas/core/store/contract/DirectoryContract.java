package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.ConflictException;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.Setting;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import io.crmventas.core.tenant.WorkingHours;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Contract for {@link io.crmventas.core.tenant.TenantDirectory}, users and memberships. */
public abstract class DirectoryContract extends StoreContract {
  private static final Setting<Duration> WINDOW =
      Setting.duration("test.window", Duration.ofSeconds(8), Duration.ofSeconds(1), Duration.ofMinutes(5));

  @Test
  void tenantRoundTripsEveryField() {
    TenantId id = TestData.newTenantId();
    Tenant tenant = new Tenant(id, "Acme Ventas", ZoneId.of("Europe/Madrid"), Locale.forLanguageTag("en-GB"),
        Optional.of(PhoneNumber.parse("+34 600 111 222")),
        io.crmventas.core.tenant.TenantSettings.DEFAULTS.with(WINDOW, Duration.ofSeconds(11)), clock.instant(), 0);
    assertThat(store.tenants().create(tenant)).isEqualTo(tenant);

    Tenant read = store.tenants().find(id).orElseThrow();
    assertThat(read).isEqualTo(tenant);
    assertThat(read.settings().get(WINDOW)).isEqualTo(Duration.ofSeconds(11));
  }

  @Test
  void tenantIdIsUnique() {
    assertThatThrownBy(() -> store.tenants().create(TestData.tenant(a.id, clock.instant())))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((ConflictException) e).rule()).isEqualTo("tenant.id.unique");
  }

  @Test
  void tenantUpdateKeepsCreationTimeAndReplacesTheRest() {
    Tenant before = a.tenant();
    Tenant changed = new Tenant(a.id, "Renamed", ZoneId.of("UTC"), Locale.ENGLISH, Optional.empty(),
        before.settings().with(WINDOW, Duration.ofSeconds(3)), before.createdAt().plusSeconds(999), before.version());
    Tenant after = store.tenants().update(changed);
    assertThat(after.name()).isEqualTo("Renamed");
    assertThat(after.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(after.locale()).isEqualTo(Locale.ENGLISH);
    assertThat(after.settings().get(WINDOW)).isEqualTo(Duration.ofSeconds(3));
    assertThat(after.createdAt()).isEqualTo(before.createdAt());
    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(store.tenants().find(a.id)).contains(after);
  }

  @Test
  void anUpdateOfATenantChangedSinceItWasReadIsAConflictAndWritesNothing() {
    Tenant read = a.tenant();
    Tenant renamed = store.tenants().update(read.withName("Acme Seguros"));
    // A second editor, still holding the copy read before the rename, changes a setting.
    assertThatThrownBy(() -> store.tenants().update(read.withSettings(read.settings().with(WINDOW, Duration.ofSeconds(30)))))
        .isInstanceOf(ConflictException.class).hasMessageContaining("version " + read.version())
        .extracting(e -> ((ConflictException) e).rule()).isEqualTo("tenant.version");
    assertThat(store.tenants().find(a.id)).contains(renamed);
    assertThat(renamed.settings().asMap()).doesNotContainKey(WINDOW.key());
    // Done again on the copy read now, it lands and keeps the rename.
    Tenant both = store.tenants().update(a.tenant().withSettings(a.tenant().settings().with(WINDOW, Duration.ofSeconds(30))));
    assertThat(both.name()).isEqualTo("Acme Seguros");
    assertThat(both.settings().get(WINDOW)).isEqualTo(Duration.ofSeconds(30));
    assertThat(both.version()).isEqualTo(read.version() + 2);
  }

  @Test
  void concurrentSettingsEditsAllLand() throws Exception {
    long before = a.tenant().version();
    int editors = 8;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(editors);
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Tenant>> done = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < editors; i++) {
        String key = "plugin.editor" + i;
        done.add(pool.submit(() -> {
          start.await();
          return store.tenants().updateSettings(a.id, s -> io.crmventas.core.tenant.TenantSettings.of(
              withEntry(s.asMap(), key, "on")));
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<Tenant> f : done) {
        f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Tenant after = a.tenant();
    for (int i = 0; i < editors; i++) {
      assertThat(after.settings().asMap()).containsEntry("plugin.editor" + i, "on");
    }
    assertThat(after.version()).isEqualTo(before + editors);
  }

  private static java.util.Map<String, String> withEntry(java.util.Map<String, String> map, String key, String value) {
    java.util.Map<String, String> copy = new java.util.TreeMap<>(map);
    copy.put(key, value);
    return copy;
  }

  @Test
  void updateSettingsChecksTheResultAndFindsTheTenant() {
    Tenant before = a.tenant();
    assertThatThrownBy(() -> store.tenants().updateSettings(a.id,
        s -> s.with(io.crmventas.core.scoring.ScoringSettings.WARM_THRESHOLD, 95)))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("scoring.band.warm");
    assertThat(a.tenant()).isEqualTo(before);
    assertThatThrownBy(() -> store.tenants().updateSettings(TestData.newTenantId(), s -> s))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void settingsThatDoNotReadAreRefusedWhenStoredNamingTheKey() {
    Tenant before = a.tenant();
    Tenant badWindow = before.withSettings(
        io.crmventas.core.tenant.TenantSettings.of(java.util.Map.of("channel.turn.window", "abc")));
    assertThatThrownBy(() -> store.tenants().update(badWindow)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("channel.turn.window");
    Tenant bands = before.withSettings(
        io.crmventas.core.tenant.TenantSettings.of(java.util.Map.of("scoring.band.warm", "80", "scoring.band.hot", "70")));
    assertThatThrownBy(() -> store.tenants().update(bands)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("scoring.band.warm");
    assertThatThrownBy(() -> store.tenants().create(new Tenant(TestData.newTenantId(), "Nueva", before.timeZone(),
        before.locale(), Optional.empty(), bands.settings(), clock.instant(), 0))).isInstanceOf(InvalidInputException.class);
    Tenant misspelt = before.withSettings(io.crmventas.core.tenant.TenantSettings.of(
        java.util.Map.of("notifications.unanswered.afer", "PT2H")));
    assertThatThrownBy(() -> store.tenants().update(misspelt)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("did you mean notifications.unanswered.after?");
    assertThat(a.tenant()).isEqualTo(before);
    // Keys no module knows, outside crm-core's prefixes, are kept as they are.
    Tenant unknown = before.withSettings(io.crmventas.core.tenant.TenantSettings.of(java.util.Map.of("plugin.colour", "azul")));
    assertThat(store.tenants().update(unknown).settings().asMap()).containsEntry("plugin.colour", "azul");
    assertThat(store.tenants().find(a.id)).map(Tenant::settings).contains(unknown.settings());
  }

  @Test
  void updatingAnUnknownTenantIsNotFound() {
    assertThatThrownBy(() -> store.tenants().update(TestData.tenant(TestData.newTenantId(), clock.instant())))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void tenantsAreListedById() {
    TenantFixture b = anotherTenant();
    List<TenantId> ids = store.tenants().list().stream().map(Tenant::id).toList();
    assertThat(ids).contains(a.id, b.id);
    assertThat(ids).isSorted();
  }

  @Test
  void userRoundTripsAndIsFoundByEmail() {
    User u = store.users().create(TestData.user("Ana Pérez", clock.instant()));
    assertThat(store.users().find(u.id())).contains(u);
    assertThat(store.users().findByEmail(u.email())).contains(u);
    assertThat(store.users().findByEmail(EmailAddress.parse("nobody-" + UUID.randomUUID() + "@example.com"))).isEmpty();
  }

  @Test
  void userEmailIsUnique() {
    User u = store.users().create(TestData.user("Ana", clock.instant()));
    User sameEmail = new User(UserId.of(UUID.randomUUID()), u.email(), "Other", clock.instant());
    assertThatThrownBy(() -> store.users().create(sameEmail))
        .isInstanceOf(ConflictException.class).hasMessageNotContaining(u.email().value()).hasNoCause()
        .extracting(e -> ((ConflictException) e).rule()).isEqualTo("user.email.unique");
  }

  @Test
  void userIdIsUnique() {
    User u = store.users().create(TestData.user("Ana", clock.instant()));
    User sameId = new User(u.id(), EmailAddress.parse("x" + UUID.randomUUID() + "@example.com"), "Other", clock.instant());
    assertThatThrownBy(() -> store.users().create(sameId)).isInstanceOf(ConflictException.class);
  }

  @Test
  void userUpdateCanChangeEmailButNotToATakenOne() {
    User u = store.users().create(TestData.user("Ana", clock.instant()));
    User other = store.users().create(TestData.user("Bea", clock.instant()));
    EmailAddress fresh = EmailAddress.parse("ana-" + UUID.randomUUID() + "@example.com");
    User renamed = store.users().update(new User(u.id(), fresh, "Ana María", u.createdAt()));
    assertThat(store.users().findByEmail(fresh)).contains(renamed);
    assertThat(store.users().findByEmail(u.email())).isEmpty();

    assertThatThrownBy(() -> store.users().update(new User(u.id(), other.email(), "Ana", u.createdAt())))
        .isInstanceOf(ConflictException.class);
    assertThat(store.users().find(u.id())).contains(renamed);
  }

  @Test
  void membershipRoundTripsTheSellerProfile() {
    User u = store.users().create(TestData.user("Setter", clock.instant()));
    SellerProfile profile = new SellerProfile(SellerKind.SETTER, 25, new java.util.TreeSet<>(Set.of("meta_ads", "lang:en")),
        WorkingHours.parse("MON-FRI 09:00-13:00,14:00-18:00; SAT 10:00-14:00"), true);
    Membership m = Membership.seller(a.id, u.id(), profile, clock.instant());
    a.t.members().add(m);
    assertThat(a.t.members().find(u.id())).contains(m);
  }

  @Test
  void membershipIsUniquePerTenantAndUser() {
    assertThatThrownBy(() -> a.t.members().add(Membership.of(a.id, a.ceo.id(), Role.SECRETARY, clock.instant())))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((ConflictException) e).rule()).isEqualTo("membership.unique");
  }

  @Test
  void aUserCanBelongToSeveralTenantsWithDifferentRoles() {
    TenantFixture b = anotherTenant();
    b.t.members().add(Membership.of(b.id, a.seller1.id(), Role.SECRETARY, clock.instant()));
    List<Membership> ms = store.users().memberships(a.seller1.id());
    assertThat(ms).extracting(Membership::tenantId).containsExactlyElementsOf(
        List.of(a.id, b.id).stream().sorted().toList());
    assertThat(ms).extracting(Membership::role).containsExactlyInAnyOrder(Role.SELLER, Role.SECRETARY);
    // Deactivated in one tenant: still listed, as inactive.
    a.deactivate(a.seller1.id());
    assertThat(store.users().memberships(a.seller1.id())).extracting(Membership::tenantId, Membership::active)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(a.id, false),
            org.assertj.core.groups.Tuple.tuple(b.id, true));
  }

  @Test
  void addingAnUnknownUserIsNotFound() {
    Membership m = Membership.of(a.id, UserId.of(UUID.randomUUID()), Role.SECRETARY, clock.instant());
    assertThatThrownBy(() -> a.t.members().add(m)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void addingToAnUnknownTenantIsNotFound() {
    TenantId ghost = TestData.newTenantId();
    Membership m = Membership.of(ghost, a.ceo.id(), Role.CEO, clock.instant());
    assertThatThrownBy(() -> store.tenant(ghost).members().add(m)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aViewRejectsAMembershipOfAnotherTenant() {
    TenantFixture b = anotherTenant();
    User u = store.users().create(TestData.user("X", clock.instant()));
    Membership forB = Membership.of(b.id, u.id(), Role.SECRETARY, clock.instant());
    assertThatThrownBy(() -> a.t.members().add(forB))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("tenantId");
    assertThat(b.t.members().find(u.id())).isEmpty();
  }

  @Test
  void membershipUpdateChangesRoleProfileAndActive() {
    Membership m = a.t.members().find(a.seller1.id()).orElseThrow();
    Membership changed = m.withSeller(m.seller().orElseThrow().withCapacity(3).withAway(true)).withActive(false);
    a.t.members().update(changed);
    assertThat(a.t.members().find(a.seller1.id())).contains(changed);

    Membership promoted = changed.withRole(Role.CEO, Optional.empty());
    a.t.members().update(promoted);
    assertThat(a.t.members().withRole(Role.CEO)).extracting(Membership::userId)
        .containsExactlyInAnyOrder(a.ceo.id(), a.seller1.id());
  }

  @Test
  void updatingANonMemberIsNotFound() {
    User u = store.users().create(TestData.user("X", clock.instant()));
    assertThatThrownBy(() -> a.t.members().update(Membership.of(a.id, u.id(), Role.CEO, clock.instant())))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void membersAreListedByUserIdAndFilteredByRole() {
    List<Membership> all = a.t.members().list();
    assertThat(all).extracting(Membership::userId).containsExactlyInAnyOrder(a.ceo.id(), a.seller1.id(), a.seller2.id());
    assertThat(all).extracting(Membership::userId).isSorted();
    assertThat(a.t.members().withRole(Role.SELLER)).extracting(Membership::userId)
        .containsExactlyInAnyOrder(a.seller1.id(), a.seller2.id());
    assertThat(a.t.members().withRole(Role.PROFESSIONAL)).isEmpty();
  }
}
