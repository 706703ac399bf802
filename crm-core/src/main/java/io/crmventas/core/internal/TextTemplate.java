package io.crmventas.core.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A user-facing text pattern compiled once: literal text and placeholders, rendered without
 * parsing again. Placeholders:
 *
 * <ul>
 *   <li>{@code {0}}, {@code {1}}...: the argument's text;
 *   <li>{@code {0:one|other}}: {@code one} when argument 0 is the number 1, {@code other}
 *       otherwise ("{0} {0:vez|veces}" renders "1 vez", "3 veces"), the plural rule of Spanish
 *       and English; the forms may hold placeholders themselves ("{0:el último día|los últimos
 *       {0} días}");
 *   <li>{@code {points}}: a signed number of points ({@code +18}, {@code -15}), for score reasons.
 * </ul>
 *
 * A literal brace or bar is written {@code '{'}, {@code '|'}. An argument missing from the call
 * (or null) renders as nothing. Counts are whole numbers: a value is "one" when it is exactly 1.
 * Immutable and thread-safe. Not API.
 */
public final class TextTemplate {
  private static final int POINTS = -1;

  private final String[] literals;
  private final Slot[] slots;

  /** A placeholder: the argument's index (or POINTS), and the plural forms if it is a choice. */
  private record Slot(int index, TextTemplate one, TextTemplate other) {}

  private TextTemplate(String[] literals, Slot[] slots) {
    this.literals = literals;
    this.slots = slots;
  }

  /** A template that renders {@code text} as it is. */
  public static TextTemplate literal(String text) {
    return new TextTemplate(new String[] {text}, new Slot[0]);
  }

  public static TextTemplate parse(String pattern) {
    List<String> literals = new ArrayList<>();
    List<Slot> slots = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (quoted(pattern, i)) {
        literal.append(pattern.charAt(i + 1));
        i += 2;
        continue;
      }
      int close = c == '{' ? matchingClose(pattern, i) : -1;
      Slot slot = close > i ? slot(pattern.substring(i + 1, close)) : null;
      if (slot == null) {
        literal.append(c);
        continue;
      }
      literals.add(literal.toString());
      literal.setLength(0);
      slots.add(slot);
      i = close;
    }
    literals.add(literal.toString());
    return new TextTemplate(literals.toArray(new String[0]), slots.toArray(new Slot[0]));
  }

  /** The index of the brace closing the one at {@code open}, counting nested pairs; -1 if none. */
  private static int matchingClose(String pattern, int open) {
    return scan(pattern, open, '}', 1);
  }

  /**
   * The first {@code target} at nesting depth {@code depth} (braces opened since {@code from},
   * the brace at {@code from} included), skipping quoted characters; -1 if none.
   */
  private static int scan(String text, int from, char target, int depth) {
    int level = 0;
    for (int j = from; j < text.length(); j++) {
      char c = text.charAt(j);
      if (quoted(text, j)) {
        j += 2;
      } else if (c == '{') {
        level++;
      } else if (c == '}') {
        if (target == '}' && level == depth) {
          return j;
        }
        level--;
      } else if (c == target && level == depth) {
        return j;
      }
    }
    return -1;
  }

  private static boolean quoted(String text, int i) {
    return text.charAt(i) == '\'' && i + 2 < text.length() && text.charAt(i + 2) == '\'';
  }

  /** The slot a placeholder's inside names, or null if it is not a placeholder. */
  private static Slot slot(String inside) {
    if (inside.equals("points")) {
      return new Slot(POINTS, null, null);
    }
    int colon = inside.indexOf(':');
    String index = colon < 0 ? inside : inside.substring(0, colon);
    if (index.isEmpty() || index.length() > 2 || !index.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return null;
    }
    if (colon < 0) {
      return new Slot(Integer.parseInt(index), null, null);
    }
    String forms = inside.substring(colon + 1);
    int bar = scan(forms, 0, '|', 0);
    if (bar < 0 || scan(forms, bar + 1, '|', 0) >= 0) {
      return null;
    }
    return new Slot(Integer.parseInt(index), parse(forms.substring(0, bar)), parse(forms.substring(bar + 1)));
  }

  /** Renders with {@code args} ({@code {points}} renders as +0). */
  public String render(Object... args) {
    return render(0, args);
  }

  /** Renders with {@code points} for {@code {points}} and {@code args} for the rest. */
  public String render(int points, Object[] args) {
    StringBuilder sb = new StringBuilder(64);
    renderInto(sb, points, args);
    return sb.toString();
  }

  private void renderInto(StringBuilder sb, int points, Object[] args) {
    sb.append(literals[0]);
    for (int i = 0; i < slots.length; i++) {
      Slot slot = slots[i];
      if (slot.index() == POINTS) {
        sb.append(points >= 0 ? "+" : "").append(points);
      } else if (slot.index() < args.length && args[slot.index()] != null) {
        Object arg = args[slot.index()];
        if (slot.one() == null) {
          sb.append(arg);
        } else {
          (isOne(arg) ? slot.one() : slot.other()).renderInto(sb, points, args);
        }
      }
      sb.append(literals[i + 1]);
    }
  }

  /** Whether {@code arg} is the number 1 (a number, or a text such as "1"). */
  static boolean isOne(Object arg) {
    if (arg instanceof Integer || arg instanceof Long || arg instanceof Short || arg instanceof Byte) {
      return ((Number) arg).longValue() == 1;
    }
    String text = String.valueOf(arg).strip();
    if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || text.charAt(0) == '+')) {
      return false;
    }
    try {
      return new BigDecimal(text).compareTo(BigDecimal.ONE) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
