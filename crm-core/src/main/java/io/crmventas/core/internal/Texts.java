package io.crmventas.core.internal;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User-facing texts from a resource bundle in one language ({@link MessageFormat} patterns).
 * Spanish and English ship; other languages fall back to the base bundle (English). A missing
 * key renders as the key, so it shows instead of failing. Thread-safe. Not API.
 */
public final class Texts {
  private static final Map<String, Texts> CACHE = new ConcurrentHashMap<>();

  private final ResourceBundle bundle;
  private final Locale locale;

  private Texts(String baseName, Locale locale) {
    this.locale = locale;
    this.bundle = ResourceBundle.getBundle(baseName, locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  public static Texts of(String baseName, Locale locale) {
    Locale language = Locale.forLanguageTag(locale.getLanguage());
    return CACHE.computeIfAbsent(baseName + "|" + language.getLanguage(), k -> new Texts(baseName, language));
  }

  public Locale locale() {
    return locale;
  }

  public String get(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
  }
}
