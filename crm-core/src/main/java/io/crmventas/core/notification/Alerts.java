package io.crmventas.core.notification;

import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;

/** The conditions {@link AlertQueries} finds. */
public final class Alerts {
  private Alerts() {}

  /** A conversation waiting for its seller's reply since {@code since}. */
  public record Waiting(ConversationId conversationId, Lead lead, UserId sellerId, Instant since) {
    public Waiting {
      Check.notNull("conversationId", conversationId);
      Check.notNull("lead", lead);
      Check.notNull("sellerId", sellerId);
      Check.notNull("since", since);
    }

    /** The dedup key of this wait for a notification of {@code kind}: a new wait makes a new key. */
    public String dedupKey(String kind) {
      return dedupKey(kind, conversationId.value(), since);
    }

    /** The dedup key of a conversation's wait since {@code since} for notifications of {@code kind}. */
    public static String dedupKey(String kind, java.util.UUID conversationId, Instant since) {
      return kind + ":" + conversationId + ":" + since.toEpochMilli();
    }
  }

  /** A hot, recently active lead, HOT since {@code hotSince}. */
  public record HotLead(Lead lead, Instant hotSince) {
    public HotLead {
      Check.notNull("lead", lead);
      Check.notNull("hotSince", hotSince);
    }
  }

  /** A lead whose seller should follow up: nothing happened since {@code lastInteraction}. */
  public record FollowUp(Lead lead, UserId sellerId, Instant lastInteraction) {
    public FollowUp {
      Check.notNull("lead", lead);
      Check.notNull("sellerId", sellerId);
      Check.notNull("lastInteraction", lastInteraction);
    }

    /** The dedup key of this occurrence: a new interaction makes a new one. */
    public String dedupKey() {
      return dedupKey(lead.id().value(), lastInteraction);
    }

    /** The follow-up dedup key of a lead's silence since {@code lastInteraction}. */
    public static String dedupKey(java.util.UUID leadId, Instant lastInteraction) {
      return "follow_up:" + leadId + ":" + lastInteraction.toEpochMilli();
    }
  }

  /** A first response whose clock started at {@code clockStart} and is close to the target. */
  public record AtRisk(AssignmentId assignmentId, ConversationId conversationId, Lead lead, UserId sellerId,
      Instant clockStart) {
    public AtRisk {
      Check.notNull("assignmentId", assignmentId);
      Check.notNull("lead", lead);
      Check.notNull("sellerId", sellerId);
      Check.notNull("clockStart", clockStart);
      Check.notNull("conversationId", conversationId);
    }
  }
}
