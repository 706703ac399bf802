package io.crmventas.core.store;

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
import io.crmventas.core.tenant.MembershipStore;
import io.crmventas.core.tenant.TenantId;

/**
 * One tenant's data. Every store it hands out reads and writes only this tenant's rows; an id
 * that belongs to another tenant is simply not found, and a reference to another tenant's
 * entity is rejected. Thread-safe.
 */
public interface TenantStore {

  /** The tenant this view is bound to. */
  TenantId tenantId();

  /** Members and their roles and seller profiles. */
  MembershipStore members();

  /** Leads. */
  LeadStore leads();

  /** Conversations, and appending messages to them. */
  ConversationStore conversations();

  /** Reading and updating stored messages. */
  MessageStore messages();

  /** The assignment history. */
  AssignmentStore assignments();

  /** Leads waiting for a seller. */
  AssignmentQueue assignmentQueue();

  /** The history of lead scores. */
  ScoreHistory scoreHistory();

  /** Assignment rules. */
  AssignmentRuleStore assignmentRules();

  /** Sellers' agendas. */
  AppointmentStore appointments();

  /** Notifications. */
  NotificationStore notifications();

  /** Per-user notification preferences. */
  NotificationSettingsStore notificationSettings();

  /** Daily seller metric snapshots. */
  SellerMetricsStore sellerMetrics();

  /** The assistant's conversation memory. */
  ChatMemoryStore chatMemory();

  /** The audit trail. */
  AuditLog audit();

  /** This tenant's inbox events, for inspection and retrying dead letters. */
  TenantInbox inbox();

  /** Seller activity computed from the raw data, for metrics and dashboards. */
  MetricsQueries metricsQueries();

  /** The conditions the notification checks report. */
  AlertQueries alerts();
}
