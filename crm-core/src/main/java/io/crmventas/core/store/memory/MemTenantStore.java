package io.crmventas.core.store.memory;

import io.crmventas.core.agenda.AppointmentStore;
import io.crmventas.core.assignment.AssignmentQueue;
import io.crmventas.core.assignment.AssignmentRuleStore;
import io.crmventas.core.assignment.AssignmentStore;
import io.crmventas.core.audit.AuditLog;
import io.crmventas.core.conversation.ConversationStore;
import io.crmventas.core.conversation.MessageStore;
import io.crmventas.core.inbox.TenantInbox;
import io.crmventas.core.lead.LeadStore;
import io.crmventas.core.memory.ChatMemoryStore;
import io.crmventas.core.metrics.MetricsQueries;
import io.crmventas.core.metrics.SellerMetricsStore;
import io.crmventas.core.notification.AlertQueries;
import io.crmventas.core.notification.NotificationSettingsStore;
import io.crmventas.core.notification.NotificationStore;
import io.crmventas.core.scoring.ScoreHistory;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.MembershipStore;
import io.crmventas.core.tenant.TenantId;

/** The in-memory view of one tenant. */
final class MemTenantStore implements TenantStore {
  private final MemoryDb db;
  private final TenantId tenant;

  MemTenantStore(MemoryDb db, TenantId tenant) {
    this.db = db;
    this.tenant = tenant;
  }

  @Override public TenantId tenantId() { return tenant; }
  @Override public MembershipStore members() { return new MemMembers(db, tenant); }
  @Override public LeadStore leads() { return new MemLeads(db, tenant); }
  @Override public ConversationStore conversations() { return new MemConversations(db, tenant); }
  @Override public MessageStore messages() { return new MemMessages(db, tenant); }
  @Override public AssignmentStore assignments() { return new MemAssignments(db, tenant); }
  @Override public AssignmentRuleStore assignmentRules() { return new MemRules(db, tenant); }
  @Override public AssignmentQueue assignmentQueue() { return new MemAssignmentQueue(db, tenant); }
  @Override public ScoreHistory scoreHistory() { return new MemScoreHistory(db, tenant); }
  @Override public AppointmentStore appointments() { return new MemAppointments(db, tenant); }
  @Override public NotificationStore notifications() { return new MemNotifications(db, tenant); }
  @Override public NotificationSettingsStore notificationSettings() { return new MemNotificationSettings(db, tenant); }
  @Override public SellerMetricsStore sellerMetrics() { return new MemMetrics(db, tenant); }
  @Override public ChatMemoryStore chatMemory() { return new MemChatMemory(db, tenant); }
  @Override public AuditLog audit() { return new MemAudit(db, tenant); }
  @Override public TenantInbox inbox() { return new MemTenantInbox(db, tenant); }
  @Override public MetricsQueries metricsQueries() { return new MemMetricsQueries(db, tenant); }
  @Override public AlertQueries alerts() { return new MemAlertQueries(db, tenant); }
}
