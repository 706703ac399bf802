package io.crmventas.core.notification;

import io.crmventas.core.lead.LeadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Finds, set-based, what the notification checks report: one query per kind of condition over
 * the whole tenant, never a loop over conversations or leads. Thread-safe.
 */
public interface AlertQueries {

  /**
   * Open conversations with a seller that have waited for a reply since {@code atOrBefore} or
   * earlier, oldest wait first; skipping those for which the recipient (the conversation's
   * seller, or {@code recipient} when given) already has the notification
   * {@link Alerts.Waiting#dedupKey dedupKey(kind)}.
   */
  List<Alerts.Waiting> waitingSince(Instant atOrBefore, String kind, java.util.Optional<io.crmventas.core.tenant.UserId> recipient);

  /**
   * Leads whose score band is HOT and whose last inbound message is at or after
   * {@code activeSince}, least recently active first; each with the time it last entered the
   * HOT band (from the score history; its score time if the history has no such entry).
   */
  List<Alerts.HotLead> hotLeads(Instant activeSince);

  /**
   * Leads with a seller whose status is a key of {@code after} and whose last interaction (the
   * latest of creation, last inbound and last outbound message) is at least that long before
   * {@code now}, but not more than {@code maxAge} beyond it; skipping those whose seller already
   * has the follow-up notification for that interaction ({@link Alerts.FollowUp#dedupKey}).
   * At most {@code perSeller} per seller, the longest silent first.
   */
  List<Alerts.FollowUp> followUpsDue(Map<LeadStatus, Duration> after, Duration maxAge, Instant now, int perSeller);

  /**
   * Conversations waiting for their seller's first response (as defined for the metrics: the
   * clock starts at the lead's latest assignment if the lead had written by then, otherwise at
   * the lead's first message after it) whose clock has run at least {@code warnAfter} but less
   * than {@code target} at {@code now}, with no message from that seller since the clock
   * started; one per assignment, closest to the deadline first.
   */
  List<Alerts.AtRisk> firstResponsesAtRisk(Instant now, Duration warnAfter, Duration target);
}
