package io.crmventas.core.notification;

import io.crmventas.core.NotFoundException;
import io.crmventas.core.internal.Texts;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.metrics.Dashboard;
import io.crmventas.core.metrics.MetricsService;
import io.crmventas.core.metrics.MetricsSettings;
import io.crmventas.core.metrics.SellerMetrics;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.TenantSettings;
import io.crmventas.core.tenant.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The periodic notification checks: unanswered conversations, hot leads, follow-ups, SLA
 * warnings, seller performance and the CEO's daily report. Each check is one set-based query
 * ({@link AlertQueries}) and one batched write; every notification carries a dedup key naming the
 * occurrence (the conversation and the moment it started waiting, the lead and the moment it
 * became hot, the assignment, the seller and the day...), so running the checks again creates
 * nothing new until a condition occurs again. Thresholds are tenant settings
 * ({@link AlertSettings}); texts follow the tenant's locale. Thread-safe.
 */
public final class NotificationChecks {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NotificationChecks.class);
  static final String BUNDLE = "io.crmventas.core.notification.NotificationTexts";

  private final CrmStore store;
  private final Clock clock;
  private final Notifier notifier;
  private final MetricsService metrics;

  /**
   * @param metrics computes the dashboards the performance check and the daily report read
   */
  public NotificationChecks(CrmStore store, Clock clock, Notifier notifier, MetricsService metrics) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** What one run created, per type. */
  public record Report(TenantId tenantId, Map<NotificationType, Integer> created) {
    public Report {
      created = Map.copyOf(created);
    }

    public int total() {
      return created.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Runs every check for the tenant (reading the tenant, its CEOs and the clock once). */
  public Report runAll(TenantId tenant) {
    Run r = new Run(tenant);
    Map<NotificationType, Integer> created = new EnumMap<>(NotificationType.class);
    // One check that fails (a setting that no longer reads, a dashboard that cannot be computed)
    // is logged and counts zero; the others still run.
    created.put(NotificationType.UNANSWERED, guarded(tenant, "unanswered", () -> unanswered(r)));
    created.put(NotificationType.HOT_LEAD, guarded(tenant, "hot leads", () -> hotLeads(r)));
    created.put(NotificationType.FOLLOW_UP, guarded(tenant, "follow-ups", () -> followUps(r)));
    created.put(NotificationType.SLA_WARNING, guarded(tenant, "SLA warnings", () -> slaWarnings(r)));
    created.put(NotificationType.PERFORMANCE, guarded(tenant, "performance", () -> performance(r)));
    created.put(NotificationType.DAILY_REPORT, guarded(tenant, "daily report", () -> dailyReport(r)));
    return new Report(tenant, created);
  }

  private static int guarded(TenantId tenant, String check, java.util.function.IntSupplier run) {
    try {
      return run.getAsInt();
    } catch (RuntimeException e) {
      LOG.warn("tenant={} notification check '{}' failed; the others ran: {}", tenant, check, e.toString());
      return 0;
    }
  }

  /** The context of one check: tenant, texts, CEOs and names. */
  private final class Run {
    final Tenant tenant;
    final TenantStore t;
    final Texts texts;
    final Instant now;
    final List<UserId> ceos;
    final Map<UserId, String> names = new HashMap<>();
    final List<NotificationDraft> drafts = new ArrayList<>();

    Run(TenantId id) {
      tenant = store.tenants().find(id).orElseThrow(() -> new NotFoundException("tenant", id));
      t = store.tenant(id);
      texts = Texts.of(BUNDLE, tenant.locale());
      now = clock.instant();
      ceos = t.members().withRole(Role.CEO).stream().filter(Membership::active).map(Membership::userId).toList();
    }

    TenantSettings settings() {
      return tenant.settings();
    }

    String name(UserId user) {
      return names.computeIfAbsent(user, u -> store.users().find(u).map(x -> x.name()).orElse(u.toString()));
    }

    /** Members who can no longer read notifications (deactivated), read once per run. */
    private java.util.Set<UserId> inactive;

    /**
     * Queues a notification; {@code key} names its texts, {@code args} fill them. Nothing is
     * queued for a deactivated member, who could never read it (their leads still reach the CEO
     * through the CEO's own checks).
     */
    void add(UserId to, NotificationType type, Priority priority, String key, Optional<RelatedEntity> related,
        String dedupKey, Map<String, String> data, Object... args) {
      if (inactive == null) {
        inactive = t.members().list().stream().filter(m -> !m.active()).map(Membership::userId)
            .collect(java.util.stream.Collectors.toSet());
      }
      if (inactive.contains(to)) {
        return;
      }
      drafts.add(new NotificationDraft(to, type, priority, texts.get(key + ".title", args),
          texts.get(key + ".message", args), data, related, dedupKey));
    }

    /** Sends what was queued, in one write, and empties the queue; returns how many were created. */
    int send() {
      int created = notifier.sendAll(tenant.id(), drafts).size();
      drafts.clear();
      return created;
    }
  }

  private static String label(Lead lead) {
    return lead.name().orElse(lead.contact().label());
  }

  private static Optional<RelatedEntity> leadEntity(Lead lead) {
    return Optional.of(new RelatedEntity("lead", lead.id().value().toString()));
  }

  private static long minutes(Duration d) {
    return d.toMinutes();
  }

  /** "4 h" for whole hours, else "90 min": the same in every language the texts ship in. */
  private static String hoursOrMinutes(Duration d) {
    long m = d.toMinutes();
    return m % 60 == 0 ? m / 60 + " h" : m + " min";
  }

  /** Whole minutes, a started minute counted as one; 0 for a negative duration. */
  private static long minutesRoundedUp(Duration d) {
    return (Math.max(0, d.toSeconds()) + 59) / 60;
  }

  /**
   * Conversations waiting for their seller's reply: over {@link AlertSettings#UNANSWERED_AFTER}
   * to the seller (high); over {@link AlertSettings#UNANSWERED_CEO_AFTER} also to the CEO
   * (critical). One per conversation per wait.
   */
  public int unanswered(TenantId tenant) {
    return unanswered(new Run(tenant));
  }

  private int unanswered(Run r) {
    Duration after = r.settings().get(AlertSettings.UNANSWERED_AFTER);
    Duration ceoAfter = r.settings().get(AlertSettings.UNANSWERED_CEO_AFTER);
    for (Alerts.Waiting w : r.t.alerts().waitingSince(r.now.minus(after), "unanswered", Optional.empty())) {
      r.add(w.sellerId(), NotificationType.UNANSWERED, Priority.HIGH, "unanswered", related(w),
          w.dedupKey("unanswered"), Map.of("leadId", w.lead().id().value().toString()),
          label(w.lead()), w.lead().contact().label(), minutes(Duration.between(w.since(), r.now)));
    }
    for (UserId ceo : r.ceos) {
      for (Alerts.Waiting w : r.t.alerts().waitingSince(r.now.minus(ceoAfter), "unanswered_ceo", Optional.of(ceo))) {
        r.add(ceo, NotificationType.UNANSWERED, Priority.CRITICAL, "unanswered.ceo", related(w),
            w.dedupKey("unanswered_ceo"),
            Map.of("leadId", w.lead().id().value().toString(), "sellerId", w.sellerId().value().toString()),
            label(w.lead()), w.lead().contact().label(), minutes(Duration.between(w.since(), r.now)),
            r.name(w.sellerId()), hoursOrMinutes(ceoAfter));
      }
    }
    return r.send();
  }

  private static Optional<RelatedEntity> related(Alerts.Waiting w) {
    return Optional.of(new RelatedEntity("conversation", w.conversationId().value().toString()));
  }

  /**
   * HOT leads whose last message is within {@link AlertSettings#HOT_LEAD_ACTIVE_WITHIN}: to the
   * seller (high; to the CEO when nobody has the lead); scoring at least
   * {@link AlertSettings#HOT_LEAD_CEO_SCORE} also to the CEO (critical). One per lead each time
   * it becomes hot.
   */
  public int hotLeads(TenantId tenant) {
    return hotLeads(new Run(tenant));
  }

  private int hotLeads(Run r) {
    int ceoScore = r.settings().get(AlertSettings.HOT_LEAD_CEO_SCORE);
    for (Alerts.HotLead h : r.t.alerts().hotLeads(r.now.minus(r.settings().get(AlertSettings.HOT_LEAD_ACTIVE_WITHIN)))) {
      Lead lead = h.lead();
      int score = lead.score().orElseThrow().value();
      long ago = minutes(Duration.between(lead.lastInboundAt().orElseThrow(), r.now));
      String occurrence = lead.id().value() + ":" + h.hotSince().toEpochMilli();
      Map<String, String> data = Map.of("score", String.valueOf(score));
      if (lead.assignedSellerId().isPresent()) {
        r.add(lead.assignedSellerId().get(), NotificationType.HOT_LEAD, Priority.HIGH, "hot_lead", leadEntity(lead),
            "hot_lead:" + occurrence, data, label(lead), lead.contact().label(), score, ago);
      }
      // Very hot: critical to the CEO. Hot with nobody on it: high to the CEO, under a key of its
      // own, so that the critical one still comes if the score rises while the lead stays hot.
      boolean veryHot = score >= ceoScore;
      if (veryHot || lead.assignedSellerId().isEmpty()) {
        String seller = lead.assignedSellerId().map(r::name).orElse(r.texts.get("nobody"));
        for (UserId ceo : r.ceos) {
          if (veryHot) {
            r.add(ceo, NotificationType.HOT_LEAD, Priority.CRITICAL, "hot_lead.ceo", leadEntity(lead),
                "hot_lead_ceo:" + occurrence, data, label(lead), lead.contact().label(), score, seller);
          } else {
            r.add(ceo, NotificationType.HOT_LEAD, Priority.HIGH, "hot_lead.unassigned", leadEntity(lead),
                "hot_lead_unassigned:" + occurrence, data, label(lead), lead.contact().label(), score, seller);
          }
        }
      }
    }
    return r.send();
  }

  /**
   * Leads whose last interaction is older than their status's threshold
   * ({@link AlertSettings#followUpThresholds}): to the seller (medium), at most
   * {@link AlertSettings#FOLLOW_UP_PER_RUN} per seller per run. One per lead per silence.
   */
  public int followUps(TenantId tenant) {
    return followUps(new Run(tenant));
  }

  private int followUps(Run r) {
    for (Alerts.FollowUp f : r.t.alerts().followUpsDue(AlertSettings.followUpThresholds(r.settings()),
        r.settings().get(AlertSettings.FOLLOW_UP_MAX_AGE), r.now, r.settings().get(AlertSettings.FOLLOW_UP_PER_RUN))) {
      Lead lead = f.lead();
      long days = Duration.between(f.lastInteraction(), r.now).toDays();
      r.add(f.sellerId(), NotificationType.FOLLOW_UP, Priority.MEDIUM, "follow_up", leadEntity(lead),
          f.dedupKey(), Map.of("status", lead.status().name()), label(lead), lead.contact().label(),
          r.texts.get("status." + lead.status().name()), days);
    }
    return r.send();
  }

  /**
   * First responses past {@link AlertSettings#SLA_WARNING_AT} of the target
   * ({@link MetricsSettings#FIRST_RESPONSE_TARGET}) and not yet breached: to the seller (high).
   * One per assignment.
   */
  public int slaWarnings(TenantId tenant) {
    return slaWarnings(new Run(tenant));
  }

  private int slaWarnings(Run r) {
    Duration target = r.settings().get(MetricsSettings.FIRST_RESPONSE_TARGET);
    Duration warn = Duration.ofMillis((long) Math.floor(target.toMillis() * r.settings().get(AlertSettings.SLA_WARNING_AT)));
    for (Alerts.AtRisk a : r.t.alerts().firstResponsesAtRisk(r.now, warn, target)) {
      Instant deadline = a.clockStart().plus(target);
      long left = minutesRoundedUp(Duration.between(r.now, deadline));
      r.add(a.sellerId(), NotificationType.SLA_WARNING, Priority.HIGH, "sla_warning",
          Optional.of(new RelatedEntity("conversation", a.conversationId().value().toString())),
          "sla_warning:" + a.assignmentId().value(), Map.of("deadline", deadline.toString()),
          label(a.lead()), a.lead().contact().label(), left, Math.max(1, minutesRoundedUp(target)));
    }
    return r.send();
  }

  /**
   * Sellers out of bounds over the last {@link AlertSettings#PERFORMANCE_DAYS} days: a median
   * response time over {@link AlertSettings#PERFORMANCE_RESPONSE_LIMIT} (with at least
   * {@link AlertSettings#PERFORMANCE_MIN_RESPONSES} responses) to the seller (medium), over
   * {@link AlertSettings#PERFORMANCE_RESPONSE_SEVERE} also to the CEO (critical); a conversion
   * rate under {@link AlertSettings#PERFORMANCE_MIN_CONVERSION} (with at least
   * {@link AlertSettings#PERFORMANCE_MIN_LEADS} leads) to the seller (medium). At most one of
   * each per seller per day. Only active sellers are judged.
   */
  public int performance(TenantId tenant) {
    return performance(new Run(tenant));
  }

  private int performance(Run r) {
    TenantSettings s = r.settings();
    LocalDate today = LocalDate.ofInstant(r.now, r.tenant.timeZone());
    int days = s.get(AlertSettings.PERFORMANCE_DAYS);
    Dashboard d = metrics.dashboard(r.tenant.id(), today.minusDays(days - 1L), today.plusDays(1));
    Duration limit = s.get(AlertSettings.PERFORMANCE_RESPONSE_LIMIT);
    Duration severe = s.get(AlertSettings.PERFORMANCE_RESPONSE_SEVERE);
    double minConversion = s.get(AlertSettings.PERFORMANCE_MIN_CONVERSION);
    java.util.Set<UserId> active = r.t.members().withRole(Role.SELLER).stream().filter(Membership::active)
        .map(Membership::userId).collect(java.util.stream.Collectors.toSet());
    for (SellerMetrics m : d.sellers()) {
      UserId seller = m.sellerId().orElseThrow();
      if (!active.contains(seller)) {
        continue;
      }
      Optional<Duration> p50 = m.p50ResponseTime();
      if (p50.isPresent() && m.facts().responses().count() >= s.get(AlertSettings.PERFORMANCE_MIN_RESPONSES)
          && p50.get().compareTo(limit) > 0) {
        r.add(seller, NotificationType.PERFORMANCE, Priority.MEDIUM, "performance.response", Optional.empty(),
            "performance:response:" + today, Map.of("metric", "p50_response_seconds"),
            days, minutes(p50.get()), minutes(limit));
        if (p50.get().compareTo(severe) > 0) {
          for (UserId ceo : r.ceos) {
            r.add(ceo, NotificationType.PERFORMANCE, Priority.CRITICAL, "performance.response.ceo",
                Optional.of(new RelatedEntity("user", seller.value().toString())),
                "performance:response:" + seller.value() + ":" + today,
                Map.of("sellerId", seller.value().toString()),
                r.name(seller), days, minutes(p50.get()), minutes(severe));
          }
        }
      }
      Optional<Double> conversion = m.conversionRate();
      if (conversion.isPresent() && m.facts().leadsAssigned() >= s.get(AlertSettings.PERFORMANCE_MIN_LEADS)
          && conversion.get() < minConversion) {
        r.add(seller, NotificationType.PERFORMANCE, Priority.MEDIUM, "performance.conversion", Optional.empty(),
            "performance:conversion:" + today, Map.of("metric", "conversion_rate"),
            m.facts().assignedLeadsWon(), m.facts().leadsAssigned(), percent(conversion.get(), r.tenant.locale()), days,
            percent(minConversion, r.tenant.locale()));
      }
    }
    return r.send();
  }

  /**
   * The CEO's report of yesterday (tenant calendar), once the local time reaches
   * {@link AlertSettings#DAILY_REPORT_HOUR}; one per CEO per day.
   */
  public int dailyReport(TenantId tenant) {
    return dailyReport(new Run(tenant));
  }

  private int dailyReport(Run r) {
    ZonedDateTime local = r.now.atZone(r.tenant.timeZone());
    if (local.getHour() < r.settings().get(AlertSettings.DAILY_REPORT_HOUR) || r.ceos.isEmpty()) {
      return 0;
    }
    LocalDate day = local.toLocalDate().minusDays(1);
    Dashboard d = metrics.dashboard(r.tenant.id(), day, day.plusDays(1));
    SellerMetrics team = d.team();
    String median = team.p50ResponseTime().map(x -> r.texts.get("minutes", minutes(x))).orElse(r.texts.get("none"));
    String sla = team.slaAttainment().map(x -> r.texts.get("percent", percent(x, r.tenant.locale())))
        .orElse(r.texts.get("none"));
    for (UserId ceo : r.ceos) {
      r.add(ceo, NotificationType.DAILY_REPORT, Priority.MEDIUM, "daily_report", Optional.empty(),
          "daily_report:" + day, Map.of("day", day.toString()), day, team.facts().conversations(),
          team.facts().messagesReceived(), team.facts().messagesSent(), team.facts().botMessages(), median,
          team.facts().leadsAssigned(), team.facts().leadsWon(), sla);
    }
    return r.send();
  }

  /** A fraction as a percentage with at most one decimal, written as {@code locale} writes numbers ("12,5" in Spanish). */
  private static String percent(double fraction, java.util.Locale locale) {
    java.text.DecimalFormat f = new java.text.DecimalFormat("0.#", java.text.DecimalFormatSymbols.getInstance(locale));
    f.setRoundingMode(java.math.RoundingMode.HALF_UP);
    return f.format(fraction * 100);
  }
}
