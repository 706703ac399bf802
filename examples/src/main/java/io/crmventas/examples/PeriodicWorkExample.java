package io.crmventas.examples;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.assignment.AssignmentOutcome;
import io.crmventas.core.assignment.SellerAssigner;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.metrics.MetricsService;
import io.crmventas.core.notification.NotificationCenter;
import io.crmventas.core.notification.NotificationChecks;
import io.crmventas.core.notification.Notifier;
import io.crmventas.core.scoring.LeadScoringService;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The work nothing triggers, wired with {@link PeriodicWork}: a seller with room for one lead
 * gets the first, the second waits in the queue; once the seller's capacity is raised (nothing
 * announces that), the next run of the assignment-queue task gives them the waiting lead.
 */
public final class PeriodicWorkExample {
  /** What one run of every task did, and who has the lead that was waiting. */
  public record Result(Map<String, Integer> done, Optional<UserId> waitingLeadSeller, UserId seller) {}

  private PeriodicWorkExample() {}

  /** Runs the example on {@code clock}, printing to {@code out}. */
  public static Result run(Clock clock, PrintStream out) {
    CrmStore store = InMemoryCrmStore.create(clock);
    IdGenerator ids = IdGenerator.timeOrdered(clock);
    EventBus bus = new EventBus();
    Instant now = clock.instant();
    TenantId acme = TenantId.of("acme");
    store.tenants().create(Tenant.of(acme, "Acme Seguros", ZoneId.of("America/Argentina/Buenos_Aires"),
        Locale.forLanguageTag("es"), now));
    User ana = store.users().create(new User(UserId.of(UUID.randomUUID()), EmailAddress.parse("ana@acme.example"),
        "Ana", now));
    Membership seller = store.tenant(acme).members().add(Membership.seller(acme, ana.id(),
        SellerProfile.of(SellerKind.CLOSER, 1), now));

    LeadScoringService scoring = LeadScoringService.builder(store).clock(clock).events(bus).build();
    SellerAssigner assigner = SellerAssigner.builder(store).clock(clock).events(bus).build();
    MetricsService metrics = MetricsService.builder(store).clock(clock).build();
    NotificationChecks checks = new NotificationChecks(store, clock, new Notifier(store, clock, ids, bus), metrics);
    PeriodicWork work = new PeriodicWork(PeriodicWork.standard(store, clock, assigner, scoring, checks,
        new NotificationCenter(store, clock), metrics), () -> store.tenants().list().stream().map(Tenant::id).toList());

    List<LeadId> leads = List.of(lead(store, acme, "+5491155550001", now), lead(store, acme, "+5491155550002", now));
    for (LeadId lead : leads) {
      AssignmentOutcome o = assigner.assign(acme, lead);
      out.printf("lead %s: %s%n", lead, o instanceof AssignmentOutcome.Assigned ? "assigned to Ana" : "waits in the queue");
    }
    // Ana can take one more now; nothing announces it, so only the periodic queue run notices.
    store.tenant(acme).members().update(seller.withSeller(seller.seller().orElseThrow().withCapacity(2)));

    Map<String, Integer> done = work.runOnce();
    done.forEach((task, n) -> out.printf("%-22s did %d%n", task, n));
    Optional<UserId> waiting = store.tenant(acme).leads().find(leads.get(1)).orElseThrow().assignedSellerId();
    out.printf("the waiting lead now belongs to %s%n", waiting.map(id -> "Ana").orElse("nobody"));
    return new Result(done, waiting, ana.id());
  }

  private static LeadId lead(CrmStore store, TenantId tenant, String phone, Instant now) {
    Lead lead = store.tenant(tenant).leads().create(Lead.builder(LeadId.of(UUID.randomUUID()), tenant,
        PhoneNumber.parse(phone), now).build());
    store.tenant(tenant).conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), tenant,
        lead.id(), Conversation.WHATSAPP, Optional.empty(), now));
    return lead.id();
  }

  /** In an application: {@code new PeriodicWork(...).start()} at startup, {@code close()} at shutdown. */
  public static void main(String[] args) {
    run(Clock.systemUTC(), System.out);
  }
}
