package io.crmventas.core.internal;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Keyset paging: the sort keys the stores page by, their opaque cursor form, and an in-memory
 * pager. Both stores encode cursors the same way. Not API.
 */
public final class Keyset {
  private Keyset() {}

  /** A time and an id; the most common sort key. */
  public record TimeId(Instant at, UUID id) {
    public static final Comparator<TimeId> ASC =
        Comparator.comparing(TimeId::at).thenComparing(TimeId::id, Ids::compare);
    public static final Comparator<TimeId> DESC = ASC.reversed();

    public String encode() {
      return Keyset.encode("t", micros(at) + ":" + id);
    }

    public static TimeId decode(String cursor) {
      String[] parts = Keyset.decode(cursor, "t", 2);
      return new TimeId(fromMicros(cursor, parts[0]), uuid(cursor, parts[1]));
    }
  }

  /** A rank (priority), a time and an id. */
  public record RankTimeId(int rank, Instant at, UUID id) {
    public static final Comparator<RankTimeId> DESC = Comparator.comparingInt(RankTimeId::rank)
        .thenComparing(RankTimeId::at)
        .thenComparing(RankTimeId::id, Ids::compare)
        .reversed();

    public String encode() {
      return Keyset.encode("r", rank + ":" + micros(at) + ":" + id);
    }

    public static RankTimeId decode(String cursor) {
      String[] parts = Keyset.decode(cursor, "r", 3);
      try {
        return new RankTimeId(Integer.parseInt(parts[0]), fromMicros(cursor, parts[1]), uuid(cursor, parts[2]));
      } catch (NumberFormatException e) {
        throw bad(cursor);
      }
    }
  }

  /**
   * A list's order: how to get an item's sort key, how keys compare, and the key's cursor
   * form. The in-memory stores page with {@link #page}; the JDBC stores use the same cursor
   * form so every list orders and pages identically on both.
   */
  public record Order<T, K>(
      Function<T, K> keyOf, Comparator<K> comparator, Function<String, K> decode, Function<K, String> encode) {

    public static <T> Order<T, TimeId> timeIdDesc(Function<T, TimeId> keyOf) {
      return new Order<>(keyOf, TimeId.DESC, TimeId::decode, TimeId::encode);
    }

    public static <T> Order<T, TimeId> timeIdAsc(Function<T, TimeId> keyOf) {
      return new Order<>(keyOf, TimeId.ASC, TimeId::decode, TimeId::encode);
    }

    public static <T> Order<T, RankTimeId> rankTimeIdDesc(Function<T, RankTimeId> keyOf) {
      return new Order<>(keyOf, RankTimeId.DESC, RankTimeId::decode, RankTimeId::encode);
    }

    /** The decoded position the request starts after, if any. */
    public Optional<K> after(PageRequest request) {
      return request.after().map(decode);
    }

    /** Sorts a copy of {@code items} in this order. */
    public List<T> sorted(Collection<T> items) {
      List<T> out = new ArrayList<>(items);
      out.sort((a, b) -> comparator.compare(keyOf.apply(a), keyOf.apply(b)));
      return out;
    }

    /** Pages {@code items} in memory: those passing {@code filter}, after the cursor, in order. */
    public Page<T> page(Collection<T> items, Predicate<? super T> filter, PageRequest request) {
      Optional<K> start = after(request);
      List<T> matching = new ArrayList<>();
      for (T item : items) {
        if (filter.test(item) && (start.isEmpty() || comparator.compare(keyOf.apply(item), start.get()) > 0)) {
          matching.add(item);
        }
      }
      return pageOf(sorted(matching), request.limit(), this::cursorOf);
    }

    public String cursorOf(T item) {
      return encode.apply(keyOf.apply(item));
    }
  }

  /**
   * Turns up to {@code limit + 1} ordered rows into a page: the extra row, if present, only
   * says that there is a next page.
   */
  public static <T> Page<T> pageOf(List<T> rows, int limit, Function<T, String> cursorOf) {
    if (rows.size() <= limit) {
      return new Page<>(rows, Optional.empty());
    }
    List<T> items = rows.subList(0, limit);
    return new Page<>(items, Optional.of(cursorOf.apply(items.get(limit - 1))));
  }

  public static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
  }

  private static Instant fromMicros(String cursor, String text) {
    try {
      long m = Long.parseLong(text);
      return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000L);
    } catch (NumberFormatException e) {
      throw bad(cursor);
    }
  }

  private static UUID uuid(String cursor, String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw bad(cursor);
    }
  }

  private static String encode(String kind, String body) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + body).getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decode(String cursor, String kind, int parts) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw bad(cursor);
    }
    String[] split = text.split(":", -1);
    if (split.length != parts + 1 || !split[0].equals(kind)) {
      throw bad(cursor);
    }
    String[] out = new String[parts];
    System.arraycopy(split, 1, out, 0, parts);
    return out;
  }

  private static InvalidInputException bad(String cursor) {
    return new InvalidInputException("after", cursor, "is not a cursor this list produced");
  }
}
