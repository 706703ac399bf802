package io.crmventas.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTemplateTest {
  @Test
  void fillsPlaceholdersWithTheArguments() {
    assertThat(TextTemplate.parse("{0} ({1}) is now yours").render("Ana", "+5491155550001"))
        .isEqualTo("Ana (+5491155550001) is now yours");
    assertThat(TextTemplate.parse("{1} before {0}").render("a", "b")).isEqualTo("b before a");
  }

  @Test
  void choosesThePluralFormByTheNumber() {
    TextTemplate t = TextTemplate.parse("respondió {0} {0:vez|veces}");
    assertThat(t.render(1)).isEqualTo("respondió 1 vez");
    assertThat(t.render(1L)).isEqualTo("respondió 1 vez");
    assertThat(t.render("1")).isEqualTo("respondió 1 vez");
    assertThat(t.render(0)).isEqualTo("respondió 0 veces");
    assertThat(t.render(2)).isEqualTo("respondió 2 veces");
    assertThat(t.render(11)).isEqualTo("respondió 11 veces");
    assertThat(t.render(-1)).isEqualTo("respondió -1 veces");
    assertThat(t.render("1.5")).isEqualTo("respondió 1.5 veces");
    assertThat(t.render("n/a")).isEqualTo("respondió n/a veces");
  }

  @Test
  void pluralFormsMayHoldPlaceholders() {
    TextTemplate t = TextTemplate.parse("en {0:el último día|los últimos {0} días}, {1} {1:lead|leads}");
    assertThat(t.render(1, 1)).isEqualTo("en el último día, 1 lead");
    assertThat(t.render(30, 4)).isEqualTo("en los últimos 30 días, 4 leads");
  }

  @Test
  void rendersSignedPoints() {
    TextTemplate t = TextTemplate.parse("{points} asked about buying (\"{0}\")");
    assertThat(t.render(10, new Object[] {"cuánto cuesta"})).isEqualTo("+10 asked about buying (\"cuánto cuesta\")");
    assertThat(t.render(-15, new Object[] {"x"})).isEqualTo("-15 asked about buying (\"x\")");
  }

  @Test
  void formsMayNestPluralsAndQuoteBarsAndBraces() {
    TextTemplate t = TextTemplate.parse("{0:one {1:x|y}|many {1:x|y}} {0:a'|'b|c'}'}");
    assertThat(t.render(1, 1)).isEqualTo("one x a|b");
    assertThat(t.render(2, 5)).isEqualTo("many y c}");
  }

  @Test
  void nullArgumentsRenderAsNothing() {
    assertThat(TextTemplate.parse("[{0}] {0:one|other}").render((Object) null)).isEqualTo("[] ");
  }

  /** Every text the SDK ships parses, and renders with no placeholder syntax left, for 0, 1 and 3. */
  @ParameterizedTest
  @ValueSource(strings = {"io/crmventas/core/scoring/ScoringTexts", "io/crmventas/core/assignment/AssignmentTexts",
      "io/crmventas/core/notification/NotificationTexts"})
  void everyShippedTextRendersCleanly(String bundle) throws Exception {
    for (String suffix : List.of(".properties", "_es.properties")) {
      Properties texts = new Properties();
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(bundle + suffix);
          Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        texts.load(reader);
      }
      assertThat(texts).isNotEmpty();
      for (String key : texts.stringPropertyNames()) {
        for (int n : new int[] {0, 1, 3}) {
          Object[] args = new Object[10];
          Arrays.fill(args, n);
          String out = TextTemplate.parse(texts.getProperty(key)).render(n, args);
          assertThat(out).as(bundle + suffix + " " + key + " with " + n).doesNotContain("{", "}", "|");
        }
      }
    }
  }

  @Test
  void whatIsNotAPlaceholderStaysText() {
    assertThat(TextTemplate.parse("a '{'0} b").render("x")).isEqualTo("a {0} b");
    assertThat(TextTemplate.parse("{name} {0:only one form} {} {").render("x")).isEqualTo("{name} {0:only one form} {} {");
    assertThat(TextTemplate.parse("missing: {3}.").render("x")).isEqualTo("missing: .");
    assertThat(TextTemplate.literal("{0} as is").render("x")).isEqualTo("{0} as is");
  }
}
