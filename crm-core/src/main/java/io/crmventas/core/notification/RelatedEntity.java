package io.crmventas.core.notification;

import io.crmventas.core.internal.Check;
import java.util.regex.Pattern;

/** What a notification points at, for example {@code lead} and its id. */
public record RelatedEntity(String type, String id) {
  private static final Pattern TYPE = Pattern.compile("^[a-z][a-z_]{0,39}$");

  public RelatedEntity {
    Check.matches("related.type", type, TYPE, "must be a lower-case word such as lead or conversation");
    id = Check.text("related.id", id, 200);
  }
}
