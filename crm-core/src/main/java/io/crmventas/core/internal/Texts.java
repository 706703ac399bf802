package io.crmventas.core.internal;

import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User-facing texts from a resource bundle in one language. Patterns are {@link TextTemplate}s
 * ({@code {0}} placeholders, {@code {0:one|other}} plurals, {@code '{'} for a brace), each
 * compiled once. Spanish and English ship; other languages fall
 * back to the base bundle (English). A missing key renders as the key, so it shows instead of
 * failing. Thread-safe. Not API.
 */
public final class Texts {
  private static final Map<String, Texts> CACHE = new ConcurrentHashMap<>();

  private final ResourceBundle bundle;
  private final Locale locale;
  private final Map<String, TextTemplate> templates = new ConcurrentHashMap<>();

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

  private TextTemplate compile(String key) {
    try {
      return TextTemplate.parse(bundle.getString(key));
    } catch (MissingResourceException e) {
      return TextTemplate.literal(key);
    }
  }
}
