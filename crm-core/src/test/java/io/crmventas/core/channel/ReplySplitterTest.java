package io.crmventas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplySplitterTest {
  private final ReplySplitter splitter = new ReplySplitter(ReplySplitter.DEFAULT_LIMIT);

  @Test
  void aShortReplyIsOneBubble() {
    assertThat(splitter.split("¡Hola Ana! ¿En qué te ayudo?")).containsExactly("¡Hola Ana! ¿En qué te ayudo?");
    assertThat(splitter.split("  \n ")).isEmpty();
  }

  @Test
  void longRepliesAreCutAtSentenceEndsUnderTheLimit() {
    String sentence = "El plan anual incluye soporte prioritario y capacitaciones mensuales para todo tu equipo. ";
    String reply = sentence.repeat(12);
    List<String> bubbles = splitter.split(reply);
    assertThat(bubbles).hasSizeGreaterThan(1);
    assertThat(bubbles).allSatisfy(b -> {
      assertThat(b.length()).isLessThan(400);
      assertThat(b).endsWith(".");
    });
    assertThat(String.join(" ", bubbles)).isEqualTo(reply.strip());
  }

  @Test
  void paragraphsStartNewBubblesAndQuestionsEndSentences() {
    assertThat(splitter.split("Primero esto.\n\n¿Te sirve? Avisame!")).containsExactly("Primero esto.",
        "¿Te sirve? Avisame!");
  }

  @Test
  void aSentenceLongerThanTheLimitIsCutAtSpaces() {
    ReplySplitter small = new ReplySplitter(20);
    List<String> bubbles = small.split("uno dos tres cuatro cinco seis siete ocho nueve diez");
    assertThat(bubbles).allSatisfy(b -> assertThat(b.length()).isLessThan(20));
    assertThat(String.join(" ", bubbles)).isEqualTo("uno dos tres cuatro cinco seis siete ocho nueve diez");
    assertThat(small.split("x".repeat(45))).containsExactly("x".repeat(19), "x".repeat(19), "x".repeat(7));
  }

  @Test
  void lineBreaksInsideAParagraphAreKept() {
    assertThat(splitter.split("Opciones:\n- Plan mensual\n- Plan anual\n\n¿Cuál preferís?"))
        .containsExactly("Opciones:\n- Plan mensual\n- Plan anual", "¿Cuál preferís?");
    assertThat(new ReplySplitter(20).split("Opciones:\n- Plan mensual\n- Plan anual"))
        .containsExactly("Opciones:", "- Plan mensual", "- Plan anual");
    assertThat(splitter.split("Listo.\nTe escribo mañana. Saludos!")).containsExactly("Listo.\nTe escribo mañana. Saludos!");
  }

  @Test
  void decimalsAndUrlsDoNotEndSentences() {
    assertThat(new ReplySplitter(30).split("Cuesta 1.500 pesos. Mirá example.com/plan ahora."))
        .containsExactly("Cuesta 1.500 pesos.", "Mirá example.com/plan ahora.");
  }

  @Test
  void abbreviationsInitialsListNumbersAndMidSentenceEllipsesDoNotEndSentences() {
    String first = "x".repeat(20) + ".";
    ReplySplitter small = new ReplySplitter(40);
    assertThat(small.split(first + " Te atiende la Dra. Pérez mañana."))
        .containsExactly(first, "Te atiende la Dra. Pérez mañana.");
    assertThat(small.split(first + " Bueno... mirá, te cuento.")).containsExactly(first, "Bueno... mirá, te cuento.");
    assertThat(small.split(first + " Viajo a EE. UU. el lunes.")).containsExactly(first, "Viajo a EE. UU. el lunes.");
    assertThat(small.split(first + " Lo firma J. Pérez hoy.")).containsExactly(first, "Lo firma J. Pérez hoy.");
    assertThat(small.split(first + " Son aprox. 20 minutos.")).containsExactly(first, "Son aprox. 20 minutos.");
    assertThat(small.split(first + " 1. Plan mensual básico")).containsExactly(first, "1. Plan mensual básico");
    // Real sentence ends still end sentences: after a number that closes one, an ellipsis before a capital.
    assertThat(small.split("El total es de 1500. Te paso el link ahora."))
        .containsExactly("El total es de 1500.", "Te paso el link ahora.");
    assertThat(small.split("Dejame ver un segundo... Listo, ya lo tengo acá mismo."))
        .containsExactly("Dejame ver un segundo...", "Listo, ya lo tengo acá mismo.");
    assertThat(small.split("Creo que no, la verdad. ¿Querés que te llame hoy?"))
        .containsExactly("Creo que no, la verdad.", "¿Querés que te llame hoy?");
  }

  @Test
  void emojiSequencesAreNeverCutApart() {
    ReplySplitter splitter = new ReplySplitter(10);
    for (String unit : List.of("👍🏽", "👨‍👩‍👧", "🇦🇷", "❤️", "1️⃣", "é")) {
      String text = unit.repeat(30);
      List<String> bubbles = splitter.split(text);
      assertThat(String.join("", bubbles)).isEqualTo(text);
      assertThat(bubbles).as(unit).allSatisfy(b -> {
        assertThat(b.length() % unit.length()).isZero();
        assertThat(b).startsWith(unit);
      });
    }
    // A single sequence longer than the limit goes whole.
    assertThat(new ReplySplitter(3).split("👨‍👩‍👧")).containsExactly("👨‍👩‍👧");
  }

  @Test
  void aWordLongerThanTheLimitIsNotCutInsideACharacterAndALinkIsNotCutAtAll() {
    ReplySplitter splitter = new ReplySplitter(10);
    String emoji = "😀".repeat(12);   // 24 chars, surrogate pairs
    List<String> bubbles = splitter.split(emoji);
    assertThat(String.join("", bubbles)).isEqualTo(emoji);
    assertThat(bubbles).allSatisfy(b -> {
      assertThat(b.length()).isLessThan(10);
      assertThat(Character.isHighSurrogate(b.charAt(b.length() - 1))).isFalse();
      assertThat(Character.isLowSurrogate(b.charAt(0))).isFalse();
    });
    String link = "https://example.com/catalogo?utm_source=whatsapp&utm_campaign=noviembre";
    assertThat(splitter.split("Mirá " + link + " y decime.")).containsExactly("Mirá", link, "y decime.");
    assertThat(splitter.split(link)).containsExactly(link);
    assertThat(new ReplySplitter(2).split("😀😀")).containsExactly("😀", "😀");
  }
}
