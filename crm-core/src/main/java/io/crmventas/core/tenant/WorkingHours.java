package io.crmventas.core.tenant;

import io.crmventas.core.InvalidInputException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * When a seller works, per day of the week, in the tenant's time zone. Each day has zero or
 * more non-overlapping intervals [start, end); {@code 24:00} as an end means midnight.
 *
 * <p>The text form, used in configuration and storage, is {@code always}, {@code never}, or
 * days with intervals: {@code MON-FRI 09:00-13:00,14:00-18:00; SAT 10:00-14:00}.
 */
public final class WorkingHours {
  /** Any time of any day. */
  public static final WorkingHours ALWAYS = weekly(allDays(List.of(new Interval(LocalTime.MIDNIGHT, LocalTime.MAX))));
  /** No time at all. */
  public static final WorkingHours NEVER = weekly(new EnumMap<>(DayOfWeek.class));

  private final Map<DayOfWeek, List<Interval>> days;

  /** An interval of a day; {@code end} is exclusive, {@link LocalTime#MAX} stands for 24:00. */
  public record Interval(LocalTime start, LocalTime end) {
    public Interval {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      if (!end.isAfter(start)) {
        throw new InvalidInputException("workingHours", start + "-" + end, "interval must end after it starts");
      }
    }

    boolean contains(LocalTime t) {
      return !t.isBefore(start) && (end.equals(LocalTime.MAX) || t.isBefore(end));
    }
  }

  private WorkingHours(Map<DayOfWeek, List<Interval>> days) {
    EnumMap<DayOfWeek, List<Interval>> copy = new EnumMap<>(DayOfWeek.class);
    days.forEach((day, intervals) -> {
      if (!intervals.isEmpty()) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort((a, b) -> a.start().compareTo(b.start()));
        for (int i = 1; i < sorted.size(); i++) {
          if (sorted.get(i).start().isBefore(sorted.get(i - 1).end())) {
            throw new InvalidInputException("workingHours", day + " " + sorted, "intervals overlap");
          }
        }
        copy.put(day, List.copyOf(sorted));
      }
    });
    this.days = Collections.unmodifiableMap(copy);
  }

  /** Working hours from explicit intervals per day; days absent from the map are off. */
  public static WorkingHours weekly(Map<DayOfWeek, List<Interval>> days) {
    Objects.requireNonNull(days, "days");
    return new WorkingHours(days);
  }

  /** Monday to Friday from {@code start} to {@code end}. */
  public static WorkingHours weekdays(LocalTime start, LocalTime end) {
    EnumMap<DayOfWeek, List<Interval>> m = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY) {
        m.put(d, List.of(new Interval(start, end)));
      }
    }
    return new WorkingHours(m);
  }

  private static Map<DayOfWeek, List<Interval>> allDays(List<Interval> intervals) {
    EnumMap<DayOfWeek, List<Interval>> m = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : DayOfWeek.values()) {
      m.put(d, intervals);
    }
    return m;
  }

  /** Whether {@code time} (already in the tenant's zone) falls inside working hours. */
  public boolean isWorking(ZonedDateTime time) {
    List<Interval> intervals = days.getOrDefault(time.getDayOfWeek(), List.of());
    LocalTime t = time.toLocalTime();
    for (Interval i : intervals) {
      if (i.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /** The intervals of each working day. */
  public Map<DayOfWeek, List<Interval>> days() {
    return days;
  }

  /** Parses the text form described in the class documentation. */
  public static WorkingHours parse(String text) {
    if (text == null) {
      throw new InvalidInputException("workingHours", null, "is required");
    }
    String s = text.strip();
    if (s.equalsIgnoreCase("always")) {
      return ALWAYS;
    }
    if (s.equalsIgnoreCase("never") || s.isEmpty()) {
      return NEVER;
    }
    EnumMap<DayOfWeek, List<Interval>> m = new EnumMap<>(DayOfWeek.class);
    for (String part : s.split(";")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int space = p.indexOf(' ');
      if (space < 0) {
        throw new InvalidInputException("workingHours", text, "each part must be 'DAYS HH:MM-HH:MM[,HH:MM-HH:MM]'");
      }
      List<DayOfWeek> days = parseDays(text, p.substring(0, space));
      List<Interval> intervals = new ArrayList<>();
      for (String range : p.substring(space + 1).split(",")) {
        String[] ends = range.strip().split("-");
        if (ends.length != 2) {
          throw new InvalidInputException("workingHours", text, "interval '" + range.strip() + "' must be HH:MM-HH:MM");
        }
        intervals.add(new Interval(parseTime(text, ends[0]), parseTime(text, ends[1])));
      }
      for (DayOfWeek d : days) {
        if (m.containsKey(d)) {
          throw new InvalidInputException("workingHours", text, d + " is given twice");
        }
        m.put(d, intervals);
      }
    }
    return new WorkingHours(m);
  }

  private static List<DayOfWeek> parseDays(String text, String spec) {
    String[] ends = spec.split("-", -1);
    if (ends.length == 0 || ends[0].isBlank()) {
      throw new InvalidInputException("workingHours", text, "day range '" + spec + "' must be like MON-FRI");
    }
    DayOfWeek from = parseDay(text, ends[0]);
    if (ends.length == 1) {
      return List.of(from);
    }
    if (ends.length != 2) {
      throw new InvalidInputException("workingHours", text, "day range '" + spec + "' must be like MON-FRI");
    }
    DayOfWeek to = parseDay(text, ends[1]);
    List<DayOfWeek> out = new ArrayList<>();
    for (DayOfWeek d = from; ; d = d.plus(1)) {
      out.add(d);
      if (d == to) {
        return out;
      }
    }
  }

  private static DayOfWeek parseDay(String text, String abbrev) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().substring(0, 3).equalsIgnoreCase(abbrev.strip())) {
        return d;
      }
    }
    throw new InvalidInputException("workingHours", text, "'" + abbrev + "' is not a day (MON..SUN)");
  }

  private static LocalTime parseTime(String text, String t) {
    String s = t.strip();
    if (s.equals("24:00")) {
      return LocalTime.MAX;
    }
    try {
      return LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("workingHours", text, "'" + s + "' is not a time (HH:MM)");
    }
  }

  /** The canonical text form; {@link #parse} of it gives an equal value. */
  @Override
  public String toString() {
    if (equals(ALWAYS)) {
      return "always";
    }
    if (days.isEmpty()) {
      return "never";
    }
    StringBuilder sb = new StringBuilder();
    days.forEach((day, intervals) -> {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT)).append(' ');
      for (int i = 0; i < intervals.size(); i++) {
        Interval in = intervals.get(i);
        sb.append(i == 0 ? "" : ",").append(in.start()).append('-')
            .append(in.end().equals(LocalTime.MAX) ? "24:00" : in.end().toString());
      }
    });
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkingHours w && days.equals(w.days);
  }

  @Override
  public int hashCode() {
    return days.hashCode();
  }
}
