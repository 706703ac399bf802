package io.crmventas.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.notification.AlertSettings;
import io.crmventas.core.tenant.TenantSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownSettingsTest {

  @Test
  void aMisspeltKeyUnderTheCoresPrefixesIsRefusedWithTheKeyItMeant() {
    assertThatThrownBy(() -> KnownSettings.check(TenantSettings.of(Map.of("assignment.fairnes.cap", "3"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("assignment.fairnes.cap is not a setting crm-core knows")
        .hasMessageContaining("did you mean assignment.fairness.cap?")
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("assignment.fairnes.cap");
    assertThatThrownBy(() -> KnownSettings.check(TenantSettings.of(Map.of("notifications.slack.webhook", "x"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("notifications.slack.webhook is not a setting crm-core knows")
        .hasMessageNotContaining("did you mean");
    for (String prefix : KnownSettings.RESERVED_PREFIXES) {
      assertThatThrownBy(() -> KnownSettings.check(TenantSettings.of(Map.of(prefix + "zzz", "1"))))
          .as(prefix).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void keysOutsideTheCoresPrefixesAndRuleWeightsAreKept() {
    TenantSettings s = TenantSettings.of(Map.of("plugin.colour", "azul", "channelx.turn", "1",
        "scoring.weight.my_custom_rule", "2.5", "agent.model", "gpt"));
    assertThat(KnownSettings.check(s)).isSameAs(s);
    assertThatThrownBy(() -> KnownSettings.check(TenantSettings.of(Map.of("scoring.weight.my_custom_rule", "9"))))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("scoring.weight.my_custom_rule");
  }

  @Test
  void anUnknownKeyStoredBeforeDoesNotStopAnUpdateThatLeavesItAsItIs() {
    // Written by a newer version that knows the key: an older one keeps it through its updates.
    TenantSettings stored = TenantSettings.of(Map.of("assignment.newer_feature", "on"));
    TenantSettings changed = stored.with(AlertSettings.UNANSWERED_AFTER, Duration.ofMinutes(30));
    assertThat(KnownSettings.checkChanged(changed, stored)).isSameAs(changed);
    assertThatThrownBy(() -> KnownSettings.checkChanged(TenantSettings.of(Map.of("assignment.newer_feature", "off")),
        stored)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("assignment.newer_feature");
  }

  @Test
  void theCeoIsNotToldOfAnUnansweredConversationBeforeTheSeller() {
    TenantSettings early = TenantSettings.DEFAULTS.with(AlertSettings.UNANSWERED_CEO_AFTER, Duration.ofMinutes(30));
    assertThatThrownBy(() -> KnownSettings.check(early)).isInstanceOf(InvalidInputException.class)
        .hasMessage("notifications.unanswered.ceo_after must not be below notifications.unanswered.after (PT1H)"
            + " (was: PT30M)");
    // Moving the seller's threshold past the stored CEO one is refused, naming what was changed.
    TenantSettings late = TenantSettings.DEFAULTS.with(AlertSettings.UNANSWERED_AFTER, Duration.ofHours(5));
    assertThatThrownBy(() -> KnownSettings.checkChanged(late, TenantSettings.DEFAULTS))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("notifications.unanswered.after must not be above notifications.unanswered.ceo_after (PT4H)"
            + " (was: PT5H)");
    TenantSettings same = early.with(AlertSettings.UNANSWERED_AFTER, Duration.ofMinutes(30));
    assertThat(KnownSettings.check(same)).isSameAs(same);
  }

  @Test
  void theSevereResponseTimeIsNotBelowTheLimit() {
    TenantSettings s = TenantSettings.DEFAULTS.with(AlertSettings.PERFORMANCE_RESPONSE_LIMIT, Duration.ofMinutes(90));
    assertThatThrownBy(() -> KnownSettings.check(s)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("notifications.performance.response_limit must not be above"
            + " notifications.performance.response_severe (PT1H)");
    TenantSettings severe = TenantSettings.DEFAULTS.with(AlertSettings.PERFORMANCE_RESPONSE_SEVERE, Duration.ofMinutes(20));
    assertThatThrownBy(() -> KnownSettings.check(severe)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("notifications.performance.response_severe must not be below"
            + " notifications.performance.response_limit (PT30M)");
    TenantSettings both = s.with(AlertSettings.PERFORMANCE_RESPONSE_SEVERE, Duration.ofHours(2));
    assertThat(KnownSettings.check(both)).isSameAs(both);
  }

  @Test
  void crossChecksDoNotStopAnUpdateThatLeavesBothAsTheyAre() {
    // Stored before the check existed (or edited by hand): renaming the tenant still works.
    TenantSettings stored = TenantSettings.of(Map.of("notifications.unanswered.ceo_after", "PT10M"));
    assertThat(KnownSettings.checkChanged(stored, stored)).isSameAs(stored);
  }
}
