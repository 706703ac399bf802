package io.crmventas.core.store;

/**
 * The outcome of an insert guarded by a uniqueness rule: either the value was stored, or an
 * equal-keyed value already existed and is returned instead. A duplicate is an expected
 * outcome (a webhook delivered twice), not an error.
 *
 * @param <T> the stored type
 */
public sealed interface InsertResult<T> {

  /** The stored value: the new one, or the one that was already there. */
  T value();

  /** Whether this call stored it. */
  boolean inserted();

  /** The value was new and is now stored. */
  record Inserted<T>(T value) implements InsertResult<T> {
    @Override
    public boolean inserted() {
      return true;
    }
  }

  /** A value with the same key existed; {@code value} is that existing one, unchanged. */
  record Duplicate<T>(T value) implements InsertResult<T> {
    @Override
    public boolean inserted() {
      return false;
    }
  }
}
