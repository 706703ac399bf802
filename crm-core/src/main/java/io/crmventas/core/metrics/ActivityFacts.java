package io.crmventas.core.metrics;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * The raw counts and durations a store computes for one seller, or for the whole team, over a
 * {@link MetricsWindow}. Every figure is an integer count, a sum of whole milliseconds, or a
 * nearest-rank percentile, so that every store computes exactly the same values;
 * {@link SellerMetrics} derives the rates and averages from them.
 *
 * <p>Definitions, with period = {@code [window.start(), window.end())}; a seller "owns" a
 * conversation or lead when it is assigned to them now; "human" messages are those of the
 * lead and of sellers (bot and system messages are neither):
 *
 * <ul>
 *   <li>{@code conversations}: owned conversations with at least one message in the period.
 *   <li>{@code activeConversations}: owned conversations whose last message is at or after
 *       {@code now - 24 h}.
 *   <li>{@code openConversations}: owned conversations with status OPEN (the seller's load).
 *   <li>{@code waitingConversations}: owned OPEN conversations waiting for a reply now (the lead
 *       wrote last and no seller or bot has answered).
 *   <li>{@code assignedToday}: distinct leads assigned to the seller since midnight of today.
 *   <li>{@code messagesReceived}: lead messages in the period in owned conversations.
 *   <li>{@code messagesSent}: seller messages in the period written by this seller (any
 *       conversation).
 *   <li>{@code botMessages}: bot messages in the period in owned conversations (kept apart:
 *       they are not the seller's work).
 *   <li>{@code responses}: for every seller message in the period whose previous human message
 *       in the conversation is the lead's, the time from the first lead message of that block
 *       (the run of lead messages since the last seller message) to the reply; attributed to
 *       the seller who wrote it.
 *   <li>{@code firstResponses}: for every assignment of a lead to the seller in the period:
 *       the clock starts at the assignment if the lead had written by then, otherwise at the
 *       lead's first message after it; it stops at this seller's first message since the start,
 *       before the lead's next assignment and before the end of the period. Assignments whose
 *       clock never started are not counted; started ones without a reply count only towards
 *       SLA (below).
 *   <li>{@code slaDue}: started first responses that either got a reply or whose deadline
 *       (start + target) has passed, by {@code now}, before the lead's next assignment and
 *       before the end of the period; {@code slaMet}: those answered within the target.
 *   <li>{@code leadsAssigned}: distinct leads assigned to the seller in the period;
 *       {@code assignedLeadsWon}: of those, the ones now WON and owned by the seller.
 *   <li>{@code leadsWon}: owned leads whose status became WON in the period.
 *   <li>{@code prospectsGenerated}: owned leads with source PROSPECTING created in the period;
 *       {@code prospectsWon}: of those, the ones now WON.
 *   <li>{@code appointmentsBooked}: the seller's appointments created in the period;
 *       {@code appointmentsHeld}: those starting in the period with status COMPLETED.
 *   <li>{@code conversationMillis}: over owned conversations with a message in the period, the
 *       sum of (last message - first message) within the period.
 *   <li>{@code activeDays}: distinct days (tenant zone) on which the seller sent a message in
 *       the period; {@code lastActivity}: the seller's last message in the period.
 * </ul>
 *
 * <p>The team's facts count the same things for all reported sellers together, from the raw
 * data: leads are counted once even if several sellers had them, percentiles are over all
 * responses, and active days are days on which any seller was active.
 *
 * @param sellerId the seller, or empty for the team
 */
public record ActivityFacts(
    Optional<UserId> sellerId,
    long conversations,
    long activeConversations,
    long openConversations,
    long waitingConversations,
    long assignedToday,
    long messagesReceived,
    long messagesSent,
    long botMessages,
    Durations responses,
    Durations firstResponses,
    long slaDue,
    long slaMet,
    long leadsAssigned,
    long assignedLeadsWon,
    long leadsWon,
    long prospectsGenerated,
    long prospectsWon,
    long appointmentsBooked,
    long appointmentsHeld,
    long conversationMillis,
    long activeDays,
    Optional<Instant> lastActivity) {

  public ActivityFacts {
    Check.optional("sellerId", sellerId);
    Check.notNull("responses", responses);
    Check.notNull("firstResponses", firstResponses);
    Check.optional("lastActivity", lastActivity);
    long[] counts = {conversations, activeConversations, openConversations, waitingConversations, assignedToday,
        messagesReceived, messagesSent, botMessages, slaDue, slaMet, leadsAssigned, assignedLeadsWon, leadsWon,
        prospectsGenerated, prospectsWon, appointmentsBooked, appointmentsHeld, conversationMillis, activeDays};
    for (long c : counts) {
      if (c < 0) {
        throw new InvalidInputException("facts", c, "counts must not be negative");
      }
    }
    if (slaMet > slaDue) {
      throw new InvalidInputException("slaMet", slaMet, "must not exceed slaDue " + slaDue);
    }
  }

  /** Facts with nothing in them. */
  public static ActivityFacts empty(Optional<UserId> sellerId) {
    return new ActivityFacts(sellerId, 0, 0, 0, 0, 0, 0, 0, 0, Durations.NONE, Durations.NONE, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, Optional.empty());
  }
}
