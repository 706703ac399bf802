package io.crmventas.core.store.jdbc;

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

/** The PostgreSQL view of one tenant. */
final class JdbcTenantStore implements TenantStore {
  private final Db db;
  private final TenantId tenant;

  JdbcTenantStore(Db db, TenantId tenant) {
    this.db = db;
    this.tenant = tenant;
  }

  @Override public TenantId tenantId() { return tenant; }
  @Override public MembershipStore members() { return new JdbcMembers(db, tenant); }
  @Override public LeadStore leads() { return new JdbcLeads(db, tenant); }
  @Override public ConversationStore conversations() { return new JdbcConversations(db, tenant); }
  @Override public MessageStore messages() { return new JdbcMessages(db, tenant); }
  @Override public AssignmentStore assignments() { return new JdbcAssignments(db, tenant); }
  @Override public AssignmentRuleStore assignmentRules() { return new JdbcRules(db, tenant); }
  @Override public AssignmentQueue assignmentQueue() { return new JdbcAssignmentQueue(db, tenant); }
  @Override public ScoreHistory scoreHistory() { return new JdbcScoreHistory(db, tenant); }
  @Override public AppointmentStore appointments() { return new JdbcAppointments(db, tenant); }
  @Override public NotificationStore notifications() { return new JdbcNotifications(db, tenant); }
  @Override public NotificationSettingsStore notificationSettings() { return new JdbcNotificationSettings(db, tenant); }
  @Override public SellerMetricsStore sellerMetrics() { return new JdbcMetrics(db, tenant); }
  @Override public ChatMemoryStore chatMemory() { return new JdbcChatMemory(db, tenant); }
  @Override public AuditLog audit() { return new JdbcAudit(db, tenant); }
  @Override public TenantInbox inbox() { return new JdbcTenantInbox(db, tenant); }
  @Override public MetricsQueries metricsQueries() { return new JdbcMetricsQueries(db, tenant); }
  @Override public AlertQueries alerts() { return new JdbcAlertQueries(db, tenant); }
}
