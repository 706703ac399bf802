package io.crmventas.core.scoring;

import io.crmventas.core.scoring.PhraseMatcher.Kind;
import io.crmventas.core.tenant.Setting;
import io.crmventas.core.tenant.TenantSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The phrases the scoring rules look for, in Spanish and English, and the tenant settings that
 * add more (comma-separated): {@code scoring.phrases.buying_intent}, {@code .urgency},
 * {@code .opt_out}, {@code .not_interested}.
 */
public final class Phrases {
  private Phrases() {}

  /** Built-in phrases per kind. */
  public static final Map<Kind, List<String>> DEFAULTS = Map.of(
      Kind.BUYING_INTENT, List.of(
          "cuánto cuesta", "cuanto sale", "cuánto vale", "precio", "precios", "costo", "quiero comprar", "quiero contratar",
          "me interesa comprar", "cómo pago", "medios de pago", "formas de pago", "cuotas", "tarjeta", "transferencia",
          "presupuesto", "cotización", "lo quiero", "how much", "price", "pricing", "cost", "i want to buy",
          "i'd like to buy", "payment", "pay by card", "quote", "sign me up"),
      Kind.URGENCY, List.of(
          "urgente", "urgencia", "hoy mismo", "ya mismo", "lo antes posible", "cuanto antes", "para hoy", "para mañana",
          "esta semana", "urgent", "asap", "as soon as possible", "today", "right now", "this week"),
      Kind.OPT_OUT, List.of(
          // Not "baja" alone: "¿el precio baja?" is a question about the price, not an opt-out.
          "stop", "darme de baja", "de baja", "no me escriban", "no me escribas", "no quiero mensajes", "dejen de escribir",
          "unsubscribe", "do not contact", "don't contact me", "stop messaging", "remove me"),
      Kind.NOT_INTERESTED, List.of(
          "no me interesa", "no estoy interesado", "no estoy interesada", "no gracias", "ya compré", "ya contraté",
          "not interested", "no thanks", "no thank you", "already bought"));

  /** Extra phrases per kind, comma-separated. */
  public static final Map<Kind, Setting<String>> EXTRA = Map.of(
      Kind.BUYING_INTENT, Setting.text("scoring.phrases.buying_intent", ""),
      Kind.URGENCY, Setting.text("scoring.phrases.urgency", ""),
      Kind.OPT_OUT, Setting.text("scoring.phrases.opt_out", ""),
      Kind.NOT_INTERESTED, Setting.text("scoring.phrases.not_interested", ""));

  /** The built-in phrases plus the tenant's extras. */
  public static PhraseMatcher matcher(TenantSettings settings) {
    Map<Kind, List<String>> all = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      List<String> list = new ArrayList<>(DEFAULTS.get(k));
      for (String extra : settings.get(EXTRA.get(k)).split(",")) {
        if (!extra.isBlank()) {
          list.add(extra.strip());
        }
      }
      all.put(k, list);
    }
    return PhraseMatcher.of(all);
  }
}
