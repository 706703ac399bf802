package io.crmventas.ycloud.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantTest {

  @Test
  void readsYCloudsShapeWithoutTheGeneralParser() {
    assertThat(IsoInstant.fast("2026-11-25T15:04:05.123Z")).isEqualTo(Instant.parse("2026-11-25T15:04:05.123Z"));
    assertThat(IsoInstant.fast("2026-11-25T15:04:05Z")).isEqualTo(Instant.parse("2026-11-25T15:04:05Z"));
    assertThat(IsoInstant.fast("2026-11-25T12:04:05.5-03:00")).isEqualTo(Instant.parse("2026-11-25T15:04:05.500Z"));
    assertThat(IsoInstant.fast("2024-02-29T23:59:59.999999999+14:00"))
        .isEqualTo(Instant.parse("2024-02-29T09:59:59.999999999Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-25t15:04:05Z", "2026-11-25T15:04:05z", "2026-11-25T15:04Z", "+12026-11-25T15:04:05Z",
      "2026-11-25T15:04:05+03", "2026-11-25T15:04:05+0300", "2026-11-25T15:04:05+03:00:30", "2026-11-25T15:04:05.Z",
      "2026-11-25T15:04:05.1234567891Z", "2023-02-29T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T15:04:60Z",
      "2026-11-25T15:04:05+18:01", "2026-13-01T00:00:00Z", "2026-11-25T15:04:05", "2026-11-25 15:04:05Z", ""})
  void leavesEveryOtherTextToTheGeneralParserWithTheSameAnswer(String text) {
    assertThat(IsoInstant.fast(text)).isNull();
    assertSameAsGeneralParser(text);
  }

  @Test
  void answersAsTheGeneralParserDoesForManyTextsValidOrNot() {
    Random random = new Random(20261126);
    String[] pieces = {"0", "1", "2", "5", "9", "-", ":", "T", "Z", ".", "+", "x", " "};
    int fastPath = 0;
    for (int i = 0; i < 50_000; i++) {
      StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
          random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62)));
      if (random.nextBoolean()) {
        s.append('.').append(String.format("%019d", random.nextLong() & Long.MAX_VALUE), 0, random.nextInt(12));
      }
      switch (random.nextInt(4)) {
        case 0 -> s.append('Z');
        case 1 -> s.append(random.nextBoolean() ? '+' : '-')
            .append(String.format("%02d:%02d", random.nextInt(20), random.nextInt(61)));
        case 2 -> s.append(pieces[random.nextInt(pieces.length)]);
        default -> { }
      }
      if (random.nextInt(10) == 0) { // damage one character
        int at = random.nextInt(s.length());
        s.setCharAt(at, pieces[random.nextInt(pieces.length)].charAt(0));
      }
      String text = s.toString();
      if (IsoInstant.fast(text) != null) {
        fastPath++;
      }
      assertSameAsGeneralParser(text);
    }
    assertThat(fastPath).as("the fast path was taken often enough to be tested").isGreaterThan(10_000);
  }

  private static void assertSameAsGeneralParser(String text) {
    Instant expected;
    try {
      expected = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      assertThatThrownBy(() -> IsoInstant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class)
          .hasMessage(e.getMessage());
      return;
    }
    assertThat(IsoInstant.parse(text)).as(text).isEqualTo(expected);
  }
}
