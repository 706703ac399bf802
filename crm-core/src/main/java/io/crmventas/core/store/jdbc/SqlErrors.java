package io.crmventas.core.store.jdbc;

import io.crmventas.core.ConflictException;
import io.crmventas.core.CrmException;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.RetriableException;
import io.crmventas.core.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns PostgreSQL errors into the CRM's exceptions. The schema's constraint names are the
 * key: each unique constraint maps to a rule name, each foreign key to the field it guards,
 * so both stores report a broken rule the same way.
 */
final class SqlErrors {
  private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([^\"]+)\"");
  private static final Pattern KEY_VALUE = Pattern.compile("\\)=\\(([^)]*)\\)");

  /** Unique rules whose key is personal data, left out of messages. */
  private static final java.util.Set<String> PERSONAL_KEYS =
      java.util.Set.of("lead.phone.unique", "lead.channelUserId.unique", "user.email.unique");
  private static final Map<String, String> UNIQUE_RULES = Map.ofEntries(
      Map.entry("tenants_pkey", "tenant.id.unique"),
      Map.entry("users_pkey", "user.id.unique"),
      Map.entry("users_email_uq", "user.email.unique"),
      Map.entry("memberships_pk", "membership.unique"),
      Map.entry("leads_pk", "lead.id.unique"),
      Map.entry("leads_phone_uq", "lead.phone.unique"),
      Map.entry("leads_channel_user_uq", "lead.channelUserId.unique"),
      Map.entry("conversations_pk", "conversation.id.unique"),
      Map.entry("conversations_lead_channel_uq", "conversation.lead_channel.unique"),
      Map.entry("messages_pk", "message.id.unique"),
      Map.entry("messages_provider_id_uq", "message.provider_id.unique"),
      Map.entry("assignment_rules_pk", "assignment_rule.id.unique"),
      Map.entry("assignment_rules_name_uq", "assignment_rule.name.unique"),
      Map.entry("assignments_pk", "assignment.id.unique"),
      Map.entry("appointments_pk", "appointment.id.unique"),
      Map.entry("notifications_pk", "notification.id.unique"),
      Map.entry("notifications_dedup_uq", "notification.dedup_key.unique"),
      Map.entry("inbox_pkey", "inbox.id.unique"),
      Map.entry("inbox_event_uq", "inbox.event.unique"),
      Map.entry("audit_events_pk", "audit_event.id.unique"),
      Map.entry("lead_score_history_pk", "score_change.id.unique"));

  /** Foreign keys whose target is the tenant or a global row: a missing target is "not found". */
  private static final Map<String, String> MISSING_PARENT = Map.of(
      "memberships_tenant_fk", "tenant",
      "memberships_user_fk", "user",
      "leads_tenant_fk", "tenant",
      "assignment_rules_tenant_fk", "tenant",
      "inbox_tenant_fk", "tenant",
      "chat_memory_tenant_fk", "tenant",
      "audit_events_tenant_fk", "tenant");

  /** Foreign keys to members of the tenant: the field that names the member. */
  private static final Map<String, String> MEMBER_FIELDS = Map.ofEntries(
      Map.entry("leads_seller_fk", "assignedSellerId"),
      Map.entry("conversations_seller_fk", "assignedSellerId"),
      Map.entry("messages_author_fk", "authorUserId"),
      Map.entry("assignments_seller_fk", "sellerId"),
      Map.entry("assignments_previous_fk", "previousSellerId"),
      Map.entry("assignments_by_fk", "assignedBy"),
      Map.entry("appointments_seller_fk", "sellerId"),
      Map.entry("notifications_recipient_fk", "recipientId"),
      Map.entry("notification_settings_user_fk", "userId"),
      Map.entry("seller_metrics_seller_fk", "sellerId"),
      Map.entry("audit_events_actor_fk", "actorId"));

  /** Foreign keys to other tenant-owned rows: the field that points at the row. */
  private static final Map<String, String> ROW_FIELDS = Map.of(
      "conversations_lead_fk", "leadId",
      "lead_score_history_lead_fk", "leadId",
      "assignment_queue_lead_fk", "leadId",
      "messages_conversation_fk", "conversationId",
      "assignments_lead_fk", "leadId",
      "appointments_lead_fk", "leadId");

  private SqlErrors() {}

  static CrmException translate(SQLException e, String what) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String constraint = constraintOf(e);
    switch (state) {
      case "23505" -> {
        String rule = UNIQUE_RULES.getOrDefault(constraint, constraint);
        if (PERSONAL_KEYS.contains(rule)) {
          // The key is a phone number, user id or e-mail: the caller has it, logs must not. The
          // driver's exception says it too, so it is not kept as the cause.
          return new ConflictException(rule, "duplicate: " + rule + " (another row of the tenant has it)");
        }
        return new ConflictException(rule, "duplicate: " + rule + " (" + keyValue(e) + ")", e);
      }
      case "23503" -> {
        if (MISSING_PARENT.containsKey(constraint)) {
          return new NotFoundException(MISSING_PARENT.get(constraint), lastOf(keyValue(e)));
        }
        if (MEMBER_FIELDS.containsKey(constraint)) {
          return new InvalidInputException(MEMBER_FIELDS.get(constraint), lastOf(keyValue(e)),
              "is not a member of tenant " + firstOf(keyValue(e)));
        }
        String field = ROW_FIELDS.getOrDefault(constraint, constraint);
        return new InvalidInputException(field, lastOf(keyValue(e)), "does not exist in tenant " + firstOf(keyValue(e)));
      }
      // 22021 and 22P05: a character the database cannot store (U+0000 in text or jsonb).
      case "23514", "23502", "22001", "22P02", "22007", "22008", "22021", "22P05" -> {
        return new InvalidInputException(constraint == null ? "value" : constraint, null,
            "was rejected by the database: " + firstLine(e.getMessage()));
      }
      default -> { }
    }
    if (isRace(e) || state.equals("55P03")) {
      return new RetriableException("lost a concurrent race in " + what + ": " + firstLine(e.getMessage()), e);
    }
    if (isUnavailable(state) || e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException) {
      return new StoreUnavailableException("PostgreSQL is unavailable (" + firstLine(e.getMessage()) + ")", e);
    }
    return new CrmException("database error in " + abbreviate(what) + ": " + firstLine(e.getMessage()), e);
  }

  /**
   * States that say the server cannot do the work now, whatever the statement: the connection
   * (class 08), an administrator's or a crash's shutdown (57P01-57P03), a statement cancelled or
   * over its {@code statement_timeout} (57014), a standby that took over and is read-only (25006),
   * insufficient resources such as a full disk, memory or connections (class 53), and the
   * server's own system errors such as an I/O error (class 58).
   */
  static boolean isUnavailable(String state) {
    return state.startsWith("08") || state.startsWith("53") || state.startsWith("58")
        || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") || state.equals("57014")
        || state.equals("25006");
  }

  /** Deadlock or serialization failure: the statement was rolled back and may be retried. */
  static boolean isRace(SQLException e) {
    return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
  }

  /** The violated constraint, from the driver's structured error when it has one. */
  private static String constraintOf(SQLException e) {
    try {
      Object server = e.getClass().getMethod("getServerErrorMessage").invoke(e);
      if (server != null) {
        Object name = server.getClass().getMethod("getConstraint").invoke(server);
        if (name != null) {
          return name.toString();
        }
      }
    } catch (ReflectiveOperationException | RuntimeException ignored) {
      // Not the PostgreSQL driver, or an older one: fall back to the message.
    }
    Matcher m = CONSTRAINT.matcher(String.valueOf(e.getMessage()));
    return m.find() ? m.group(1) : null;
  }

  private static String keyValue(SQLException e) {
    Matcher m = KEY_VALUE.matcher(String.valueOf(e.getMessage()));
    return m.find() ? m.group(1) : "?";
  }

  private static String firstOf(String csv) {
    int comma = csv.indexOf(',');
    return comma < 0 ? csv : csv.substring(0, comma).strip();
  }

  private static String lastOf(String csv) {
    int comma = csv.lastIndexOf(',');
    return comma < 0 ? csv : csv.substring(comma + 1).strip();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static String abbreviate(String sql) {
    String s = sql.replaceAll("\\s+", " ").strip();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
