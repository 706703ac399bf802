package io.crmventas.core.lead;

import io.crmventas.core.InvalidInputException;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Normalises tag sets: lower case, 1 to 50 of {@code a-z 0-9 _ : -}, sorted, at most 100. */
public final class Tags {
  private static final Pattern TAG = Pattern.compile("^[a-z0-9\\p{L}][a-z0-9\\p{L}_:-]{0,49}$");

  private Tags() {}

  /** Returns an unmodifiable sorted copy, or throws naming the first bad tag. */
  public static SortedSet<String> of(Collection<String> tags) {
    if (tags == null) {
      throw new InvalidInputException("tags", null, "is required");
    }
    TreeSet<String> out = new TreeSet<>();
    for (String t : tags) {
      out.add(normalise(t));
    }
    if (out.size() > 100) {
      throw new InvalidInputException("tags", out.size(), "must be at most 100 tags");
    }
    return Collections.unmodifiableSortedSet(out);
  }

  /** Normalises one tag. */
  public static String normalise(String tag) {
    if (tag == null) {
      throw new InvalidInputException("tags", null, "must not contain null");
    }
    String t = tag.strip().toLowerCase(Locale.ROOT);
    if (!TAG.matcher(t).matches()) {
      throw new InvalidInputException("tags", tag, "must be 1 to 50 letters, digits, _ : or -");
    }
    return t;
  }
}
