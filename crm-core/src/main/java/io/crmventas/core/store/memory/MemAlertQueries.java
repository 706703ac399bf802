package io.crmventas.core.store.memory;

import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.internal.Ids;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.notification.AlertQueries;
import io.crmventas.core.notification.Alerts;
import io.crmventas.core.scoring.ScoreChange;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The notification conditions over the in-memory rows, with the PostgreSQL queries' rules. */
final class MemAlertQueries extends MemScoped implements AlertQueries {

  MemAlertQueries(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  private static int uuidOrder(java.util.UUID a, java.util.UUID b) {
    return Ids.compare(a, b);
  }

  @Override
  public List<Alerts.Waiting> waitingSince(Instant atOrBefore, String kind, Optional<UserId> recipient) {
    Objects.requireNonNull(atOrBefore, "atOrBefore");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(recipient, "recipient");
    return read(d -> d.conversations.values().stream()
        .filter(c -> c.status() == ConversationStatus.OPEN && c.assignedSellerId().isPresent()
            && c.awaitingReplySince().isPresent() && !c.awaitingReplySince().get().isAfter(atOrBefore))
        .filter(c -> !d.notificationKeys.containsKey(new TenantData.NotificationKey(
            recipient.orElse(c.assignedSellerId().get()),
            Alerts.Waiting.dedupKey(kind, c.id().value(), c.awaitingReplySince().get()))))
        .sorted(Comparator.comparing((Conversation c) -> c.awaitingReplySince().get())
            .thenComparing((x, y) -> uuidOrder(x.id().value(), y.id().value())))
        .map(c -> new Alerts.Waiting(c.id(), d.leads.get(c.leadId()), c.assignedSellerId().get(),
            c.awaitingReplySince().get()))
        .toList(), List::of);
  }

  @Override
  public List<Alerts.HotLead> hotLeads(Instant activeSince) {
    Objects.requireNonNull(activeSince, "activeSince");
    return read(d -> d.leads.values().stream()
        .filter(l -> l.score().isPresent() && l.score().get().band() == ScoreBand.HOT
            && l.lastInboundAt().isPresent() && !l.lastInboundAt().get().isBefore(activeSince))
        .sorted(Comparator.comparing((Lead l) -> l.lastInboundAt().get())
            .thenComparing((x, y) -> uuidOrder(x.id().value(), y.id().value())))
        .map(l -> new Alerts.HotLead(l, hotSince(d, l)))
        .toList(), List::of);
  }

  private static Instant hotSince(TenantData d, Lead l) {
    return d.scoreChangesByLead.getOrDefault(l.id(), Set.of()).stream().map(d.scoreChanges::get)
        .filter(h -> h.newScore().band() == ScoreBand.HOT && !h.oldBand().equals(Optional.of(ScoreBand.HOT)))
        .max(Comparator.comparing(ScoreChange::at).thenComparing((x, y) -> uuidOrder(x.id().value(), y.id().value())))
        .map(ScoreChange::at).orElse(l.score().get().scoredAt());
  }

  static Instant lastTouch(Lead l) {
    return Stream.of(Optional.of(l.createdAt()), l.lastInboundAt(), l.lastOutboundAt()).flatMap(Optional::stream)
        .max(Comparator.naturalOrder()).orElseThrow();
  }

  @Override
  public List<Alerts.FollowUp> followUpsDue(Map<LeadStatus, Duration> after, Duration maxAge, Instant now,
      int perSeller) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(now, "now");
    if (after.isEmpty() || perSeller <= 0) {
      return List.of();
    }
    return read(d -> {
      Map<UserId, List<Alerts.FollowUp>> bySeller = new java.util.TreeMap<>(
          (x, y) -> uuidOrder(x.value(), y.value()));
      for (Lead l : d.leads.values()) {
        Duration threshold = after.get(l.status());
        if (threshold == null || l.assignedSellerId().isEmpty()) {
          continue;
        }
        Instant touch = lastTouch(l);
        long thresholdMs = threshold.toMillis();
        Instant due = now.minusMillis(thresholdMs);
        Instant oldest = now.minusMillis(thresholdMs + maxAge.toMillis());
        UserId seller = l.assignedSellerId().get();
        if (touch.isAfter(due) || !touch.isAfter(oldest)
            || d.notificationKeys.containsKey(new TenantData.NotificationKey(seller,
                Alerts.FollowUp.dedupKey(l.id().value(), touch)))) {
          continue;
        }
        bySeller.computeIfAbsent(seller, k -> new ArrayList<>()).add(new Alerts.FollowUp(l, seller, touch));
      }
      List<Alerts.FollowUp> out = new ArrayList<>();
      bySeller.values().forEach(list -> list.stream()
          .sorted(Comparator.comparing(Alerts.FollowUp::lastInteraction)
              .thenComparing((x, y) -> uuidOrder(x.lead().id().value(), y.lead().id().value())))
          .limit(perSeller).forEach(out::add));
      return out;
    }, List::of);
  }

  @Override
  public List<Alerts.AtRisk> firstResponsesAtRisk(Instant now, Duration warnAfter, Duration target) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(warnAfter, "warnAfter");
    Objects.requireNonNull(target, "target");
    return read(d -> {
      Map<LeadId, List<Conversation>> convsByLead = d.conversationsPerLead();
      Map<LeadId, List<Message>> byLead = new HashMap<>();
      List<Alerts.AtRisk> found = new ArrayList<>();
      for (Conversation c : d.conversations.values()) {
        if (c.status() != ConversationStatus.OPEN || c.assignedSellerId().isEmpty()) {
          continue;
        }
        Optional<Assignment> latest = d.assignmentsByLead.getOrDefault(c.leadId(), Set.of()).stream()
            .map(d.assignments::get)
            .max(Comparator.comparing(Assignment::at).thenComparing((x, y) -> uuidOrder(x.id().value(), y.id().value())));
        if (latest.isEmpty() || !latest.get().sellerId().equals(c.assignedSellerId())) {
          continue;
        }
        Assignment a = latest.get();
        List<Message> msgs = byLead.computeIfAbsent(c.leadId(),
            lead -> leadMessages(d, convsByLead.getOrDefault(lead, List.of())));
        Instant clock = msgs.stream().anyMatch(m -> m.author() == Author.LEAD && !m.sentAt().isAfter(a.at())) ? a.at()
            : msgs.stream().filter(m -> m.author() == Author.LEAD && m.sentAt().isAfter(a.at())).map(Message::sentAt)
                .min(Comparator.naturalOrder()).orElse(null);
        if (clock == null || clock.isAfter(now.minusMillis(warnAfter.toMillis()))
            || !clock.isAfter(now.minusMillis(target.toMillis()))) {
          continue;
        }
        Instant start = clock;
        boolean replied = msgs.stream().anyMatch(m -> m.author() == Author.SELLER
            && m.authorUserId().equals(a.sellerId()) && !m.sentAt().isBefore(start)
            && m.deliveryStatus() != DeliveryStatus.FAILED);
        if (!replied) {
          found.add(new Alerts.AtRisk(a.id(), c.id(), d.leads.get(c.leadId()), a.sellerId().get(), clock));
        }
      }
      found.sort(Comparator.comparing(Alerts.AtRisk::clockStart)
          .thenComparing((x, y) -> uuidOrder(x.assignmentId().value(), y.assignmentId().value()))
          .thenComparing((x, y) -> uuidOrder(x.conversationId().value(), y.conversationId().value())));
      Map<Object, Alerts.AtRisk> unique = new LinkedHashMap<>();
      found.forEach(r -> unique.putIfAbsent(r.assignmentId(), r));
      return List.copyOf(unique.values());
    }, List::of);
  }

  private static List<Message> leadMessages(TenantData d, List<Conversation> conversations) {
    List<Message> out = new ArrayList<>();
    for (Conversation c : conversations) {
      d.messagesByConversation.getOrDefault(c.id(), Set.of()).forEach(id -> out.add(d.messages.get(id)));
    }
    return out;
  }

}
