package io.crmventas.core.store;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import java.util.Optional;

/**
 * Which page of a list to read: at most {@code limit} items after the position that
 * {@code after} (a previous page's {@link Page#nextCursor()}) marks.
 *
 * <p>Paging is by key, not by offset: items inserted while a client pages never shift the
 * pages, and the order of every list is total (ties broken by id), so no item is skipped or
 * repeated.
 */
public record PageRequest(int limit, Optional<String> after) {
  /** The largest page a store returns. */
  public static final int MAX_LIMIT = 1000;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException("limit", limit, "must be between 1 and " + MAX_LIMIT);
    }
    Check.optional("after", after);
  }

  /** The first page. */
  public static PageRequest first(int limit) {
    return new PageRequest(limit, Optional.empty());
  }

  /** The page after the one that ended at {@code cursor}. */
  public static PageRequest after(String cursor, int limit) {
    return new PageRequest(limit, Optional.of(cursor));
  }
}
