package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.ForbiddenException;
import io.crmventas.core.IdGenerator;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.event.DomainEvent;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.metrics.MetricsService;
import io.crmventas.core.metrics.SellerMetrics;
import io.crmventas.core.notification.AlertSettings;
import io.crmventas.core.notification.Notification;
import io.crmventas.core.notification.NotificationCenter;
import io.crmventas.core.notification.NotificationChecks;
import io.crmventas.core.notification.NotificationCreated;
import io.crmventas.core.notification.NotificationQuery;
import io.crmventas.core.notification.NotificationType;
import io.crmventas.core.notification.Notifier;
import io.crmventas.core.notification.Priority;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.Setting;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notification checks and the notification center on a store: each condition notifies the
 * right people once per occurrence, with the tenant's thresholds and language; visibility by role.
 */
public abstract class NotificationChecksContract extends ActivityContract {
  protected final List<DomainEvent> published = new CopyOnWriteArrayList<>();
  protected NotificationChecks checks;
  protected NotificationCenter center;
  protected MetricsService metrics;

  @BeforeEach
  void setUpChecks() {
    EventBus bus = new EventBus().subscribe(DomainEvent.class, published::add);
    metrics = MetricsService.builder(store).clock(clock).ttl(Duration.ZERO).build();
    checks = new NotificationChecks(store, clock, new Notifier(store, clock, IdGenerator.timeOrdered(clock), bus),
        metrics);
    center = new NotificationCenter(store, clock);
  }

  protected List<Notification> of(UserId user) {
    return a.t.notifications().list(NotificationQuery.forRecipient(user), PageRequest.first(1000)).items();
  }

  protected <T> void setting(Setting<T> s, T value) {
    Tenant t = a.tenant();
    store.tenants().update(t.withSettings(t.settings().with(s, value)));
  }

  protected void english() {
    store.tenants().update(a.tenant().withLocale(Locale.ENGLISH));
  }

  @Test
  void unansweredNotifiesTheSellerAfterAnHourAndTheCeoAfterFourOncePerWait() {
    clock.set(at("12:00:00"));
    Lead l = lead(a.seller1.id(), at("11:00:00"), LeadSource.ORGANIC, LeadStatus.CONTACTED, at("11:00:00"));
    Conversation c = conversation(l, "whatsapp");
    leadSays(c, at("12:00:00"));
    clock.set(at("12:59:00"));
    assertThat(checks.unanswered(a.id)).isZero();
    clock.set(at("13:00:00"));
    assertThat(checks.unanswered(a.id)).isEqualTo(1);
    assertThat(checks.unanswered(a.id)).isZero();
    Notification n = of(a.seller1.id()).get(0);
    assertThat(n.type()).isEqualTo(NotificationType.UNANSWERED);
    assertThat(n.priority()).isEqualTo(Priority.HIGH);
    assertThat(n.title()).isEqualTo("Un lead espera tu respuesta");
    assertThat(n.message()).contains(l.name().orElseThrow()).contains("60 minutos");
    assertThat(n.related().orElseThrow().id()).isEqualTo(c.id().value().toString());
    assertThat(of(a.ceo.id())).isEmpty();
    assertThat(published).filteredOn(NotificationCreated.class::isInstance).hasSize(1);

    clock.set(at("16:00:00"));
    assertThat(checks.unanswered(a.id)).isEqualTo(1);
    Notification ceo = of(a.ceo.id()).get(0);
    assertThat(ceo.priority()).isEqualTo(Priority.CRITICAL);
    assertThat(ceo.message()).contains("Seller One");
    assertThat(of(a.seller1.id())).hasSize(1);

    // Answered, then the lead writes again: a new wait, a new notification.
    sellerSays(c, a.seller1.id(), at("16:01:00"));
    leadSays(c, at("16:02:00"));
    clock.set(at("17:03:00"));
    assertThat(checks.unanswered(a.id)).isEqualTo(1);
    assertThat(of(a.seller1.id())).hasSize(2);
  }

  @Test
  void aDeactivatedSellerGetsNoNotificationsButTheCeoStillHearsOfTheirLeads() {
    clock.set(at("12:00:00"));
    Conversation c = organicConversation(a.seller1.id(), at("11:00:00"));
    leadSays(c, at("12:00:00"));
    a.deactivate(a.seller1.id());
    clock.set(at("16:00:00"));
    assertThat(checks.unanswered(a.id)).isEqualTo(1);
    assertThat(of(a.seller1.id())).isEmpty();
    assertThat(of(a.ceo.id())).singleElement().satisfies(n -> assertThat(n.priority()).isEqualTo(Priority.CRITICAL));
  }

  @Test
  void aConditionStillInEffectIsNotNotifiedAgainAfterItsNotificationWasTrimmed() {
    clock.set(at("12:00:00"));
    Conversation c = organicConversation(a.seller1.id(), at("11:00:00"));
    leadSays(c, at("12:00:00"));
    clock.set(at("16:00:00"));
    assertThat(checks.unanswered(a.id)).isEqualTo(2);
    // Both recipients' notifications are trimmed away (as if each had over 1,000 newer ones).
    a.t.notifications().trimPerRecipient(0);
    assertThat(of(a.seller1.id())).isEmpty();
    clock.set(at("16:30:00"));
    assertThat(checks.unanswered(a.id)).isZero();
    assertThat(checks.runAll(a.id).created()).containsEntry(NotificationType.UNANSWERED, 0);
    assertThat(of(a.seller1.id())).isEmpty();
    assertThat(of(a.ceo.id())).noneMatch(n -> n.type() == NotificationType.UNANSWERED);
  }

  @Test
  void thresholdsAreTenantSettingsAndTextsFollowTheTenantsLanguage() {
    english();
    setting(AlertSettings.UNANSWERED_AFTER, Duration.ofMinutes(10));
    clock.set(at("12:00:00"));
    Conversation c = organicConversation(a.seller1.id(), at("11:00:00"));
    leadSays(c, at("12:00:00"));
    clock.set(at("12:10:00"));
    assertThat(checks.unanswered(a.id)).isEqualTo(1);
    assertThat(of(a.seller1.id()).get(0).title()).isEqualTo("A lead is waiting for your reply");
  }

  @Test
  void hotLeadsNotifyTheirSellerAndVeryHotOnesTheCeoOncePerTimeTheyBecomeHot() {
    clock.set(at("14:00:00"));
    Lead warm = lead(a.seller1.id(), at("10:00:00"), LeadSource.META_ADS, LeadStatus.QUALIFIED, at("10:00:00"));
    Lead hot = a.t.leads().update(warm.toBuilder()
        .score(new LeadScore(80, ScoreBand.HOT, List.of(), at("13:00:00"))).build());
    Lead veryHot = a.t.leads().create(a.leadBuilder().name("Very").assignedSellerId(a.seller2.id())
        .score(new LeadScore(95, ScoreBand.HOT, List.of(), at("13:30:00"))).build());
    Lead stale = a.t.leads().create(a.leadBuilder().name("Old").assignedSellerId(a.seller2.id())
        .score(new LeadScore(99, ScoreBand.HOT, List.of(), at("08:00:00"))).build());
    leadSays(conversation(hot, "whatsapp"), at("13:00:00"));
    leadSays(conversation(veryHot, "whatsapp"), at("13:30:00"));
    leadSays(conversation(stale, "whatsapp"), at("09:00:00"));   // more than 2 h ago
    assertThat(checks.hotLeads(a.id)).isEqualTo(3);
    assertThat(checks.hotLeads(a.id)).isZero();
    assertThat(of(a.seller1.id())).singleElement().satisfies(n -> {
      assertThat(n.type()).isEqualTo(NotificationType.HOT_LEAD);
      assertThat(n.priority()).isEqualTo(Priority.HIGH);
    });
    assertThat(of(a.seller2.id())).hasSize(1);
    assertThat(of(a.ceo.id())).singleElement().satisfies(n -> assertThat(n.priority()).isEqualTo(Priority.CRITICAL));
  }

  @Test
  void anUnassignedHotLeadTellsTheCeoAndStillGetsTheCriticalNoticeIfItsScoreRises() {
    clock.set(at("14:00:00"));
    Lead nobodys = a.t.leads().create(a.leadBuilder().name("Nadie")
        .score(new LeadScore(75, ScoreBand.HOT, List.of(), at("13:00:00"))).build());
    leadSays(conversation(nobodys, "whatsapp"), at("13:00:00"));
    assertThat(checks.hotLeads(a.id)).isEqualTo(1);
    assertThat(of(a.ceo.id())).singleElement().satisfies(n -> {
      assertThat(n.priority()).isEqualTo(Priority.HIGH);
      assertThat(n.title()).isEqualTo("Lead caliente sin vendedor");
    });
    // Still hot since 13:00, now above the CEO's score: the critical notice is a new one.
    a.t.leads().update(a.t.leads().find(nobodys.id()).orElseThrow().toBuilder()
        .score(new LeadScore(95, ScoreBand.HOT, List.of(), at("13:00:00"))).build());
    assertThat(checks.hotLeads(a.id)).isEqualTo(1);
    assertThat(checks.hotLeads(a.id)).isZero();
    assertThat(of(a.ceo.id())).extracting(Notification::priority).containsExactly(Priority.CRITICAL, Priority.HIGH);
    assertThat(of(a.ceo.id()).get(0).title()).isEqualTo("Lead muy caliente");
  }

  @Test
  void aCeoThresholdThatIsNotWholeHoursReadsInMinutes() {
    setting(AlertSettings.UNANSWERED_CEO_AFTER, Duration.ofMinutes(90));
    clock.set(at("12:00:00"));
    Conversation c = organicConversation(a.seller1.id(), at("11:00:00"));
    leadSays(c, at("12:00:00"));
    clock.set(at("13:30:00"));
    checks.unanswered(a.id);
    assertThat(of(a.ceo.id())).singleElement()
        .satisfies(n -> assertThat(n.title()).isEqualTo("Un lead lleva más de 90 min sin respuesta"));
  }

  @Test
  void followUpsPerStatusThresholdCappedPerRunAndOncePerSilence() {
    setting(AlertSettings.FOLLOW_UP_PER_RUN, 2);
    setting(AlertSettings.FOLLOW_UP_MAX_AGE, Duration.ofDays(20)); // the tenant's, not the default 14
    Instant created = at("10:00:00");
    for (int i = 0; i < 3; i++) {
      lead(a.seller1.id(), created.plusSeconds(i), LeadSource.ORGANIC, LeadStatus.NEW, created);
    }
    lead(a.seller1.id(), created, LeadSource.ORGANIC, LeadStatus.CONTACTED, created);   // 2 days for contacted
    lead(a.seller1.id(), created, LeadSource.ORGANIC, LeadStatus.WON, created);         // never followed up
    clock.set(created.plus(Duration.ofHours(23)));
    assertThat(checks.followUps(a.id)).isZero();
    clock.set(created.plus(Duration.ofDays(1)).plusSeconds(5));
    assertThat(checks.followUps(a.id)).isEqualTo(2);
    assertThat(checks.followUps(a.id)).isEqualTo(1);
    assertThat(checks.followUps(a.id)).isZero();
    List<Notification> sent = of(a.seller1.id());
    assertThat(sent).allSatisfy(n -> {
      assertThat(n.type()).isEqualTo(NotificationType.FOLLOW_UP);
      assertThat(n.priority()).isEqualTo(Priority.MEDIUM);
      // Kept while its lead can still be due (the tenant's maximum age, 20 days, and one more), not 7 days.
      assertThat(n.expiresAt()).contains(n.createdAt().plus(Duration.ofDays(21)));
      assertThat(n.message()).contains("nuevo");
    });
    clock.set(created.plus(Duration.ofDays(2)).plusSeconds(5));
    assertThat(checks.followUps(a.id)).isEqualTo(1);
    // A week later the clean-up keeps them, so the same silences are not reminded of again.
    clock.set(created.plus(Duration.ofDays(9)));
    center.cleanUp(a.id);
    assertThat(checks.followUps(a.id)).isZero();
    assertThat(of(a.seller1.id())).hasSize(4);
    // Beyond the maximum age nobody is reminded any more.
    clock.set(created.plus(Duration.ofDays(40)));
    Lead late = lead(a.seller2.id(), created, LeadSource.ORGANIC, LeadStatus.NEW, created);
    assertThat(checks.followUps(a.id)).isZero();
    assertThat(late.status()).isEqualTo(LeadStatus.NEW);
    assertThat(of(a.seller2.id())).isEmpty();
  }

  @Test
  void slaWarningsComeAtEightyPercentOfTheTargetBeforeTheBreachOncePerAssignment() {
    Lead l = lead(a.seller1.id(), at("11:00:00"), LeadSource.ORGANIC, LeadStatus.NEW, at("11:00:00"));
    Conversation c = conversation(l, "whatsapp");
    leadSays(c, at("11:59:00"));
    assign(l, a.seller1.id(), at("12:00:00"));
    clock.set(at("12:11:59"));
    assertThat(checks.slaWarnings(a.id)).isZero();
    clock.set(at("12:12:00"));
    assertThat(checks.slaWarnings(a.id)).isEqualTo(1);
    assertThat(checks.slaWarnings(a.id)).isZero();
    Notification n = of(a.seller1.id()).get(0);
    assertThat(n.type()).isEqualTo(NotificationType.SLA_WARNING);
    assertThat(n.message()).contains("3 minutos").contains("15 minutos");
    // Past the target it is a breach, not a warning; a reply ends it.
    Lead other = lead(a.seller2.id(), at("11:00:00"), LeadSource.ORGANIC, LeadStatus.NEW, at("11:00:00"));
    Conversation oc = conversation(other, "whatsapp");
    leadSays(oc, at("11:30:00"));
    assign(other, a.seller2.id(), at("11:50:00"));
    assertThat(checks.slaWarnings(a.id)).isZero();
    Lead third = lead(a.seller2.id(), at("11:00:00"), LeadSource.ORGANIC, LeadStatus.NEW, at("11:00:00"));
    Conversation tc = conversation(third, "whatsapp");
    leadSays(tc, at("11:59:00"));
    assign(third, a.seller2.id(), at("12:00:00"));
    sellerSays(tc, a.seller2.id(), at("12:05:00"));
    leadSays(tc, at("12:06:00"));
    assertThat(checks.slaWarnings(a.id)).isZero();
    assertThat(of(a.seller2.id())).isEmpty();
  }

  @Test
  void aBotReplyOrAnEchoDoesNotStopTheSlaWarningAsItDoesNotMeetTheSla() {
    // The assistant answers before and after the assignment; the seller has not: the first
    // response is still due, so the warning comes (the SLA metric counts the breach as well).
    Lead l = lead(a.seller1.id(), at("11:00:00"), LeadSource.ORGANIC, LeadStatus.NEW, at("11:00:00"));
    Conversation c = conversation(l, "whatsapp");
    leadSays(c, at("11:59:00"));
    botSays(c, at("11:59:30"));
    assign(l, a.seller1.id(), at("12:00:00"));
    botSays(c, at("12:01:00"));
    Lead echoed = lead(a.seller2.id(), at("11:00:00"), LeadSource.ORGANIC, LeadStatus.NEW, at("11:00:00"));
    Conversation ec = conversation(echoed, "whatsapp");
    leadSays(ec, at("11:59:00"));
    assign(echoed, a.seller2.id(), at("12:00:00"));
    a.t.conversations().append(a.reply(ec, Author.SELLER, Optional.empty(), "desde la app", at("12:02:00")));
    clock.set(at("12:12:00"));
    assertThat(checks.slaWarnings(a.id)).isEqualTo(2);
    assertThat(of(a.seller1.id())).singleElement().satisfies(n -> assertThat(n.type()).isEqualTo(NotificationType.SLA_WARNING));
    assertThat(of(a.seller2.id())).singleElement().satisfies(n -> assertThat(n.type()).isEqualTo(NotificationType.SLA_WARNING));
    clock.set(at("12:16:00"));
    SellerMetrics m = metrics.compute(a.id, DAY, DAY.plusDays(1)).seller(a.seller1.id()).orElseThrow();
    assertThat(m.facts().slaDue()).isEqualTo(1);
    assertThat(m.slaAttainment()).contains(0.0);
  }

  @Test
  void aSellersReplyThatWhatsAppReportsFailedDoesNotStopTheSlaWarning() {
    Lead l = lead(a.seller1.id(), at("11:00:00"), LeadSource.ORGANIC, LeadStatus.NEW, at("11:00:00"));
    Conversation c = conversation(l, "whatsapp");
    leadSays(c, at("11:59:00"));
    assign(l, a.seller1.id(), at("12:00:00"));
    Message reply = a.reply(c, Author.SELLER, Optional.of(a.seller1.id()), "ya te paso el precio", at("12:05:00"));
    a.t.conversations().append(reply);
    a.t.messages().markSent(reply.id(), "wamid.undeliverable", DeliveryStatus.ACCEPTED);
    clock.set(at("12:12:00"));
    assertThat(checks.slaWarnings(a.id)).as("answered, as far as the CRM knows").isZero();
    a.t.messages().advanceDeliveryStatus("wamid.undeliverable", DeliveryStatus.FAILED);
    assertThat(checks.slaWarnings(a.id)).isEqualTo(1);
    // And the lead counts as unanswered since its message, as if the reply had never been sent.
    clock.set(at("13:00:00"));
    assertThat(checks.unanswered(a.id)).isEqualTo(1);
    assertThat(of(a.seller1.id())).filteredOn(n -> n.type() == NotificationType.UNANSWERED)
        .singleElement().satisfies(n -> assertThat(n.message()).contains("61 minutos"));
  }

  @Test
  void performanceNotifiesSlowSellersAndTheCeoInSevereCasesOncePerDay() {
    setting(AlertSettings.PERFORMANCE_MIN_CONVERSION, 0.125);
    clock.set(at("20:00:00"));
    for (int i = 0; i < 5; i++) {
      Conversation c = organicConversation(a.seller1.id(), at("10:00:00"));
      leadSays(c, at("10:00:00"));
      sellerSays(c, a.seller1.id(), at("11:30:00"));   // 90 minutes
    }
    for (int i = 0; i < 10; i++) {
      Lead l = lead(a.seller2.id(), at("10:00:00"), LeadSource.ORGANIC, LeadStatus.LOST, at("10:00:00"));
      assign(l, a.seller2.id(), at("10:00:00"));
    }
    assertThat(checks.performance(a.id)).isEqualTo(3);
    assertThat(checks.performance(a.id)).isZero();
    assertThat(of(a.seller1.id())).singleElement().satisfies(n -> assertThat(n.message()).contains("90 minutos"));
    assertThat(of(a.seller2.id())).singleElement().satisfies(n -> assertThat(n.message()).contains("0 de 10")
        .contains("el mínimo es 12,5 %"));
    assertThat(of(a.ceo.id())).singleElement().satisfies(n -> {
      assertThat(n.priority()).isEqualTo(Priority.CRITICAL);
      assertThat(n.message()).contains("Seller One");
    });
  }

  @Test
  void theCeoGetsYesterdaysReportOnceAfterTheReportHour() {
    Conversation c = organicConversation(a.seller1.id(), at("10:00:00"));
    leadSays(c, at("13:00:00"));
    sellerSays(c, a.seller1.id(), at("13:02:00"));
    clock.set(Instant.parse("2026-11-26T10:59:00Z"));   // 07:59 in Buenos Aires
    assertThat(checks.dailyReport(a.id)).isZero();
    clock.set(Instant.parse("2026-11-26T11:00:00Z"));
    assertThat(checks.runAll(a.id).created()).containsEntry(NotificationType.DAILY_REPORT, 1);
    assertThat(checks.dailyReport(a.id)).isZero();
    assertThat(of(a.ceo.id())).filteredOn(n -> n.type() == NotificationType.DAILY_REPORT).singleElement()
        .satisfies(n -> {
          assertThat(n.title()).contains(LocalDate.parse("2026-11-25").toString());
          assertThat(n.message()).contains("1 conversación;").contains("2 min");
        });
  }

  @Test
  void aFailingListenerNeitherBlocksNorRollsBackTheNotifications() {
    EventBus failing = new EventBus().subscribe(NotificationCreated.class, e -> {
      throw new IllegalStateException("listener down");
    });
    NotificationChecks withFailingListener = new NotificationChecks(store, clock,
        new Notifier(store, clock, IdGenerator.timeOrdered(clock), failing), metrics);
    clock.set(at("12:00:00"));
    Conversation c = organicConversation(a.seller1.id(), at("11:00:00"));
    leadSays(c, at("12:00:00"));
    clock.set(at("16:30:00"));
    assertThat(withFailingListener.unanswered(a.id)).isEqualTo(2);
    assertThat(failing.failures()).isEqualTo(2);
    assertThat(of(a.seller1.id())).hasSize(1);
    assertThat(of(a.ceo.id())).hasSize(1);
  }

  @Test
  void mutedTypesAreSkippedButCriticalOnesStillArriveDuringAMute() {
    center.mute(a.id, a.seller1.id(), Set.of(NotificationType.UNANSWERED), Optional.empty());
    center.mute(a.id, a.ceo.id(), Set.of(), Optional.of(at("23:00:00")));
    clock.set(at("12:00:00"));
    Conversation c = organicConversation(a.seller1.id(), at("11:00:00"));
    leadSays(c, at("12:00:00"));
    clock.set(at("16:30:00"));
    assertThat(checks.unanswered(a.id)).isEqualTo(1);
    assertThat(of(a.seller1.id())).isEmpty();
    assertThat(of(a.ceo.id())).singleElement().satisfies(n -> assertThat(n.priority()).isEqualTo(Priority.CRITICAL));
  }

  @Test
  void aSellerSeesOnlyTheirOwnNotificationsAndTheCeoTheWholeTenant() {
    a.t.notifications().create(a.notification(a.seller1.id(), "k1", Priority.LOW, clock.instant()));
    a.t.notifications().create(a.notification(a.seller1.id(), "k2", Priority.CRITICAL, clock.instant()));
    a.t.notifications().create(a.notification(a.seller2.id(), "k3", Priority.HIGH, clock.instant()));
    var unread = NotificationQuery.wholeTenant().unread();
    assertThat(center.list(a.id, a.seller1.id(), unread, PageRequest.first(10)).items())
        .extracting(Notification::dedupKey).containsExactly("k2", "k1");
    assertThat(center.list(a.id, a.ceo.id(), unread, PageRequest.first(10)).items()).hasSize(3);
    assertThat(center.list(a.id, a.ceo.id(), NotificationQuery.forRecipient(a.seller2.id()), PageRequest.first(10))
        .items()).extracting(Notification::dedupKey).containsExactly("k3");
    assertThatThrownBy(() -> center.list(a.id, a.seller1.id(), NotificationQuery.forRecipient(a.seller2.id()),
        PageRequest.first(10))).isInstanceOf(ForbiddenException.class);
    UserId outsider = anotherTenant().seller1.id();
    assertThatThrownBy(() -> center.list(a.id, outsider, unread, PageRequest.first(10)))
        .isInstanceOf(ForbiddenException.class);
    // A member deactivated, or a stranger, can do nothing with the notifications, and changes nothing.
    Notification k3 = a.t.notifications().list(NotificationQuery.forRecipient(a.seller2.id()), PageRequest.first(10))
        .items().get(0);
    a.deactivate(a.seller2.id());
    for (UserId refused : List.of(a.seller2.id(), outsider)) {
      assertThatThrownBy(() -> center.list(a.id, refused, unread, PageRequest.first(10)))
          .isInstanceOf(ForbiddenException.class).hasMessageContaining("active");
      assertThatThrownBy(() -> center.countUnread(a.id, refused)).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> center.markRead(a.id, refused, k3.id())).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> center.markAllRead(a.id, refused)).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> center.settings(a.id, refused)).isInstanceOf(ForbiddenException.class);
      assertThatThrownBy(() -> center.mute(a.id, refused, Set.of(NotificationType.FOLLOW_UP), Optional.empty()))
          .isInstanceOf(ForbiddenException.class);
    }
    assertThat(a.t.notifications().find(k3.id()).orElseThrow().isRead()).isFalse();
    assertThat(a.t.notificationSettings().find(a.seller2.id())).isEmpty();
    a.t.members().update(a.t.members().find(a.seller2.id()).orElseThrow().withActive(true));
    // A secretary sees only their own, like a seller.
    UserId secretary = a.member("Sofía", io.crmventas.core.tenant.Role.SECRETARY).id();
    assertThat(center.list(a.id, secretary, unread, PageRequest.first(10)).items()).isEmpty();
    assertThatThrownBy(() -> center.list(a.id, secretary, NotificationQuery.forRecipient(a.seller1.id()),
        PageRequest.first(10))).isInstanceOf(ForbiddenException.class);

    var counts = center.countUnread(a.id, a.seller1.id());
    assertThat(counts).containsEntry(Priority.CRITICAL, 1L).containsEntry(Priority.LOW, 1L)
        .containsEntry(Priority.HIGH, 0L);
    assertThat(NotificationCenter.total(counts)).isEqualTo(2);
    Notification theirs = center.list(a.id, a.seller2.id(), unread, PageRequest.first(10)).items().get(0);
    assertThat(center.markRead(a.id, a.seller1.id(), theirs.id())).isFalse();
    assertThat(center.markRead(a.id, a.ceo.id(), theirs.id())).isFalse();
    assertThat(center.markRead(a.id, a.seller2.id(), theirs.id())).isTrue();
    assertThat(center.markAllRead(a.id, a.seller1.id())).isEqualTo(2);
    assertThat(NotificationCenter.total(center.countUnread(a.id, a.seller1.id()))).isZero();
  }

  @Test
  void cleanUpDropsExpiredOnes() {
    clock.set(at("12:00:00"));
    Conversation c = organicConversation(a.seller1.id(), at("10:00:00"));
    leadSays(c, at("10:00:00"));
    clock.set(at("10:00:00").plus(Duration.ofDays(1)).plusSeconds(1));
    assertThat(checks.followUps(a.id)).isEqualTo(1);
    // A follow-up outlives the medium-priority week while its lead can still be due for it.
    clock.advance(Notifier.LOW_PRIORITY_LIFETIME);
    assertThat(center.cleanUp(a.id)).isZero();
    clock.advance(AlertSettings.FOLLOW_UP_MAX_AGE.defaultValue().plusDays(1).minus(Notifier.LOW_PRIORITY_LIFETIME));
    assertThat(center.cleanUp(a.id)).isEqualTo(1);
    assertThat(of(a.seller1.id())).isEmpty();
  }
}
