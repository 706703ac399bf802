package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.CrmException;
import io.crmventas.core.agenda.Appointment;
import io.crmventas.core.agenda.AppointmentId;
import io.crmventas.core.agenda.AppointmentSource;
import io.crmventas.core.agenda.AppointmentStatus;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentExplanation;
import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.assignment.AssignmentKind;
import io.crmventas.core.assignment.AssignmentRule;
import io.crmventas.core.assignment.AssignmentRuleId;
import io.crmventas.core.assignment.AssignmentStrategy;
import io.crmventas.core.assignment.CandidatePool;
import io.crmventas.core.assignment.StaleAction;
import io.crmventas.core.audit.AuditEvent;
import io.crmventas.core.audit.AuditEventId;
import io.crmventas.core.audit.AuditQuery;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationQuery;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadQuery;
import io.crmventas.core.memory.ChatMemory;
import io.crmventas.core.metrics.SellerMetricsSnapshot;
import io.crmventas.core.notification.Notification;
import io.crmventas.core.notification.NotificationQuery;
import io.crmventas.core.notification.NotificationSettings;
import io.crmventas.core.notification.Priority;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.testing.TenantFixture;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation: with tenant A full of data, tenant B sees none of it through any path,
 * and cannot change it or point at it, not even by handing A's ids or A's records to B's view.
 */
public abstract class TenantIsolationContract extends StoreContract {
  private TenantFixture b;
  private Lead lead;
  private Conversation conversation;
  private Message message;
  private Notification notification;
  private Appointment appointment;
  private Assignment assignment;
  private AssignmentRule rule;
  private AuditEvent audit;
  private InboxEvent inboxEvent;

  @BeforeEach
  void fillTenantA() {
    b = anotherTenant();
    lead = a.t.leads().create(a.leadBuilder().name("Secret Lead").assignedSellerId(a.seller1.id()).tags(java.util.List.of("vip")).build());
    conversation = a.conversation(lead);
    message = a.inboundText(conversation, "secret", "wamid.secret", clock.instant());
    a.t.conversations().append(message);
    notification = a.t.notifications().create(a.notification(a.seller1.id(), "secret", Priority.CRITICAL, clock.instant())).value();
    a.t.notificationSettings().save(NotificationSettings.defaults(a.id, a.seller1.id(), clock.instant()));
    appointment = a.t.appointments().create(new Appointment(AppointmentId.of(UUID.randomUUID()), a.id, a.seller1.id(),
        Optional.of(lead.id()), "Secret meeting", clock.instant(), clock.instant().plusSeconds(1800),
        AppointmentStatus.SCHEDULED, AppointmentSource.MANUAL, Optional.empty(), clock.instant(), clock.instant()));
    assignment = a.t.assignments().record(new Assignment(AssignmentId.of(UUID.randomUUID()), a.id, lead.id(),
        Optional.of(a.seller1.id()), Optional.empty(), AssignmentKind.MANUAL, Optional.empty(), Optional.of(a.ceo.id()),
        Optional.empty(), AssignmentExplanation.manual(a.seller1.id(), "x"), clock.instant()));
    rule = a.t.assignmentRules().create(new AssignmentRule(AssignmentRuleId.of(UUID.randomUUID()), a.id, "secret rule", 1,
        true, Set.of(), new TreeSet<>(), Set.of(), AssignmentStrategy.ROUND_ROBIN, CandidatePool.ALL_SELLERS,
        Optional.empty(), StaleAction.REASSIGN, clock.instant()));
    a.t.sellerMetrics().upsert(new SellerMetricsSnapshot(a.id, a.seller1.id(), LocalDate.of(2026, 11, 24), Map.of("x", 1.0),
        clock.instant()));
    a.t.chatMemory().save(new ChatMemory(a.id, "mem-1", "secret", clock.instant()));
    audit = a.t.audit().append(new AuditEvent(AuditEventId.of(UUID.randomUUID()), a.id, Optional.of(a.ceo.id()), "lead.created",
        "lead", lead.id().toString(), Map.of(), clock.instant()));
    inboxEvent = store.inbox().append(InboxEvent.received(InboxEventId.of(UUID.randomUUID()), a.id, "ycloud",
        "evt-" + UUID.randomUUID(), "t", "{}", clock.instant())).value();
  }

  @Test
  void tenantBReadsNothingOfTenantA() {
    var t = b.t;
    assertThat(t.members().find(a.seller1.id())).isEmpty();
    assertThat(t.members().list()).extracting(m -> m.userId()).doesNotContain(a.ceo.id(), a.seller1.id(), a.seller2.id());
    assertThat(t.leads().find(lead.id())).isEmpty();
    assertThat(t.leads().findByPhone(lead.phone().orElseThrow())).isEmpty();
    assertThat(t.leads().list(LeadQuery.ALL, PageRequest.first(100)).items()).isEmpty();
    assertThat(t.leads().count(LeadQuery.builder().tag("vip").build())).isZero();
    assertThat(t.leads().list(LeadQuery.builder().assignedTo(a.seller1.id()).build(), PageRequest.first(10)).items()).isEmpty();
    assertThat(t.conversations().find(conversation.id())).isEmpty();
    assertThat(t.conversations().findByLead(lead.id(), "whatsapp")).isEmpty();
    assertThat(t.conversations().list(ConversationQuery.ALL, PageRequest.first(100)).items()).isEmpty();
    assertThat(t.conversations().count(ConversationQuery.ofSeller(a.seller1.id()))).isZero();
    assertThat(t.messages().find(message.id())).isEmpty();
    assertThat(t.messages().findByProviderId("wamid.secret")).isEmpty();
    assertThat(t.messages().list(conversation.id(), PageRequest.first(10)).items()).isEmpty();
    assertThat(t.messages().latest(conversation.id(), 10)).isEmpty();
    assertThat(t.assignments().history(lead.id())).isEmpty();
    assertThat(t.assignments().list(Optional.empty(), Optional.empty(), PageRequest.first(10)).items()).isEmpty();
    assertThat(t.assignmentRules().find(rule.id())).isEmpty();
    assertThat(t.assignmentRules().list()).isEmpty();
    assertThat(t.appointments().find(appointment.id())).isEmpty();
    assertThat(t.appointments().between(Optional.empty(), clock.instant().minusSeconds(10), clock.instant().plusSeconds(10), false)).isEmpty();
    assertThat(t.appointments().forLead(lead.id())).isEmpty();
    assertThat(t.notifications().find(notification.id())).isEmpty();
    assertThat(t.notifications().list(NotificationQuery.wholeTenant(), PageRequest.first(10)).items()).isEmpty();
    assertThat(t.notifications().countUnread(a.seller1.id()).values()).containsOnly(0L);
    assertThat(t.notificationSettings().find(a.seller1.id())).isEmpty();
    assertThat(t.sellerMetrics().between(Optional.empty(), LocalDate.MIN, LocalDate.MAX)).isEmpty();
    assertThat(t.sellerMetrics().find(a.seller1.id(), LocalDate.of(2026, 11, 24))).isEmpty();
    assertThat(t.chatMemory().find("mem-1")).isEmpty();
    assertThat(t.audit().list(AuditQuery.ALL, PageRequest.first(10)).items()).isEmpty();
    assertThat(t.inbox().find(inboxEvent.id())).isEmpty();
    assertThat(t.inbox().list(InboxStatus.PENDING, PageRequest.first(10)).items()).isEmpty();
    assertThat(t.inbox().countByStatus().values()).containsOnly(0L);
  }

  @Test
  void tenantBCannotChangeTenantAsRows() {
    var t = b.t;
    assertThatThrownBy(() -> t.leads().update(lead.withTags(java.util.List.of("stolen")))).isInstanceOf(CrmException.class);
    assertThatThrownBy(() -> t.assignmentRules().update(rule)).isInstanceOf(CrmException.class);
    assertThatThrownBy(() -> t.appointments().update(appointment)).isInstanceOf(CrmException.class);
    assertThatThrownBy(() -> t.conversations().setStatus(conversation.id(), ConversationStatus.CLOSED)).isInstanceOf(CrmException.class);
    assertThatThrownBy(() -> t.messages().setTranscript(message.id(), "x")).isInstanceOf(CrmException.class);
    assertThatThrownBy(() -> t.messages().markSent(message.id(), "w", DeliveryStatus.SENT)).isInstanceOf(CrmException.class);
    assertThat(t.messages().advanceDeliveryStatus("wamid.secret", DeliveryStatus.READ)).isEmpty();
    assertThat(t.notifications().markRead(notification.id(), a.seller1.id(), clock.instant())).isFalse();
    assertThat(t.notifications().markAllRead(a.seller1.id(), clock.instant())).isZero();
    assertThat(t.notifications().deleteExpired(clock.instant().plus(Duration.ofDays(10000)))).isZero();
    assertThat(t.notifications().trimPerRecipient(0)).isZero();
    assertThat(t.assignmentRules().delete(rule.id())).isFalse();
    assertThat(t.chatMemory().delete("mem-1")).isFalse();
    assertThat(t.sellerMetrics().deleteBefore(LocalDate.MAX)).isZero();
    assertThat(t.conversations().assignLead(lead.id(), Optional.empty())).isZero();
    assertThat(t.inbox().retry(inboxEvent.id())).isFalse();

    assertThat(a.t.leads().find(lead.id())).map(Lead::tags).contains(new TreeSet<>(Set.of("vip")));
    assertThat(a.t.notifications().find(notification.id())).contains(notification);
    assertThat(a.t.assignmentRules().list()).containsExactly(rule);
    assertThat(a.t.chatMemory().find("mem-1")).isPresent();
    assertThat(a.t.conversations().find(conversation.id()).orElseThrow().status()).isEqualTo(ConversationStatus.OPEN);
    assertThat(a.t.conversations().find(conversation.id()).orElseThrow().assignedSellerId()).contains(a.seller1.id());
    assertThat(a.t.messages().find(message.id())).contains(message);
    assertThat(a.t.sellerMetrics().between(Optional.empty(), LocalDate.MIN, LocalDate.MAX)).hasSize(1);
    assertThat(a.t.audit().list(AuditQuery.ALL, PageRequest.first(10)).items()).containsExactly(audit);
    assertThat(a.t.assignments().history(lead.id())).containsExactly(assignment);
  }

  @Test
  void tenantBCannotPointAtTenantAsRows() {
    var t = b.t;
    assertThatThrownBy(() -> t.leads().create(b.leadBuilder().assignedSellerId(a.seller1.id()).build()))
        .isInstanceOf(CrmException.class);
    assertThatThrownBy(() -> b.conversation(lead)).isInstanceOf(CrmException.class);
    assertThatThrownBy(() -> t.conversations().append(b.inboundText(conversation, "x", "w-b", clock.instant())))
        .isInstanceOf(CrmException.class);
    assertThatThrownBy(() -> t.notifications().create(b.notification(a.seller1.id(), "k", Priority.LOW, clock.instant())))
        .isInstanceOf(CrmException.class);
    assertThatThrownBy(() -> t.chatMemory().save(new ChatMemory(a.id, "mem-1", "overwrite", clock.instant())))
        .isInstanceOf(CrmException.class);
    assertThatThrownBy(() -> t.audit().append(new AuditEvent(AuditEventId.of(UUID.randomUUID()), a.id, Optional.empty(),
        "lead.created", "lead", "x", Map.of(), clock.instant()))).isInstanceOf(CrmException.class);
    assertThat(a.t.chatMemory().find("mem-1")).map(ChatMemory::payload).contains("secret");
    assertThat(t.leads().list(LeadQuery.ALL, PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void claimedEventsCarryTheirTenant() {
    for (InboxEvent e : store.inbox().claim("w", Set.of("ycloud"), 1000, Duration.ofSeconds(30))) {
      if (e.id().equals(inboxEvent.id())) {
        assertThat(e.tenantId()).isEqualTo(a.id);
      }
      store.inbox().release(e.id(), e.lease().orElseThrow().token());
    }
  }
}
