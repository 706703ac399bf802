package io.crmventas.core.internal;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.assignment.AssignmentSettings;
import io.crmventas.core.channel.TurnAssembler;
import io.crmventas.core.metrics.MetricsSettings;
import io.crmventas.core.notification.AlertSettings;
import io.crmventas.core.scoring.Phrases;
import io.crmventas.core.scoring.ScoringSettings;
import io.crmventas.core.tenant.Setting;
import io.crmventas.core.tenant.TenantSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting crm-core reads, so that a tenant's settings are checked when they are stored, not
 * first when some job reads them (a bad value would then fail scoring or turn assembly for the
 * whole tenant, far from whoever saved it). Keys under crm-core's own prefixes
 * ({@link #RESERVED_PREFIXES}) must be settings it knows, so a misspelt key is refused instead of
 * silently stored and ignored; other keys are left as they are. Both stores check here.
 */
public final class KnownSettings {
  private KnownSettings() {}

  /** crm-core's settings (and every rule's weight, {@code scoring.weight.<rule>}). */
  public static final List<Setting<?>> ALL = all();

  /**
   * The key prefixes crm-core's settings live under. A key under one of them that is not one of
   * {@link #ALL} (or a rule's weight) is refused when set; other modules and applications keep
   * their settings under prefixes of their own.
   */
  public static final List<String> RESERVED_PREFIXES =
      List.of("channel.turn.", "notifications.", "metrics.", "assignment.", "scoring.");

  private static final java.util.Set<String> KEYS =
      ALL.stream().map(Setting::key).collect(java.util.stream.Collectors.toUnmodifiableSet());

  private static List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>(List.of(TurnAssembler.WINDOW,
        AlertSettings.UNANSWERED_AFTER, AlertSettings.UNANSWERED_CEO_AFTER, AlertSettings.HOT_LEAD_ACTIVE_WITHIN,
        AlertSettings.HOT_LEAD_CEO_SCORE, AlertSettings.FOLLOW_UP_NEW, AlertSettings.FOLLOW_UP_CONTACTED,
        AlertSettings.FOLLOW_UP_QUALIFIED, AlertSettings.FOLLOW_UP_MEETING_SCHEDULED, AlertSettings.FOLLOW_UP_MAX_AGE,
        AlertSettings.FOLLOW_UP_PER_RUN, AlertSettings.SLA_WARNING_AT, AlertSettings.PERFORMANCE_DAYS,
        AlertSettings.PERFORMANCE_RESPONSE_LIMIT, AlertSettings.PERFORMANCE_RESPONSE_SEVERE,
        AlertSettings.PERFORMANCE_MIN_RESPONSES, AlertSettings.PERFORMANCE_MIN_CONVERSION,
        AlertSettings.PERFORMANCE_MIN_LEADS, AlertSettings.DAILY_REPORT_HOUR,
        MetricsSettings.FIRST_RESPONSE_TARGET, MetricsSettings.DEFAULT_PERIOD_DAYS,
        MetricsSettings.SNAPSHOT_RETENTION_DAYS,
        AssignmentSettings.FAIRNESS_CAP, AssignmentSettings.FAIRNESS_WINDOW, AssignmentSettings.PERFORMANCE_PERIOD,
        AssignmentSettings.PERFORMANCE_MIN_SAMPLE,
        ScoringSettings.HOT_THRESHOLD, ScoringSettings.WARM_THRESHOLD));
    all.addAll(Phrases.EXTRA.values());
    return List.copyOf(all);
  }

  /**
   * {@code settings} if every known setting it overrides reads (parses and keeps its rule) and
   * the rules between settings hold.
   *
   * @throws io.crmventas.core.InvalidInputException naming the first key that does not
   */
  public static TenantSettings check(TenantSettings settings) {
    return checkChanged(settings, TenantSettings.DEFAULTS);
  }

  /**
   * {@code settings} if every known setting whose value differs from {@code before} (the stored
   * ones) reads, and the rules between settings hold where one of theirs changed. A value stored
   * before that no longer reads (edited in the database by hand) does not stop an update that
   * leaves it as it is; reading it still fails, naming its key.
   *
   * @throws io.crmventas.core.InvalidInputException naming the first changed key that does not
   */
  public static TenantSettings checkChanged(TenantSettings settings, TenantSettings before) {
    java.util.Map<String, String> now = settings.asMap();
    java.util.Map<String, String> was = before.asMap();
    java.util.function.Predicate<String> changed = key -> !java.util.Objects.equals(now.get(key), was.get(key));
    for (Setting<?> s : ALL) {
      if (changed.test(s.key())) {
        settings.get(s);
      }
    }
    String weight = ScoringSettings.WEIGHT_PREFIX;
    for (String key : now.keySet()) {
      if (!changed.test(key)) {
        continue;
      }
      if (key.startsWith(weight) && key.length() > weight.length()) {
        settings.get(ScoringSettings.weight(key.substring(weight.length())));
      } else if (!KEYS.contains(key) && RESERVED_PREFIXES.stream().anyMatch(key::startsWith)) {
        throw new InvalidInputException(key, now.get(key), "is not a setting crm-core knows" + suggestion(key));
      }
    }
    if (changed.test(ScoringSettings.HOT_THRESHOLD.key()) || changed.test(ScoringSettings.WARM_THRESHOLD.key())) {
      ScoringSettings.checkBands(settings);
    }
    atLeast(settings, changed, AlertSettings.UNANSWERED_CEO_AFTER, AlertSettings.UNANSWERED_AFTER);
    atLeast(settings, changed, AlertSettings.PERFORMANCE_RESPONSE_SEVERE, AlertSettings.PERFORMANCE_RESPONSE_LIMIT);
    return settings;
  }

  /**
   * Refuses {@code higher} below {@code lower} (an escalation that would come before the notice it
   * escalates), where either of them changed, naming the one that changed (the higher one if both
   * did).
   */
  private static <T extends Comparable<T>> void atLeast(TenantSettings settings,
      java.util.function.Predicate<String> changed, Setting<T> higher, Setting<T> lower) {
    if (!changed.test(higher.key()) && !changed.test(lower.key())) {
      return;
    }
    T high = settings.get(higher);
    T low = settings.get(lower);
    if (high.compareTo(low) < 0) {
      if (changed.test(higher.key())) {
        throw new InvalidInputException(higher.key(), high, "must not be below " + lower.key() + " (" + low + ")");
      }
      throw new InvalidInputException(lower.key(), low, "must not be above " + higher.key() + " (" + high + ")");
    }
  }

  /** ", did you mean ...?" naming the closest known key, when one is close. */
  private static String suggestion(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : KEYS) {
      int d = distance(key, known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 5) ? "; did you mean " + best + "?" : "";
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}
