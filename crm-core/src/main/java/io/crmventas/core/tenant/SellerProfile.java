package io.crmventas.core.tenant;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How a member sells: the assignment engine reads this to decide who can take a lead.
 *
 * @param kind setter or closer
 * @param capacity the most open conversations the seller may hold at once (0 takes none)
 * @param skills lower-case tags matched against leads: a source ({@code meta_ads}), a
 *     language ({@code lang:en}), a product line...
 * @param workingHours when the seller takes new leads, in the tenant's time zone
 * @param away temporarily not taking new leads, whatever the working hours say
 */
public record SellerProfile(
    SellerKind kind, int capacity, SortedSet<String> skills, WorkingHours workingHours, boolean away) {
  private static final Pattern SKILL = Pattern.compile("^[a-z0-9][a-z0-9_:.-]{0,49}$");

  public SellerProfile {
    Check.notNull("kind", kind);
    Check.range("capacity", capacity, 0, 100_000);
    skills = normaliseSkills(skills);
    Check.notNull("workingHours", workingHours);
  }

  /** A profile that works any time, with the given capacity and no skills. */
  public static SellerProfile of(SellerKind kind, int capacity) {
    return new SellerProfile(kind, capacity, new TreeSet<>(), WorkingHours.ALWAYS, false);
  }

  static SortedSet<String> normaliseSkills(Collection<String> skills) {
    Check.notNull("skills", skills);
    TreeSet<String> out = new TreeSet<>();
    for (String s : skills) {
      String skill = Check.notNull("skills", s).strip().toLowerCase(Locale.ROOT);
      if (!SKILL.matcher(skill).matches()) {
        throw new InvalidInputException("skills", s, "must be 1 to 50 of a-z 0-9 _ : . -");
      }
      out.add(skill);
    }
    return Collections.unmodifiableSortedSet(out);
  }

  public SellerProfile withCapacity(int capacity) {
    return new SellerProfile(kind, capacity, skills, workingHours, away);
  }

  public SellerProfile withAway(boolean away) {
    return new SellerProfile(kind, capacity, skills, workingHours, away);
  }

  public SellerProfile withSkills(Collection<String> skills) {
    return new SellerProfile(kind, capacity, normaliseSkills(skills), workingHours, away);
  }

  public SellerProfile withWorkingHours(WorkingHours workingHours) {
    return new SellerProfile(kind, capacity, skills, workingHours, away);
  }
}
