package io.crmventas.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User-facing texts from a resource bundle in one language. Patterns use {@code {0}},
 * {@code {1}}... placeholders (filled with the argument's text; a literal brace is written
 * {@code '{'}); each pattern is compiled once. Spanish and English ship; other languages fall
 * back to the base bundle (English). A missing key renders as the key, so it shows instead of
 * failing. Thread-safe. Not API.
 */
public final class Texts {
  private static final Map<String, Texts> CACHE = new ConcurrentHashMap<>();

  private final ResourceBundle bundle;
  private final Locale locale;
  private final Map<String, Template> templates = new ConcurrentHashMap<>();

  private Texts(String baseName, Locale locale) {
    this.locale = locale;
    this.bundle = ResourceBundle.getBundle(baseName, locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  public static Texts of(String baseName, Locale locale) {
    String language = locale.getLanguage();
    return CACHE.computeIfAbsent(baseName + "|" + language, k -> new Texts(baseName, Locale.forLanguageTag(language)));
  }

  public Locale locale() {
    return locale;
  }

  public String get(String key, Object... args) {
    return templates.computeIfAbsent(key, this::compile).render(args);
  }

  private Template compile(String key) {
    try {
      return Template.parse(bundle.getString(key));
    } catch (MissingResourceException e) {
      return new Template(new String[] {key}, new int[0]);
    }
  }

  private record Template(String[] literals, int[] slots) {
    static Template parse(String pattern) {
      List<String> literals = new ArrayList<>();
      List<Integer> slots = new ArrayList<>();
      StringBuilder literal = new StringBuilder();
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '\'' && i + 2 < pattern.length() && pattern.charAt(i + 2) == '\'') {
          literal.append(pattern.charAt(i + 1));
          i += 2;
        } else if (c == '{' && pattern.indexOf('}', i) > i + 1
            && pattern.substring(i + 1, pattern.indexOf('}', i)).chars().allMatch(Character::isDigit)) {
          int close = pattern.indexOf('}', i);
          literals.add(literal.toString());
          literal.setLength(0);
          slots.add(Integer.parseInt(pattern.substring(i + 1, close)));
          i = close;
        } else {
          literal.append(c);
        }
      }
      literals.add(literal.toString());
      return new Template(literals.toArray(new String[0]), slots.stream().mapToInt(Integer::intValue).toArray());
    }

    String render(Object[] args) {
      StringBuilder sb = new StringBuilder(literals[0]);
      for (int i = 0; i < slots.length; i++) {
        if (slots[i] < args.length) {
          sb.append(args[slots[i]]);
        }
        sb.append(literals[i + 1]);
      }
      return sb.toString();
    }
  }
}
