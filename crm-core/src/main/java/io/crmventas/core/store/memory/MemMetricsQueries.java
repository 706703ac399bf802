package io.crmventas.core.store.memory;

import io.crmventas.core.agenda.Appointment;
import io.crmventas.core.agenda.AppointmentStatus;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationStatus;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.internal.Ids;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.metrics.ActivityFacts;
import io.crmventas.core.metrics.Durations;
import io.crmventas.core.metrics.FactSheet;
import io.crmventas.core.metrics.MetricsQueries;
import io.crmventas.core.metrics.MetricsWindow;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Computes {@link ActivityFacts} by walking the tenant's rows, with exactly the definitions
 * (and the orderings and millisecond rounding) of the PostgreSQL queries.
 */
final class MemMetricsQueries extends MemScoped implements MetricsQueries {
  static final Comparator<Message> MESSAGE_ORDER =
      Comparator.comparing(Message::sentAt).thenComparing((a, b) -> Ids.compare(a.id().value(), b.id().value()));
  private static final Comparator<Assignment> ASSIGNMENT_ORDER =
      Comparator.comparing(Assignment::at).thenComparing((a, b) -> Ids.compare(a.id().value(), b.id().value()));

  MemMetricsQueries(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  @Override
  public FactSheet facts(MetricsWindow window) {
    Objects.requireNonNull(window, "window");
    return read(d -> compute(d, window), () -> compute(new TenantData(tenant), window));
  }

  /** Running totals for one seller or the team. */
  private static final class Acc {
    final Optional<UserId> seller;
    long conversations;
    long active;
    long open;
    long waiting;
    final Set<LeadId> assignedToday = new HashSet<>();
    long received;
    long sent;
    long bot;
    final List<Long> responses = new ArrayList<>();
    final List<Long> firstResponses = new ArrayList<>();
    long slaDue;
    long slaMet;
    final Set<LeadId> assigned = new HashSet<>();
    final Set<LeadId> assignedWon = new HashSet<>();
    long won;
    long prospects;
    long prospectsWon;
    long booked;
    long held;
    long conversationMillis;
    final Set<LocalDate> days = new HashSet<>();
    Instant last;

    Acc(Optional<UserId> seller) {
      this.seller = seller;
    }

    ActivityFacts facts() {
      return new ActivityFacts(seller, conversations, active, open, waiting, assignedToday.size(), received, sent, bot,
          summary(responses), summary(firstResponses), slaDue, slaMet, assigned.size(), assignedWon.size(), won,
          prospects, prospectsWon, booked, held, conversationMillis, days.size(), Optional.ofNullable(last));
    }

    private static Durations summary(List<Long> values) {
      return Durations.of(values.stream().mapToLong(Long::longValue).toArray());
    }
  }

  /** Applies {@code f} to the seller's totals and the team's, if the seller is reported on. */
  private static void both(Map<UserId, Acc> sellers, Acc team, Optional<UserId> seller,
      java.util.function.Consumer<Acc> f) {
    Acc acc = seller.map(sellers::get).orElse(null);
    if (acc != null) {
      f.accept(acc);
      f.accept(team);
    }
  }

  private static FactSheet compute(TenantData d, MetricsWindow w) {
    Map<UserId, Acc> sellers = new LinkedHashMap<>();
    w.sellers().forEach(s -> sellers.put(s, new Acc(Optional.of(s))));
    Acc team = new Acc(Optional.empty());
    Instant start = w.start();
    Instant end = w.end();
    Instant now = w.now();
    Map<LeadId, List<Conversation>> byLead = d.conversationsPerLead();

    for (Conversation c : d.conversations.values()) {
      Optional<UserId> owner = c.assignedSellerId();
      both(sellers, team, owner, a -> {
        if (c.lastMessageAt().isPresent() && !c.lastMessageAt().get().isBefore(w.activeSince())) {
          a.active++;
        }
        if (c.status() == ConversationStatus.OPEN) {
          a.open++;
          if (c.awaitingReplySince().isPresent()) {
            a.waiting++;
          }
        }
      });
      if (c.lastMessageAt().isEmpty() || c.lastMessageAt().get().isBefore(start)) {
        continue;
      }
      List<Message> msgs = messages(d, c, end);
      Author prev = null;
      Instant blockStart = null;
      Instant first = null;
      Instant lastInPeriod = null;
      long received = 0;
      long bot = 0;
      for (Message m : msgs) {
        boolean inPeriod = !m.sentAt().isBefore(start);
        if (inPeriod) {
          first = first == null ? m.sentAt() : first;
          lastInPeriod = m.sentAt();
          received += m.author() == Author.LEAD ? 1 : 0;
          bot += m.author() == Author.BOT ? 1 : 0;
          if (m.author() == Author.SELLER) {
            both(sellers, team, m.authorUserId(), a -> {
              a.sent++;
              a.days.add(LocalDate.ofInstant(m.sentAt(), w.zone()));
              a.last = a.last == null || m.sentAt().isAfter(a.last) ? m.sentAt() : a.last;
            });
          }
        }
        if (m.author() != Author.LEAD && m.author() != Author.SELLER) {
          continue;
        }
        if (m.author() == Author.LEAD && prev != Author.LEAD) {
          blockStart = m.sentAt();
        }
        if (m.author() == Author.SELLER && prev == Author.LEAD && inPeriod) {
          long ms = Duration.between(blockStart, m.sentAt()).toMillis();
          both(sellers, team, m.authorUserId(), a -> a.responses.add(ms));
        }
        prev = m.author();
      }
      if (first != null) {
        long span = Duration.between(first, lastInPeriod).toMillis();
        long r = received;
        long b = bot;
        both(sellers, team, owner, a -> {
          a.conversations++;
          a.received += r;
          a.bot += b;
          a.conversationMillis += span;
        });
      }
    }

    firstResponses(d, w, sellers, team, byLead);

    for (Lead l : d.leads.values()) {
      both(sellers, team, l.assignedSellerId(), a -> {
        if (l.status() == LeadStatus.WON && within(l.statusChangedAt(), start, end)) {
          a.won++;
        }
        if (l.source().equals(LeadSource.PROSPECTING) && within(l.createdAt(), start, end)) {
          a.prospects++;
          a.prospectsWon += l.status() == LeadStatus.WON ? 1 : 0;
        }
      });
    }
    for (Appointment ap : d.appointments.values()) {
      both(sellers, team, Optional.of(ap.sellerId()), a -> {
        a.booked += within(ap.createdAt(), start, end) ? 1 : 0;
        a.held += within(ap.start(), start, end) && ap.status() == AppointmentStatus.COMPLETED ? 1 : 0;
      });
    }
    List<ActivityFacts> out = new ArrayList<>();
    sellers.values().forEach(a -> out.add(a.facts()));
    return new FactSheet(out, team.facts());
  }

  private static void firstResponses(TenantData d, MetricsWindow w, Map<UserId, Acc> sellers, Acc team,
      Map<LeadId, List<Conversation>> byLead) {
    Instant start = w.start();
    Instant end = w.end();
    Map<LeadId, List<Assignment>> inPeriod = new HashMap<>();
    for (Assignment a : d.assignments.values()) {
      if (!a.at().isBefore(w.todayStart())) {
        both(sellers, team, a.sellerId(), acc -> acc.assignedToday.add(a.leadId()));
      }
      if (within(a.at(), start, end)) {
        inPeriod.computeIfAbsent(a.leadId(), k -> new ArrayList<>()).add(a);
      }
    }
    for (Map.Entry<LeadId, List<Assignment>> e : inPeriod.entrySet()) {
      List<Assignment> history = e.getValue();
      history.sort(ASSIGNMENT_ORDER);
      List<Message> msgs = new ArrayList<>();
      for (Conversation c : byLead.getOrDefault(e.getKey(), List.of())) {
        msgs.addAll(messages(d, c, end));
      }
      Lead lead = d.leads.get(e.getKey());
      for (int i = 0; i < history.size(); i++) {
        Assignment a = history.get(i);
        if (a.sellerId().isEmpty() || !sellers.containsKey(a.sellerId().get())) {
          continue;
        }
        UserId seller = a.sellerId().get();
        Instant until = i + 1 < history.size() ? history.get(i + 1).at() : end;
        both(sellers, team, a.sellerId(), acc -> {
          acc.assigned.add(a.leadId());
          if (lead.status() == LeadStatus.WON && lead.assignedSellerId().equals(Optional.of(seller))) {
            acc.assignedWon.add(a.leadId());
          }
        });
        Instant clock = null;
        boolean wroteBefore = msgs.stream().anyMatch(m -> m.author() == Author.LEAD && !m.sentAt().isAfter(a.at()));
        if (wroteBefore) {
          clock = a.at();
        } else {
          clock = msgs.stream().filter(m -> m.author() == Author.LEAD && m.sentAt().isAfter(a.at())
              && m.sentAt().isBefore(until)).map(Message::sentAt).min(Comparator.naturalOrder()).orElse(null);
        }
        if (clock == null) {
          continue;
        }
        Instant from = clock;
        Optional<Instant> reply = msgs.stream().filter(m -> m.author() == Author.SELLER
            && m.authorUserId().equals(Optional.of(seller)) && !m.sentAt().isBefore(from) && m.sentAt().isBefore(until))
            .map(Message::sentAt).min(Comparator.naturalOrder());
        long targetMs = w.slaTarget().toMillis();
        both(sellers, team, a.sellerId(), acc -> {
          if (reply.isPresent()) {
            long ms = Duration.between(from, reply.get()).toMillis();
            acc.firstResponses.add(ms);
            acc.slaDue++;
            acc.slaMet += ms <= targetMs ? 1 : 0;
          } else {
            Instant bound = w.now().isBefore(until) ? w.now() : until;
            if (!from.plusMillis(targetMs).isAfter(bound)) {
              acc.slaDue++;
            }
          }
        });
      }
    }
  }

  private static List<Message> messages(TenantData d, Conversation c, Instant end) {
    List<Message> out = new ArrayList<>();
    for (var id : d.messagesByConversation.getOrDefault(c.id(), Set.of())) {
      Message m = d.messages.get(id);
      if (m.sentAt().isBefore(end)) {
        out.add(m);
      }
    }
    out.sort(MESSAGE_ORDER);
    return out;
  }

  private static boolean within(Instant t, Instant from, Instant to) {
    return !t.isBefore(from) && t.isBefore(to);
  }
}
