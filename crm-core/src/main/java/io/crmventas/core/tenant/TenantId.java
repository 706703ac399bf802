package io.crmventas.core.tenant;

import io.crmventas.core.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Identifies a tenant: a lower-case slug of 2 to 63 characters (letters, digits, hyphens; not
 * starting or ending with a hyphen), usable in URLs such as {@code /webhooks/ycloud/acme}.
 */
public record TenantId(String value) implements Comparable<TenantId> {
  private static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$");

  public TenantId {
    if (value == null) {
      throw new InvalidInputException("tenantId", null, "is required");
    }
    if (!SLUG.matcher(value).matches()) {
      throw new InvalidInputException(
          "tenantId", value, "must be 2 to 63 lower-case letters, digits or hyphens, not starting or ending with a hyphen");
    }
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public int compareTo(TenantId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
