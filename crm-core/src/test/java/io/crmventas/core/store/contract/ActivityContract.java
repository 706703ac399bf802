package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmventas.core.agenda.Appointment;
import io.crmventas.core.agenda.AppointmentId;
import io.crmventas.core.agenda.AppointmentSource;
import io.crmventas.core.agenda.AppointmentStatus;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentExplanation;
import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.assignment.AssignmentKind;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.metrics.ActivityFacts;
import io.crmventas.core.metrics.Durations;
import io.crmventas.core.metrics.FactSheet;
import io.crmventas.core.metrics.MetricsWindow;
import io.crmventas.core.metrics.SellerMetrics;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Helpers for the suites that build sales activity by hand: leads, conversations, messages,
 * assignments and appointments at given times. The tenant's zone is Buenos Aires (UTC-3): the
 * day 2026-11-25 runs from 03:00Z to 03:00Z the next day.
 */
public abstract class ActivityContract extends StoreContract {
  protected static final LocalDate DAY = LocalDate.parse("2026-11-25");
  protected static final Duration TARGET = Duration.ofMinutes(15);

  protected static Instant at(String utcTime) {
    return Instant.parse("2026-11-25T" + utcTime + "Z");
  }

  protected MetricsWindow window(LocalDate from, LocalDate to, Instant now, UserId... sellers) {
    return new MetricsWindow(from, to, now, a.tenant().timeZone(), List.of(sellers), TARGET);
  }

  protected FactSheet facts(MetricsWindow w) {
    return a.t.metricsQueries().facts(w);
  }

  protected Lead lead(UserId seller, Instant createdAt, LeadSource source, LeadStatus status, Instant statusAt) {
    return a.t.leads().create(a.leadBuilder().name("L " + UUID.randomUUID().toString().substring(0, 5))
        .assignedSellerId(seller).source(source).status(status).createdAt(createdAt).updatedAt(createdAt)
        .statusChangedAt(statusAt).build());
  }

  protected Conversation conversation(Lead lead, String channel) {
    return a.t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), a.id, lead.id(),
        channel, lead.assignedSellerId(), lead.createdAt())).value();
  }

  /** A conversation of a new organic lead of {@code seller}, created at {@code createdAt}. */
  protected Conversation organicConversation(UserId seller, Instant createdAt) {
    return conversation(lead(seller, createdAt, LeadSource.ORGANIC, LeadStatus.NEW, createdAt), "whatsapp");
  }

  protected Assignment assign(Lead lead, UserId seller, Instant at) {
    return a.t.assignments().record(new Assignment(AssignmentId.of(UUID.randomUUID()), a.id, lead.id(),
        Optional.of(seller), Optional.empty(), AssignmentKind.MANUAL, Optional.empty(), Optional.of(a.ceo.id()),
        Optional.empty(), AssignmentExplanation.manual(seller, "test"), at));
  }

  protected void leadSays(Conversation c, Instant t) {
    a.t.conversations().append(a.inboundText(c, "hola", "wamid." + UUID.randomUUID(), t));
  }

  protected void sellerSays(Conversation c, UserId seller, Instant t) {
    a.t.conversations().append(a.reply(c, Author.SELLER, Optional.of(seller), "respuesta", t));
  }

  protected void botSays(Conversation c, Instant t) {
    a.t.conversations().append(a.reply(c, Author.BOT, Optional.empty(), "bot", t));
  }

  protected Appointment appointment(UserId seller, Lead lead, Instant start, AppointmentStatus status, Instant created) {
    return a.t.appointments().create(new Appointment(AppointmentId.of(UUID.randomUUID()), a.id, seller,
        Optional.of(lead.id()), "Demo", start, start.plus(Duration.ofMinutes(30)), status, AppointmentSource.MANUAL,
        Optional.empty(), created, created));
  }
}
