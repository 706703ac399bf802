package io.crmventas.core.store.memory;

import io.crmventas.core.agenda.Appointment;
import io.crmventas.core.agenda.AppointmentId;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.assignment.AssignmentRule;
import io.crmventas.core.assignment.AssignmentRuleId;
import io.crmventas.core.assignment.QueuedLead;
import io.crmventas.core.audit.AuditEvent;
import io.crmventas.core.audit.AuditEventId;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.memory.ChatMemory;
import io.crmventas.core.metrics.SellerMetricsSnapshot;
import io.crmventas.core.notification.Notification;
import io.crmventas.core.notification.NotificationId;
import io.crmventas.core.notification.NotificationSettings;
import io.crmventas.core.scoring.ScoreChange;
import io.crmventas.core.scoring.ScoreChangeId;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One tenant's rows: a tenant view can reach nothing else. Guarded by {@link MemoryDb}'s lock. */
final class TenantData {
  final TenantId id;
  final Map<UserId, Membership> members = new TreeMap<>();
  final Map<LeadId, Lead> leads = new HashMap<>();
  final Map<PhoneNumber, LeadId> leadsByPhone = new HashMap<>();
  final Map<ChannelUserId, LeadId> leadsByUserId = new HashMap<>();
  final Map<ConversationId, Conversation> conversations = new HashMap<>();
  final Map<LeadChannel, ConversationId> conversationsByLead = new HashMap<>();
  final Map<MessageId, Message> messages = new HashMap<>();
  final Map<String, MessageId> messagesByProvider = new HashMap<>();
  final Map<ConversationId, Set<MessageId>> messagesByConversation = new HashMap<>();
  final Map<AssignmentId, Assignment> assignments = new HashMap<>();
  final Map<LeadId, Set<AssignmentId>> assignmentsByLead = new HashMap<>();
  final Map<AssignmentRuleId, AssignmentRule> rules = new HashMap<>();
  final Map<AppointmentId, Appointment> appointments = new HashMap<>();
  final Map<NotificationId, Notification> notifications = new HashMap<>();
  final Map<NotificationKey, NotificationId> notificationKeys = new HashMap<>();
  /** Keys kept after their notification was trimmed, with when (also in {@link #notificationKeys}). */
  final Map<NotificationKey, java.time.Instant> trimmedKeys = new HashMap<>();
  final Map<UserId, NotificationSettings> notificationSettings = new HashMap<>();
  final Map<SnapshotKey, SellerMetricsSnapshot> metrics = new HashMap<>();
  final Map<String, ChatMemory> chatMemory = new HashMap<>();
  final Map<AuditEventId, AuditEvent> audit = new HashMap<>();
  final Map<LeadId, QueuedLead> queue = new HashMap<>();
  final Map<ScoreChangeId, ScoreChange> scoreChanges = new HashMap<>();
  final Map<LeadId, Set<ScoreChangeId>> scoreChangesByLead = new HashMap<>();

  record LeadChannel(LeadId lead, String channel) {}

  record NotificationKey(UserId recipient, String dedupKey) {}

  record SnapshotKey(UserId seller, LocalDate period) {}

  TenantData(TenantId id) {
    this.id = id;
  }

  /** Each lead's conversations (one pass over all of them, for queries that visit many leads). */
  Map<LeadId, java.util.List<Conversation>> conversationsPerLead() {
    Map<LeadId, java.util.List<Conversation>> out = new HashMap<>();
    for (Conversation c : conversations.values()) {
      out.computeIfAbsent(c.leadId(), k -> new java.util.ArrayList<>()).add(c);
    }
    return out;
  }

  boolean isMember(UserId user) {
    return members.containsKey(user);
  }
}
