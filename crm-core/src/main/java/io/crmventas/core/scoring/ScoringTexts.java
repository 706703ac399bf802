package io.crmventas.core.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The explanations of score factors in one language, from the {@code ScoringTexts} resource
 * bundles (plus any a custom rule brings), compiled once into templates that render without
 * parsing. A missing key renders as the key itself, so a typo shows instead of failing.
 *
 * <p>Immutable and thread-safe.
 */
final class ScoringTexts {
  static final String BUNDLE = "io.crmventas.core.scoring.ScoringTexts";
  private static final Map<String, ScoringTexts> CACHE = new ConcurrentHashMap<>();

  private final Locale locale;
  private final List<ResourceBundle> bundles;
  private final Map<String, Template> templates = new ConcurrentHashMap<>();

  private ScoringTexts(Locale locale, List<String> extraBundles) {
    this.locale = locale;
    List<ResourceBundle> list = new ArrayList<>();
    for (String name : extraBundles) {
      list.add(ResourceBundle.getBundle(name, locale, ResourceBundle.Control.getNoFallbackControl(
          ResourceBundle.Control.FORMAT_PROPERTIES)));
    }
    list.add(ResourceBundle.getBundle(BUNDLE, locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    this.bundles = List.copyOf(list);
  }

  static ScoringTexts of(Locale locale, List<String> extraBundles) {
    return CACHE.computeIfAbsent(locale.getLanguage() + "|" + String.join(",", extraBundles),
        k -> new ScoringTexts(locale, extraBundles));
  }

  Locale locale() {
    return locale;
  }

  String render(String key, int points, Object[] args) {
    return templates.computeIfAbsent(key, this::compile).render(points, args);
  }

  private Template compile(String key) {
    for (ResourceBundle b : bundles) {
      try {
        return Template.parse(b.getString(key));
      } catch (MissingResourceException ignored) {
        // Try the next bundle.
      }
    }
    return Template.parse("{points} " + key);
  }

  /** A pattern split into literal text and placeholders: -1 for {points}, n for {n}. */
  private record Template(String[] literals, int[] slots) {
    static Template parse(String pattern) {
      List<String> lits = new ArrayList<>();
      List<Integer> slots = new ArrayList<>();
      StringBuilder lit = new StringBuilder();
      int i = 0;
      while (i < pattern.length()) {
        char c = pattern.charAt(i);
        int close = c == '{' ? pattern.indexOf('}', i) : -1;
        if (close > i) {
          String name = pattern.substring(i + 1, close);
          Integer slot = name.equals("points") ? Integer.valueOf(-1) : parseIndex(name);
          if (slot != null) {
            lits.add(lit.toString());
            lit.setLength(0);
            slots.add(slot);
            i = close + 1;
            continue;
          }
        }
        lit.append(c);
        i++;
      }
      lits.add(lit.toString());
      return new Template(lits.toArray(new String[0]), slots.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Integer parseIndex(String s) {
      if (s.isEmpty() || s.length() > 2) {
        return null;
      }
      for (int i = 0; i < s.length(); i++) {
        if (!Character.isDigit(s.charAt(i))) {
          return null;
        }
      }
      return Integer.valueOf(s);
    }

    String render(int points, Object[] args) {
      StringBuilder sb = new StringBuilder(64);
      sb.append(literals[0]);
      for (int i = 0; i < slots.length; i++) {
        int slot = slots[i];
        if (slot < 0) {
          sb.append(points >= 0 ? "+" : "").append(points);
        } else if (slot < args.length) {
          sb.append(args[slot]);
        }
        sb.append(literals[i + 1]);
      }
      return sb.toString();
    }
  }
}
