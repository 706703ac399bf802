package io.crmventas.core.scoring;

import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.internal.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a lead's recent messages say about them, as the scoring rules read it.
 *
 * @param leadMessages24h messages the lead wrote in the 24 hours before scoring
 * @param leadMessages7d ... in the 7 days before (including the last 24 hours)
 * @param leadMessages30d ... in the 30 days before (including the last 7 days)
 * @param medianReplyDelay how long the lead takes to answer a message from us (median)
 * @param replies how many of the lead's answers the median is over
 * @param lastLeadMessageAt when the lead last wrote
 * @param recentLeadTexts the text of the lead's messages of the last 7 days, newest first (at
 *     most {@link #MAX_TEXTS})
 */
public record LeadSignals(
    int leadMessages24h,
    int leadMessages7d,
    int leadMessages30d,
    Optional<Duration> medianReplyDelay,
    int replies,
    Optional<Instant> lastLeadMessageAt,
    List<String> recentLeadTexts) {

  /** Most texts kept for phrase detection. */
  public static final int MAX_TEXTS = 20;

  /** No messages at all. */
  public static final LeadSignals NONE =
      new LeadSignals(0, 0, 0, Optional.empty(), 0, Optional.empty(), List.of());

  public LeadSignals {
    Check.atLeast("leadMessages24h", leadMessages24h, 0);
    Check.atLeast("leadMessages7d", leadMessages7d, leadMessages24h);
    Check.atLeast("leadMessages30d", leadMessages30d, leadMessages7d);
    Check.optional("medianReplyDelay", medianReplyDelay);
    Check.atLeast("replies", replies, 0);
    Check.optional("lastLeadMessageAt", lastLeadMessageAt);
    recentLeadTexts = Check.list("recentLeadTexts", recentLeadTexts);
  }

  /**
   * Reads the signals from a lead's messages (any order, any channel) as of {@code now}. A reply
   * is the lead's first message after one or more of ours (assistant or seller); its delay is
   * counted from the first of ours.
   */
  public static LeadSignals from(List<Message> messages, Instant now) {
    List<Message> sorted = new ArrayList<>(messages);
    sorted.sort(Comparator.comparing(Message::sentAt).thenComparing(Message::id));
    int d1 = 0;
    int d7 = 0;
    int d30 = 0;
    Instant lastLead = null;
    Instant waitingSince = null;
    List<Duration> delays = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    Instant day = now.minus(Duration.ofDays(1));
    Instant week = now.minus(Duration.ofDays(7));
    Instant month = now.minus(Duration.ofDays(30));
    for (Message m : sorted) {
      if (m.sentAt().isAfter(now)) {
        continue;
      }
      if (m.author() == Author.LEAD) {
        lastLead = m.sentAt();
        if (m.sentAt().isAfter(month)) {
          d30++;
          if (m.sentAt().isAfter(week)) {
            d7++;
            m.text().ifPresent(texts::add);
            if (m.sentAt().isAfter(day)) {
              d1++;
            }
          }
        }
        if (waitingSince != null) {
          delays.add(Duration.between(waitingSince, m.sentAt()));
          waitingSince = null;
        }
      } else if ((m.author() == Author.BOT || m.author() == Author.SELLER) && waitingSince == null) {
        waitingSince = m.sentAt();
      }
    }
    java.util.Collections.reverse(texts);
    Optional<Duration> median = Optional.empty();
    if (!delays.isEmpty()) {
      delays.sort(Comparator.naturalOrder());
      median = Optional.of(delays.get((delays.size() - 1) / 2));
    }
    return new LeadSignals(d1, d7, d30, median, delays.size(), Optional.ofNullable(lastLead),
        texts.subList(0, Math.min(MAX_TEXTS, texts.size())));
  }
}
