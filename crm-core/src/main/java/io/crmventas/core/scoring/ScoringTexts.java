package io.crmventas.core.scoring;

import io.crmventas.core.internal.TextTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The explanations of score factors in one language, from the {@code ScoringTexts} resource
 * bundles (plus any a custom rule brings), compiled once into {@link TextTemplate}s that render
 * without parsing ({@code {points}}, {@code {0}}, plurals as {@code {0:one|other}}). A missing key renders as the key itself, so a typo shows instead of failing.
 *
 * <p>Immutable and thread-safe.
 */
final class ScoringTexts {
  static final String BUNDLE = "io.crmventas.core.scoring.ScoringTexts";
  private static final Map<String, ScoringTexts> CACHE = new ConcurrentHashMap<>();

  private final Locale locale;
  private final List<ResourceBundle> bundles;
  private final Map<String, TextTemplate> templates = new ConcurrentHashMap<>();

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

  private TextTemplate compile(String key) {
    for (ResourceBundle b : bundles) {
      try {
        return TextTemplate.parse(b.getString(key));
      } catch (MissingResourceException ignored) {
        // Try the next bundle.
      }
    }
    return TextTemplate.parse("{points} " + key);
  }
}
