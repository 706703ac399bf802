package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.agenda.Appointment;
import io.crmventas.core.agenda.AppointmentId;
import io.crmventas.core.agenda.AppointmentSource;
import io.crmventas.core.agenda.AppointmentStatus;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentExplanation;
import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.assignment.AssignmentKind;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.metrics.ActivityFacts;
import io.crmventas.core.metrics.Durations;
import io.crmventas.core.metrics.FactSheet;
import io.crmventas.core.metrics.MetricsWindow;
import io.crmventas.core.metrics.SellerMetrics;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link io.crmventas.core.metrics.MetricsQueries} on a store: every definition of
 * {@link ActivityFacts} checked against hand-computed values.
 */
public abstract class MetricsContract extends ActivityContract {
  @Test
  void everyDefinitionOnAHandComputedDay() {
    UserId s1 = a.seller1.id();
    UserId s2 = a.seller2.id();
    // Lead 1: assigned before writing; the first response clock starts at the lead's first message.
    Lead l1 = lead(s1, at("12:00:00"), LeadSource.META_ADS, LeadStatus.CONTACTED, at("12:00:00"));
    Conversation c1 = conversation(l1, "whatsapp");
    assign(l1, s1, at("12:58:00"));
    leadSays(c1, at("13:00:00"));
    leadSays(c1, at("13:01:00"));
    sellerSays(c1, s1, at("13:05:00"));   // response 5 min, from the block's first message; first response 5 min
    leadSays(c1, at("13:10:00"));
    botSays(c1, at("13:11:00"));           // the bot is not a human reply: the block stays open
    sellerSays(c1, s1, at("13:20:00"));   // response 10 min
    sellerSays(c1, s1, at("13:21:00"));   // not a response: the previous human message is the seller's
    leadSays(c1, at("14:00:00"));          // waiting since 14:00
    // Lead 2: had written (on another channel) before being assigned; never answered; now WON.
    Lead l2 = lead(s1, at("10:00:00"), LeadSource.REFERRAL, LeadStatus.WON, at("14:30:00"));
    Conversation c2 = conversation(l2, "telegram");
    leadSays(c2, at("13:29:00"));
    assign(l2, s1, at("13:30:00"));       // clock 13:30, deadline 13:45 passed by now: due, missed
    // Lead 3: a prospect of seller 1 created today, still new.
    lead(s1, at("11:00:00"), LeadSource.PROSPECTING, LeadStatus.NEW, at("11:00:00"));
    // Agenda: booked today and held today.
    appointment(s1, l1, at("13:40:00"), AppointmentStatus.COMPLETED, at("13:06:00"));
    // Yesterday's activity is outside the period.
    Lead old = lead(s2, Instant.parse("2026-11-24T12:00:00Z"), LeadSource.ORGANIC, LeadStatus.NEW,
        Instant.parse("2026-11-24T12:00:00Z"));
    Conversation c3 = conversation(old, "whatsapp");
    leadSays(c3, Instant.parse("2026-11-24T12:00:00Z"));
    sellerSays(c3, s2, Instant.parse("2026-11-24T12:30:00Z"));

    FactSheet sheet = facts(window(DAY, DAY.plusDays(1), at("15:00:00"), s1, s2));
    ActivityFacts f = sheet.sellers().get(0);
    assertThat(f.sellerId()).contains(s1);
    assertThat(f.conversations()).isEqualTo(2);
    assertThat(f.activeConversations()).isEqualTo(2);
    assertThat(f.openConversations()).isEqualTo(2);
    assertThat(f.waitingConversations()).isEqualTo(2);
    assertThat(f.assignedToday()).isEqualTo(2);
    assertThat(f.messagesReceived()).isEqualTo(5);
    assertThat(f.messagesSent()).isEqualTo(3);
    assertThat(f.botMessages()).isEqualTo(1);
    assertThat(f.responses()).isEqualTo(new Durations(2, 900_000, Optional.of(300_000L), Optional.of(600_000L)));
    assertThat(f.firstResponses()).isEqualTo(new Durations(1, 300_000, Optional.of(300_000L), Optional.of(300_000L)));
    assertThat(f.slaDue()).isEqualTo(2);
    assertThat(f.slaMet()).isEqualTo(1);
    assertThat(f.leadsAssigned()).isEqualTo(2);
    assertThat(f.assignedLeadsWon()).isEqualTo(1);
    assertThat(f.leadsWon()).isEqualTo(1);
    assertThat(f.prospectsGenerated()).isEqualTo(1);
    assertThat(f.prospectsWon()).isZero();
    assertThat(f.appointmentsBooked()).isEqualTo(1);
    assertThat(f.appointmentsHeld()).isEqualTo(1);
    assertThat(f.conversationMillis()).isEqualTo(Duration.ofHours(1).toMillis());
    assertThat(f.activeDays()).isEqualTo(1);
    assertThat(f.lastActivity()).contains(at("13:21:00"));

    SellerMetrics m = new SellerMetrics(f, 1);
    assertThat(m.messageRatio()).contains(0.6);
    assertThat(m.slaAttainment()).contains(0.5);
    assertThat(m.conversionRate()).contains(0.5);
    assertThat(m.prospectConversionRate()).contains(0.0);
    assertThat(m.averageResponseTime()).contains(Duration.ofMinutes(7).plusSeconds(30));
    assertThat(m.averageConversationDuration()).contains(Duration.ofMinutes(30));
    assertThat(m.totalChatMinutes()).isEqualTo(60.0);
    assertThat(m.activityRate()).isEqualTo(1.0);

    // Seller 2 only worked yesterday: today is all zeros and absent values, never NaN.
    ActivityFacts f2 = sheet.sellers().get(1);
    assertThat(f2).isEqualTo(new ActivityFacts(Optional.of(s2), 0, 0, 1, 0, 0, 0, 0, 0, Durations.NONE,
        Durations.NONE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Optional.empty()));
    SellerMetrics m2 = new SellerMetrics(f2, 1);
    assertThat(m2.p50ResponseTime()).isEmpty();
    assertThat(m2.conversionRate()).isEmpty();
    assertThat(m2.asMap().values()).allMatch(v -> !v.isNaN() && !v.isInfinite());

    // Yesterday belongs to seller 2, and its response is counted there.
    ActivityFacts y = facts(window(DAY.minusDays(1), DAY, at("15:00:00"), s1, s2)).sellers().get(1);
    assertThat(y.responses()).isEqualTo(new Durations(1, 1_800_000, Optional.of(1_800_000L), Optional.of(1_800_000L)));
    assertThat(y.messagesSent()).isEqualTo(1);
    assertThat(y.conversations()).isEqualTo(1);
  }

  @Test
  void aReplyInThePeriodToABlockStartedBeforeItCountsFromTheBlocksStart() {
    UserId s1 = a.seller1.id();
    Lead l = lead(s1, Instant.parse("2026-11-24T20:00:00Z"), LeadSource.ORGANIC, LeadStatus.NEW,
        Instant.parse("2026-11-24T20:00:00Z"));
    Conversation c = conversation(l, "whatsapp");
    leadSays(c, Instant.parse("2026-11-25T02:50:00Z"));   // 23:50 local, the day before
    sellerSays(c, s1, at("03:20:00"));                    // 00:20 local
    ActivityFacts f = facts(window(DAY, DAY.plusDays(1), at("15:00:00"), s1)).sellers().get(0);
    assertThat(f.responses()).isEqualTo(new Durations(1, 1_800_000, Optional.of(1_800_000L), Optional.of(1_800_000L)));
    assertThat(f.messagesReceived()).isZero();
    assertThat(f.conversationMillis()).isZero();
    assertThat(f.conversations()).isEqualTo(1);
  }

  @Test
  void teamFiguresComeFromTheRawDataNotFromSellerAverages() {
    UserId s1 = a.seller1.id();
    UserId s2 = a.seller2.id();
    // Seller 1 answers once in 1 minute; seller 2 three times in 10, 20 and 30 minutes.
    Conversation c1 = conversation(lead(s1, at("12:00:00"), LeadSource.ORGANIC, LeadStatus.NEW, at("12:00:00")),
        "whatsapp");
    leadSays(c1, at("12:00:00"));
    sellerSays(c1, s1, at("12:01:00"));
    Conversation c2 = conversation(lead(s2, at("12:00:00"), LeadSource.ORGANIC, LeadStatus.NEW, at("12:00:00")),
        "whatsapp");
    for (int i = 0; i < 3; i++) {
      Instant start = at("12:00:00").plus(Duration.ofHours(i));
      leadSays(c2, start);
      sellerSays(c2, s2, start.plus(Duration.ofMinutes(10L * (i + 1))));
    }
    FactSheet sheet = facts(window(DAY, DAY.plusDays(1), at("18:00:00"), s1, s2));
    // p50 of {1, 10, 20, 30} minutes by nearest rank is the 2nd value (10 min); the mean of the
    // sellers' medians would be 10.5 min.
    assertThat(sheet.team().responses()).isEqualTo(new Durations(4, 61 * 60_000L, Optional.of(600_000L),
        Optional.of(1_800_000L)));
    assertThat(sheet.team().messagesSent()).isEqualTo(4);
    assertThat(sheet.team().activeDays()).isEqualTo(1);
    assertThat(sheet.team().sellerId()).isEmpty();
  }

  @Test
  void aLeadAssignedToTwoSellersCountsOnceForTheTeamAndTheReassignmentStopsTheFirstClock() {
    UserId s1 = a.seller1.id();
    UserId s2 = a.seller2.id();
    Lead l = lead(s2, at("12:00:00"), LeadSource.ORGANIC, LeadStatus.NEW, at("12:00:00"));
    Conversation c = conversation(l, "whatsapp");
    leadSays(c, at("12:00:00"));
    assign(l, s1, at("12:01:00"));
    assign(l, s2, at("12:05:00"));      // seller 1 lost it after 4 minutes: not due, no response
    sellerSays(c, s1, at("12:06:00"));   // too late for seller 1's clock (after the next assignment)
    sellerSays(c, s2, at("12:07:00"));
    FactSheet sheet = facts(window(DAY, DAY.plusDays(1), at("18:00:00"), s1, s2));
    assertThat(sheet.sellers().get(0).firstResponses()).isEqualTo(Durations.NONE);
    assertThat(sheet.sellers().get(0).slaDue()).isZero();
    assertThat(sheet.sellers().get(1).firstResponses().p50Millis()).contains(120_000L);
    assertThat(sheet.sellers().get(0).leadsAssigned()).isEqualTo(1);
    assertThat(sheet.sellers().get(1).leadsAssigned()).isEqualTo(1);
    assertThat(sheet.team().leadsAssigned()).isEqualTo(1);
    assertThat(sheet.team().slaDue()).isEqualTo(1);
    assertThat(sheet.team().slaMet()).isEqualTo(1);
  }

  @Test
  void anEmptyTenantGivesZerosAndAbsentValuesForEverySeller() {
    FactSheet sheet = facts(window(DAY.minusDays(6), DAY.plusDays(1), at("15:00:00"), a.seller1.id(), a.seller2.id()));
    assertThat(sheet.sellers()).extracting(ActivityFacts::sellerId)
        .containsExactly(Optional.of(a.seller1.id()), Optional.of(a.seller2.id()));
    assertThat(sheet.team()).isEqualTo(ActivityFacts.empty(Optional.empty()));
    assertThat(new SellerMetrics(sheet.team(), 7).asMap()).doesNotContainKeys("p50_response_seconds",
        "conversion_rate", "sla_attainment", "message_ratio").containsEntry("activity_rate", 0.0);
    assertThat(facts(window(DAY, DAY.plusDays(1), at("15:00:00"))).sellers()).isEmpty();
  }

  @Test
  void anotherTenantsActivityIsNeverCounted() {
    var b = anotherTenant();
    Lead bl = b.t.leads().create(b.leadBuilder().assignedSellerId(b.seller1.id()).createdAt(at("12:00:00"))
        .updatedAt(at("12:00:00")).statusChangedAt(at("12:00:00")).build());
    Conversation bc = b.conversation(bl);
    b.t.conversations().append(b.inboundText(bc, "hola", "wamid.b1", at("12:00:00")));
    b.t.conversations().append(b.reply(bc, Author.SELLER, Optional.of(b.seller1.id()), "hi", at("12:01:00")));
    // Asking tenant a about tenant b's seller finds nothing.
    FactSheet sheet = facts(window(DAY, DAY.plusDays(1), at("15:00:00"), b.seller1.id(), a.seller1.id()));
    assertThat(sheet.team()).isEqualTo(ActivityFacts.empty(Optional.empty()));
    assertThat(b.t.metricsQueries().facts(new MetricsWindow(DAY, DAY.plusDays(1), at("15:00:00"),
        b.tenant().timeZone(), List.of(b.seller1.id()), TARGET)).team().messagesSent()).isEqualTo(1);
  }
}
