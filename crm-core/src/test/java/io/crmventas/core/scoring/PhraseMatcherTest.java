package io.crmventas.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.scoring.PhraseMatcher.Kind;
import io.crmventas.core.tenant.TenantSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhraseMatcherTest {
  private final PhraseMatcher matcher = Phrases.matcher(TenantSettings.DEFAULTS);

  @Test
  void matchesIgnoringCaseAccentsAndPunctuation() {
    assertThat(matcher.find("Hola!! ¿CUANTO cuesta el curso?", Kind.BUYING_INTENT)).map(PhraseMatcher.Hit::phrase)
        .contains("cuánto cuesta");
    assertThat(matcher.find("necesito info, es URGENTE.", Kind.URGENCY)).map(PhraseMatcher.Hit::phrase).contains("urgente");
    assertThat(matcher.find("How much is it?", Kind.BUYING_INTENT)).isPresent();
    assertThat(matcher.find("La verdad... no me   interesa", Kind.NOT_INTERESTED)).map(PhraseMatcher.Hit::phrase)
        .contains("no me interesa");
  }

  @Test
  void decomposedAccentsMatchLikeComposedOnes() {
    String decomposed = java.text.Normalizer.normalize("¿Cuánto cuesta? Es para mañana", java.text.Normalizer.Form.NFD);
    assertThat(decomposed).hasSizeGreaterThan("¿Cuánto cuesta? Es para mañana".length());
    assertThat(matcher.find(decomposed, Kind.BUYING_INTENT)).map(PhraseMatcher.Hit::phrase).contains("cuánto cuesta");
    assertThat(matcher.find(decomposed, Kind.URGENCY)).map(PhraseMatcher.Hit::phrase).contains("para mañana");
  }

  @Test
  void aPriceThatGoesDownIsNoOptOutButAskingToBeRemovedIs() {
    assertThat(matcher.find("¿el precio baja si pago con transferencia?", Kind.OPT_OUT)).isEmpty();
    assertThat(matcher.find("por favor denme de baja", Kind.OPT_OUT)).isPresent();
    assertThat(matcher.find("quiero darme de baja", Kind.OPT_OUT)).map(PhraseMatcher.Hit::phrase).contains("darme de baja");
  }

  @Test
  void wantingToBuyOrHurryRightAfterANegationIsNoHit() {
    assertThat(matcher.find("no quiero comprar nada", Kind.BUYING_INTENT)).isEmpty();
    assertThat(matcher.find("No es urgente", Kind.URGENCY)).isEmpty();
    assertThat(matcher.find("No es urgente, gracias", Kind.URGENCY)).isEmpty();
    assertThat(matcher.find("no tengo presupuesto", Kind.BUYING_INTENT)).isEmpty();
    assertThat(matcher.firstHits(List.of("no me interesa comprar"))).containsOnlyKeys(Kind.NOT_INTERESTED);
    assertThat(matcher.find("It's not urgent", Kind.URGENCY)).isEmpty();
    assertThat(matcher.find("Not today, thanks", Kind.URGENCY)).isEmpty();
    // Punctuation ends a negation's reach, and one further away does not count.
    assertThat(matcher.find("no, es urgente", Kind.URGENCY)).isPresent();
    assertThat(matcher.find("no sé, quiero comprar", Kind.BUYING_INTENT)).isPresent();
    assertThat(matcher.find("no sé el precio", Kind.BUYING_INTENT)).isPresent();
    // A later, plain mention still counts.
    assertThat(matcher.find("no es urgente pero quiero comprar", Kind.BUYING_INTENT)).isPresent();
    assertThat(matcher.firstHits(List.of("no es urgente", "es urgente"))).containsKey(Kind.URGENCY);
    // "sin" negates, but not in "sin falta" or "sin duda"; a "¿" right after a phrase opens the next question.
    assertThat(matcher.find("sin urgencia, cuando puedan", Kind.URGENCY)).isEmpty();
    assertThat(matcher.find("sin presupuesto por ahora", Kind.BUYING_INTENT)).isEmpty();
    assertThat(matcher.find("sin duda quiero comprar", Kind.BUYING_INTENT)).isPresent();
    assertThat(matcher.find("No es urgente¿me avisan?", Kind.URGENCY)).isEmpty();
    assertThat(matcher.find("no\u00A0quiero comprar", Kind.BUYING_INTENT)).as("a non-breaking space").isEmpty();
    // A question asks; other punctuation ends a negation's reach.
    assertThat(matcher.find("¿No tienen cuotas?", Kind.BUYING_INTENT)).isPresent();
    assertThat(matcher.find("hola ¿no aceptan tarjeta? gracias", Kind.BUYING_INTENT)).isPresent();
    assertThat(matcher.find("¿hacen envíos? no quiero comprar todavía", Kind.BUYING_INTENT)).isEmpty();
    assertThat(matcher.find("lo necesito sin falta para hoy", Kind.URGENCY)).isPresent();
    assertThat(matcher.find("No… quiero comprar", Kind.BUYING_INTENT)).isPresent();
    assertThat(matcher.find("No — quiero comprar", Kind.BUYING_INTENT)).isPresent();
    // Opt-outs and no interest are never negated away.
    assertThat(matcher.find("no, no me escriban", Kind.OPT_OUT)).isPresent();
  }

  @Test
  void matchesWholeWordsOnly() {
    assertThat(matcher.find("me apreciaron mucho", Kind.BUYING_INTENT)).as("'precio' inside 'apreciaron'").isEmpty();
    assertThat(matcher.find("the bus stopped", Kind.OPT_OUT)).isEmpty();
    assertThat(matcher.find("STOP", Kind.OPT_OUT)).isPresent();
    assertThat(matcher.find("precio", Kind.BUYING_INTENT)).isPresent();
  }

  @Test
  void reportsTheFirstHitOfEveryKindAcrossTexts() {
    Map<Kind, PhraseMatcher.Hit> hits = matcher.firstHits(List.of("quiero comprar hoy mismo", "precio?", "stop"));
    assertThat(hits.get(Kind.BUYING_INTENT).phrase()).isEqualTo("quiero comprar");
    assertThat(hits.get(Kind.URGENCY).phrase()).isEqualTo("hoy mismo");
    assertThat(hits.get(Kind.OPT_OUT).phrase()).isEqualTo("stop");
    assertThat(hits).doesNotContainKey(Kind.NOT_INTERESTED);
  }

  @Test
  void overlappingPhrasesAreAllFound() {
    PhraseMatcher m = PhraseMatcher.of(Map.of(Kind.BUYING_INTENT, List.of("medios de pago"), Kind.URGENCY,
        List.of("de pago urgente")));
    Map<Kind, PhraseMatcher.Hit> hits = m.firstHits(List.of("medios de pago urgente"));
    assertThat(hits).containsOnlyKeys(Kind.BUYING_INTENT, Kind.URGENCY);
  }

  @Test
  void tenantsAddTheirOwnPhrases() {
    TenantSettings s = TenantSettings.DEFAULTS.with(Phrases.EXTRA.get(Kind.BUYING_INTENT), "reservar lugar, inscribirme");
    PhraseMatcher m = Phrases.matcher(s);
    assertThat(m.find("quiero inscribirme ya", Kind.BUYING_INTENT)).map(PhraseMatcher.Hit::phrase).contains("inscribirme");
    assertThat(matcher.find("quiero inscribirme ya", Kind.BUYING_INTENT)).isEmpty();
  }
}
