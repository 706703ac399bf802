package io.crmventas.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
  void whatIsNotAPlaceholderStaysText() {
    assertThat(TextTemplate.parse("a '{'0} b").render("x")).isEqualTo("a {0} b");
    assertThat(TextTemplate.parse("{name} {0:only one form} {} {").render("x")).isEqualTo("{name} {0:only one form} {} {");
    assertThat(TextTemplate.parse("missing: {3}.").render("x")).isEqualTo("missing: .");
    assertThat(TextTemplate.literal("{0} as is").render("x")).isEqualTo("{0} as is");
  }
}
