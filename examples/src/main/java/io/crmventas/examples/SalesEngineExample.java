package io.crmventas.examples;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.assignment.AssignmentOutcome;
import io.crmventas.core.assignment.SellerAssigner;
import io.crmventas.core.channel.InboundMessage;
import io.crmventas.core.channel.InboundRecorder;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.event.EventBus;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.scoring.LeadScoringService;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The sales engine embedded in a plain Java program, in memory: a tenant with three sellers,
 * four leads writing their first WhatsApp message, each lead scored (with the reasons, in the
 * tenant's language) and assigned to a seller (with the explanation of the choice).
 *
 * <p>Swap {@code InMemoryCrmStore.create(clock)} for {@code JdbcCrmStore.create(dataSource,
 * clock)} to run the same code on PostgreSQL.
 */
public final class SalesEngineExample {
  /** One lead's first message and what became of it. */
  public record Outcome(String phone, String message, LeadScore score, String seller, String explanation) {}

  private SalesEngineExample() {}

  /** Runs the example on {@code clock}, printing to {@code out}. */
  public static List<Outcome> run(Clock clock, PrintStream out) {
    CrmStore store = InMemoryCrmStore.create(clock);
    IdGenerator ids = IdGenerator.timeOrdered(clock);
    EventBus bus = new EventBus();
    Instant now = clock.instant();

    TenantId acme = TenantId.of("acme");
    store.tenants().create(Tenant.of(acme, "Acme Seguros", ZoneId.of("America/Argentina/Buenos_Aires"),
        Locale.forLanguageTag("es"), now));
    Map<UserId, String> sellers = new HashMap<>();
    for (String name : List.of("Ana", "Bruno", "Carla")) {
      User u = store.users().create(new User(UserId.of(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))),
          EmailAddress.parse(name.toLowerCase(Locale.ROOT) + "@acme.example"), name, now));
      // Each may hold up to 20 open conversations, any time of day.
      store.tenant(acme).members().add(Membership.seller(acme, u.id(), SellerProfile.of(SellerKind.CLOSER, 20), now));
      sellers.put(u.id(), name);
    }
    User ceo = store.users().create(new User(UserId.of(UUID.nameUUIDFromBytes(new byte[] {'D'})), EmailAddress.parse("dora@acme.example"),
        "Dora", now));
    store.tenant(acme).members().add(Membership.of(acme, ceo.id(), Role.CEO, now));

    LeadScoringService scoring = LeadScoringService.builder(store).clock(clock).events(bus).build();
    InboundRecorder inbound = new InboundRecorder(store, bus, clock, ids, Optional.of(scoring));
    SellerAssigner assigner = SellerAssigner.builder(store).clock(clock).events(bus).build();

    String[][] leads = {
        {"+5491155550001", "Lucía", "Hola, cuánto cuesta el seguro del auto? Es urgente, lo necesito hoy"},
        {"+5491155550002", "Martín", "Hola"},
        {"+5491155550003", "Sofía", "Quiero contratar el plan hogar, cómo pago?"},
        {"+5491155550004", "Diego", "No me interesa, no me escriban más"},
    };
    List<Outcome> outcomes = new ArrayList<>();
    for (String[] l : leads) {
      // What a channel adapter (crm-ycloud's inbox worker, for example) does with each message.
      InboundRecorder.Recorded r = inbound.record(acme, InboundMessage.builder("whatsapp", "wamid." + UUID.randomUUID(),
          PhoneNumber.parse(l[0]), "+5491100000000", now, MessageType.TEXT).customerName(l[1]).text(l[2]).build());
      Lead lead = store.tenant(acme).leads().find(r.lead().id()).orElseThrow();
      LeadScore score = lead.score().orElseThrow();

      AssignmentOutcome outcome = assigner.assign(acme, lead.id());
      String seller = "nobody";
      String explanation;
      if (outcome instanceof AssignmentOutcome.Assigned a) {
        seller = a.assignment().sellerId().map(sellers::get).orElse("nobody");
        explanation = a.assignment().explanation().summary();
      } else if (outcome instanceof AssignmentOutcome.Queued q) {
        explanation = q.explanation().summary();
      } else {
        explanation = outcome.toString();
      }

      out.printf("%s (%s): \"%s\"%n", l[1], l[0], l[2]);
      out.printf("  score %d %s%n", score.value(), score.band());
      score.factors().forEach(f -> out.printf("    %s  (%s)%n", f.reason(), f.rule()));
      out.printf("  assigned to %s: %s%n%n", seller, explanation);
      outcomes.add(new Outcome(l[0], l[2], score, seller, explanation));
    }
    return outcomes;
  }

  public static void main(String[] args) {
    run(Clock.systemUTC(), System.out);
  }
}
