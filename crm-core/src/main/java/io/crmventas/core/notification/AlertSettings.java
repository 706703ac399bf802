package io.crmventas.core.notification;

import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.tenant.Setting;
import io.crmventas.core.tenant.TenantSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The tenant settings of the notification checks, each with its default. */
public final class AlertSettings {
  private AlertSettings() {}

  private static Setting<Duration> duration(String key, Duration def) {
    return Setting.duration(key, def, Duration.ofMinutes(1), Duration.ofDays(365));
  }

  /** An assigned conversation waiting this long notifies its seller (default 1 h). */
  public static final Setting<Duration> UNANSWERED_AFTER = duration("notifications.unanswered.after", Duration.ofHours(1));
  /** Waiting this long also notifies the CEO, as critical (default 4 h). */
  public static final Setting<Duration> UNANSWERED_CEO_AFTER =
      duration("notifications.unanswered.ceo_after", Duration.ofHours(4));

  /** A HOT lead notifies if its last message is this recent (default 2 h). */
  public static final Setting<Duration> HOT_LEAD_ACTIVE_WITHIN =
      duration("notifications.hot_lead.active_within", Duration.ofHours(2));
  /** A hot lead scoring at least this also notifies the CEO, as critical (default 90). */
  public static final Setting<Integer> HOT_LEAD_CEO_SCORE = Setting.integer("notifications.hot_lead.ceo_score", 90, 0, 101);

  /** Follow up a NEW lead after this long without interaction (default 1 day). */
  public static final Setting<Duration> FOLLOW_UP_NEW = duration("notifications.follow_up.new", Duration.ofDays(1));
  /** ... a CONTACTED lead (default 2 days). */
  public static final Setting<Duration> FOLLOW_UP_CONTACTED =
      duration("notifications.follow_up.contacted", Duration.ofDays(2));
  /** ... a QUALIFIED lead (default 2 days). */
  public static final Setting<Duration> FOLLOW_UP_QUALIFIED =
      duration("notifications.follow_up.qualified", Duration.ofDays(2));
  /** ... a lead with a meeting scheduled (default 3 days). */
  public static final Setting<Duration> FOLLOW_UP_MEETING_SCHEDULED =
      duration("notifications.follow_up.meeting_scheduled", Duration.ofDays(3));
  /** Leads silent for longer than the threshold plus this are no longer reminded (default 14 days). */
  public static final Setting<Duration> FOLLOW_UP_MAX_AGE = Setting.duration("notifications.follow_up.max_age",
      Duration.ofDays(14), Duration.ZERO, Duration.ofDays(3650));
  /** At most this many follow-ups per seller per check run, longest silent first (default 20). */
  public static final Setting<Integer> FOLLOW_UP_PER_RUN = Setting.integer("notifications.follow_up.per_run", 20, 0, 10_000);

  /** Warn when this share of the first-response target has passed without a reply (default 0.8). */
  public static final Setting<Double> SLA_WARNING_AT = Setting.fraction("notifications.sla.warning_at", 0.8);

  /** The period the performance check looks at, in days ending today (default 7). */
  public static final Setting<Integer> PERFORMANCE_DAYS = Setting.integer("notifications.performance.days", 7, 1, 90);
  /** A median response time above this notifies the seller (default 30 min). */
  public static final Setting<Duration> PERFORMANCE_RESPONSE_LIMIT =
      duration("notifications.performance.response_limit", Duration.ofMinutes(30));
  /** A median response time above this also notifies the CEO, as critical (default 60 min). */
  public static final Setting<Duration> PERFORMANCE_RESPONSE_SEVERE =
      duration("notifications.performance.response_severe", Duration.ofMinutes(60));
  /** Responses needed before the response time is judged (default 5). */
  public static final Setting<Integer> PERFORMANCE_MIN_RESPONSES =
      Setting.integer("notifications.performance.min_responses", 5, 1, 100_000);
  /** A conversion rate (0 to 1) below this notifies the seller (default 0.05). */
  public static final Setting<Double> PERFORMANCE_MIN_CONVERSION =
      Setting.fraction("notifications.performance.min_conversion", 0.05);
  /** Leads assigned in the period before conversion is judged (default 10). */
  public static final Setting<Integer> PERFORMANCE_MIN_LEADS =
      Setting.integer("notifications.performance.min_leads", 10, 1, 100_000);

  /** The local hour (tenant zone) from which the CEO's report of the previous day is sent (default 8). */
  public static final Setting<Integer> DAILY_REPORT_HOUR = Setting.integer("notifications.daily_report.hour", 8, 0, 23);

  /** The follow-up threshold per lead status (statuses without one are never followed up). */
  public static Map<LeadStatus, Duration> followUpThresholds(TenantSettings s) {
    Map<LeadStatus, Duration> m = new EnumMap<>(LeadStatus.class);
    m.put(LeadStatus.NEW, s.get(FOLLOW_UP_NEW));
    m.put(LeadStatus.CONTACTED, s.get(FOLLOW_UP_CONTACTED));
    m.put(LeadStatus.QUALIFIED, s.get(FOLLOW_UP_QUALIFIED));
    m.put(LeadStatus.MEETING_SCHEDULED, s.get(FOLLOW_UP_MEETING_SCHEDULED));
    return m;
  }
}
