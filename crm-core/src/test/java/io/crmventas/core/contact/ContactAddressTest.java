package io.crmventas.core.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContactAddressTest {
  private static final PhoneNumber PHONE = PhoneNumber.parse("+5491155550001");
  private static final ChannelUserId BSUID = new ChannelUserId("US.13491208655302741918");

  @ParameterizedTest
  @ValueSource(strings = {"US.13491208655302741918", "US.ENT.11815799212886844830", "123456789"})
  void acceptsBusinessScopedUserIdsAndOtherChannelsIds(String value) {
    assertThat(ChannelUserId.of("fromUserId", value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "US 1349", "US.1349\n", "US.\u00a01349", "\t"})
  void refusesBlankOrSpacedIdsNamingTheField(String value) {
    assertThatThrownBy(() -> ChannelUserId.of("fromUserId", value))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("fromUserId"));
  }

  @Test
  void refusesOverlongIds() {
    assertThatThrownBy(() -> new ChannelUserId("US." + "1".repeat(ChannelUserId.MAX_LENGTH)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("channelUserId");
    assertThatThrownBy(() -> new ChannelUserId(null)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void anAddressNeedsAPhoneOrAUserIdAndIsLabelledByThePhoneFirst() {
    assertThatThrownBy(() -> ContactAddress.of(Optional.empty(), Optional.empty()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("phone number or a channel user id");
    assertThat(ContactAddress.of(PHONE).label()).isEqualTo("+5491155550001");
    assertThat(ContactAddress.of(BSUID).label()).isEqualTo("US.13491208655302741918");
    assertThat(ContactAddress.of(Optional.of(PHONE), Optional.of(BSUID)).label()).isEqualTo("+5491155550001");
    assertThat(ContactAddress.of(Optional.of(PHONE), Optional.of(BSUID))).hasToString(
        "+5491155550001 (US.13491208655302741918)");
  }

  @Test
  void aLeadNeedsAPhoneOrAUserId() {
    Lead lead = Lead.builder(LeadId.of(UUID.randomUUID()), TenantId.of("acme"), ContactAddress.of(BSUID),
        Instant.parse("2026-11-26T10:00:00Z")).build();
    assertThat(lead.phone()).isEmpty();
    assertThat(lead.contact()).isEqualTo(ContactAddress.of(BSUID));
    assertThatThrownBy(() -> lead.toBuilder().channelUserId(null).build())
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("phone"));
  }
}
