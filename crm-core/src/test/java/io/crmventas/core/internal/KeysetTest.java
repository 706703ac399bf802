package io.crmventas.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Keyset.RankTimeId;
import io.crmventas.core.internal.Keyset.TimeId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeysetTest {

  @Test
  void cursorsRoundTripIncludingTimesBeforeTheEpoch() {
    TimeId k = new TimeId(Instant.parse("1969-12-31T23:59:59.999999Z"), UUID.randomUUID());
    assertThat(TimeId.decode(k.encode())).isEqualTo(k);
    RankTimeId r = new RankTimeId(3, Instant.parse("2026-11-25T10:00:00.123456Z"), UUID.randomUUID());
    assertThat(RankTimeId.decode(r.encode())).isEqualTo(r);
  }

  @Test
  void aCursorOfAnotherKindIsRejected() {
    String timeCursor = new TimeId(Instant.EPOCH, UUID.randomUUID()).encode();
    assertThatThrownBy(() -> RankTimeId.decode(timeCursor))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("after"));
    assertThatThrownBy(() -> TimeId.decode("%%%")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void uuidsCompareUnsignedLikePostgres() {
    UUID low = UUID.fromString("00000000-0000-0000-0000-000000000001");
    UUID high = UUID.fromString("f0000000-0000-0000-0000-000000000000");
    assertThat(high.compareTo(low)).as("java's own order is signed").isNegative();
    assertThat(Ids.compare(high, low)).isPositive();
  }
}
