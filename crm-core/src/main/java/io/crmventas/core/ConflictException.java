package io.crmventas.core;

/**
 * The change clashes with the current state: a uniqueness rule (a second lead with the same
 * phone in a tenant) or a stale version in an optimistic update.
 */
public class ConflictException extends CrmException {
  private static final long serialVersionUID = 1L;

  private final String rule;

  public ConflictException(String rule, String message) {
    super(message);
    this.rule = rule;
  }

  public ConflictException(String rule, String message, Throwable cause) {
    super(message, cause);
    this.rule = rule;
  }

  /** A stable name for the rule that was broken, for example {@code lead.phone.unique}. */
  public String rule() {
    return rule;
  }
}
