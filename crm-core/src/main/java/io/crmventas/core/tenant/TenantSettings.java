package io.crmventas.core.tenant;

import io.crmventas.core.internal.Check;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A tenant's settings: an immutable map of keys to text values, read through typed
 * {@link Setting}s that supply defaults and validation.
 *
 * <p>Keys that no module knows are kept as they are, so settings written by a newer version
 * survive a round trip through an older one. A stored value that fails its setting's rule is
 * reported when read, naming the key.
 */
public final class TenantSettings {
  /** No overrides: every setting has its default. */
  public static final TenantSettings DEFAULTS = new TenantSettings(Map.of());

  private final Map<String, String> values;

  private TenantSettings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Wraps raw stored values; they are checked when read through a {@link Setting}. */
  public static TenantSettings of(Map<String, String> values) {
    return new TenantSettings(Check.map("settings", values));
  }

  /** The value of {@code setting}, or its default when not set. */
  public <T> T get(Setting<T> setting) {
    Objects.requireNonNull(setting, "setting");
    String raw = values.get(setting.key());
    return raw == null ? setting.defaultValue() : setting.parse(raw);
  }

  /** A copy with {@code setting} set to {@code value}, after checking the value. */
  public <T> TenantSettings with(Setting<T> setting, T value) {
    Objects.requireNonNull(setting, "setting");
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.put(setting.key(), setting.format(value));
    return new TenantSettings(copy);
  }

  /** A copy without an override for {@code setting}, so it reads as its default. */
  public TenantSettings without(Setting<?> setting) {
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.remove(setting.key());
    return new TenantSettings(copy);
  }

  /** The raw overrides, sorted by key. */
  public Map<String, String> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantSettings other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "TenantSettings" + values;
  }
}
