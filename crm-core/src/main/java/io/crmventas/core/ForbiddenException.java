package io.crmventas.core;

/** The actor is known but may not do this (wrong role, or another tenant's data). */
public class ForbiddenException extends CrmException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(message);
  }
}
