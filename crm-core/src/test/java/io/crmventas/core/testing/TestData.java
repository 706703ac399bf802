package io.crmventas.core.testing;

import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Random but valid values for tests that share a database. */
public final class TestData {
  /** The instant tests start at unless they say otherwise. */
  public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  public static final ZoneId BUENOS_AIRES = ZoneId.of("America/Argentina/Buenos_Aires");

  private TestData() {}

  public static TenantId newTenantId() {
    return TenantId.of("t-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  public static Tenant tenant(TenantId id, Instant at) {
    return Tenant.of(id, "Tenant " + id, BUENOS_AIRES, Locale.forLanguageTag("es"), at);
  }

  public static User user(String name, Instant at) {
    UUID id = UUID.randomUUID();
    return new User(UserId.of(id), EmailAddress.parse(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + "+" + id + "@example.com"),
        name, at);
  }

  /** A random Argentine mobile number in E.164. */
  public static PhoneNumber phone() {
    long n = ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    return PhoneNumber.parse("+54911" + n);
  }

  /** A random WhatsApp business-scoped user id (BSUID), Argentine. */
  public static ChannelUserId userId() {
    return new ChannelUserId("AR." + ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_999_999_999_999L));
  }
}
