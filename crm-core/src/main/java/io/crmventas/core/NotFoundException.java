package io.crmventas.core;

/** An entity that the operation needs does not exist (in the caller's tenant). */
public class NotFoundException extends CrmException {
  private static final long serialVersionUID = 1L;

  private final String entity;
  private final String id;

  public NotFoundException(String entity, Object id) {
    super(entity + " " + id + " not found");
    this.entity = entity;
    this.id = String.valueOf(id);
  }

  /** The kind of entity, for example {@code lead}. */
  public String entity() {
    return entity;
  }

  /** The id that was looked up. */
  public String id() {
    return id;
  }
}
