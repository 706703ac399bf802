package io.crmventas.core.tenant;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.internal.Check;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * An organisation using the CRM: its own sellers, leads and data, isolated from every other
 * tenant.
 *
 * @param timeZone the zone in which days, working hours and "today" are counted
 * @param locale the language of texts sent to its leads and users (Spanish and English are
 *     bundled; others fall back to English)
 * @param whatsappNumber the business number leads write to, when known
 * @param version incremented by the store on every update; 0 for a tenant not yet stored
 *     ({@code create} keeps the version it is given).
 *     {@link TenantDirectory#update} refuses a tenant whose version is not the stored one, so
 *     change the tenant you last read (the {@code with...} copies keep its version)
 */
public record Tenant(
    TenantId id,
    String name,
    ZoneId timeZone,
    Locale locale,
    Optional<PhoneNumber> whatsappNumber,
    TenantSettings settings,
    Instant createdAt,
    long version) {

  public Tenant {
    Check.notNull("id", id);
    name = Check.text("name", name, 200);
    Check.notNull("timeZone", timeZone);
    Check.notNull("locale", locale);
    // Stored as a language tag: a locale that does not survive one ("en_US" as a language,
    // "español") would be refused every time the tenant is read back.
    if (locale.getLanguage().isEmpty()
        || !Locale.forLanguageTag(locale.toLanguageTag()).getLanguage().equals(locale.getLanguage())) {
      throw new InvalidInputException("locale", locale, "must name a language by its ISO 639 code (es, en, pt-BR)");
    }
    Check.optional("whatsappNumber", whatsappNumber);
    Check.notNull("settings", settings);
    createdAt = Check.instant("createdAt", createdAt);
    Check.atLeast("version", version, 0);
  }

  /** A tenant with default settings and no business number. */
  public static Tenant of(TenantId id, String name, ZoneId timeZone, Locale locale, Instant createdAt) {
    return new Tenant(id, name, timeZone, locale, Optional.empty(), TenantSettings.DEFAULTS, createdAt, 0);
  }

  /** A copy with another name (same version). */
  public Tenant withName(String name) {
    return new Tenant(id, name, timeZone, locale, whatsappNumber, settings, createdAt, version);
  }

  /** A copy with another time zone (same version). */
  public Tenant withTimeZone(ZoneId timeZone) {
    return new Tenant(id, name, timeZone, locale, whatsappNumber, settings, createdAt, version);
  }

  /** A copy with another locale (same version). */
  public Tenant withLocale(Locale locale) {
    return new Tenant(id, name, timeZone, locale, whatsappNumber, settings, createdAt, version);
  }

  /** A copy with other settings (same version). */
  public Tenant withSettings(TenantSettings settings) {
    return new Tenant(id, name, timeZone, locale, whatsappNumber, settings, createdAt, version);
  }

  /** A copy with this business number (same version). */
  public Tenant withWhatsappNumber(PhoneNumber number) {
    return withWhatsappNumber(Optional.of(number));
  }

  /** A copy with this business number, or none (same version). */
  public Tenant withWhatsappNumber(Optional<PhoneNumber> number) {
    return new Tenant(id, name, timeZone, locale, number, settings, createdAt, version);
  }
}
