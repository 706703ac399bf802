package io.crmventas.core.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list, with the cursor of the next page when there is one.
 *
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
  public Page {
    items = List.copyOf(items);
  }

  public boolean hasNext() {
    return nextCursor.isPresent();
  }

  /** The request for the next page with the same limit; empty on the last page. */
  public Optional<PageRequest> next(int limit) {
    return nextCursor.map(c -> PageRequest.after(c, limit));
  }
}
