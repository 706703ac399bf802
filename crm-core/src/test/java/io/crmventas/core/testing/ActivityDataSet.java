package io.crmventas.core.testing;

import io.crmventas.core.agenda.Appointment;
import io.crmventas.core.agenda.AppointmentId;
import io.crmventas.core.agenda.AppointmentSource;
import io.crmventas.core.agenda.AppointmentStatus;
import io.crmventas.core.assignment.Assignment;
import io.crmventas.core.assignment.AssignmentExplanation;
import io.crmventas.core.assignment.AssignmentId;
import io.crmventas.core.assignment.AssignmentKind;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.conversation.DeliveryStatus;
import io.crmventas.core.conversation.Direction;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.conversation.MessageType;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.scoring.ScoreChange;
import io.crmventas.core.scoring.ScoreChangeId;
import io.crmventas.core.scoring.ScoreTrigger;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.SellerKind;
import io.crmventas.core.tenant.SellerProfile;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * A generated, reproducible tenant full of sales activity: the same seed writes exactly the same
 * rows (ids, times, authors) into any store, through the store API. Times are whole
 * milliseconds, so no store rounds them. Designed to hit the edges of the metric definitions:
 * equal timestamps, bot and system messages inside lead blocks, reassignments, unanswered leads,
 * leads that never wrote, unassigned leads, conversations on two channels, appointments of
 * every status, hot leads with score history.
 */
public final class ActivityDataSet {
  private static final LeadSource[] SOURCES = {LeadSource.ORGANIC, LeadSource.META_ADS, LeadSource.REFERRAL,
      LeadSource.PROSPECTING};

  public final TenantId tenant;
  public final UserId ceo;
  public final List<UserId> sellers = new ArrayList<>();
  public final Instant now;

  private final Random random;

  private ActivityDataSet(TenantId tenant, long seed, Instant now) {
    this.tenant = tenant;
    this.random = new Random(seed);
    this.now = now;
    this.ceo = UserId.of(uuid());
  }

  /**
   * Writes the data set into {@code store}: a tenant with a CEO, {@code sellerCount} sellers
   * (the last one without any activity) and {@code leadCount} leads whose activity spans the
   * {@code days} days before {@code now}.
   */
  public static ActivityDataSet populate(CrmStore store, TenantId tenant, long seed, Instant now, int sellerCount,
      int leadCount, int days) {
    ActivityDataSet d = new ActivityDataSet(tenant, seed, now);
    d.write(store, sellerCount, leadCount, days);
    return d;
  }

  private UUID uuid() {
    return new UUID(random.nextLong(), random.nextLong());
  }

  private Instant ms(Instant t) {
    return Instant.ofEpochMilli(t.toEpochMilli());
  }

  private void write(CrmStore store, int sellerCount, int leadCount, int days) {
    Instant start = ms(now.minus(Duration.ofDays(days)));
    store.tenants().create(Tenant.of(tenant, "Generated " + tenant, TestData.BUENOS_AIRES,
        java.util.Locale.forLanguageTag("es"), start));
    TenantStore t = store.tenant(tenant);
    store.users().create(new User(ceo, EmailAddress.parse("ceo+" + ceo + "@example.com"), "Ceo", start));
    t.members().add(Membership.of(tenant, ceo, Role.CEO, start));
    for (int i = 0; i < sellerCount; i++) {
      UserId s = UserId.of(uuid());
      store.users().create(new User(s, EmailAddress.parse("s" + i + "+" + s + "@example.com"), "Seller " + i, start));
      t.members().add(Membership.seller(tenant, s, SellerProfile.of(i % 2 == 0 ? SellerKind.SETTER : SellerKind.CLOSER,
          50), start));
      sellers.add(s);
    }
    List<UserId> working = sellers.subList(0, Math.max(1, sellerCount - 1));
    long span = Duration.between(start, now).toMillis();
    for (int i = 0; i < leadCount; i++) {
      Instant created = start.plusMillis((long) (random.nextDouble() * span * 0.95));
      Optional<UserId> seller = random.nextInt(10) == 0 ? Optional.empty()
          : Optional.of(working.get(random.nextInt(working.size())));
      LeadStatus status = LeadStatus.values()[random.nextInt(LeadStatus.values().length)];
      Instant statusAt = created.plusMillis(random.nextInt(5 * 86_400_000));
      statusAt = statusAt.isAfter(now) ? created : statusAt;
      Lead.Builder b = Lead.builder(LeadId.of(uuid()), tenant, PhoneNumber.parse("+549" + (1_100_000_000L + i)), created)
          .name("Lead " + i).source(SOURCES[random.nextInt(SOURCES.length)]).status(status)
          .statusChangedAt(statusAt).createdAt(created).updatedAt(created);
      seller.ifPresent(b::assignedSellerId);
      boolean hot = random.nextInt(8) == 0;
      Instant scoredAt = created.plusMillis(60_000);
      if (hot) {
        b.score(new LeadScore(70 + random.nextInt(31), ScoreBand.HOT, List.of(), scoredAt));
      }
      Lead lead = t.leads().create(b.build());
      if (hot && random.nextBoolean()) {
        t.scoreHistory().record(new ScoreChange(ScoreChangeId.of(uuid()), tenant, lead.id(), Optional.of(40),
            Optional.of(ScoreBand.WARM), lead.score().orElseThrow(), ScoreTrigger.INBOUND_MESSAGE, scoredAt));
      }
      List<Conversation> convs = new ArrayList<>();
      convs.add(t.conversations().openOrGet(Conversation.open(ConversationId.of(uuid()), tenant, lead.id(),
          Conversation.WHATSAPP, seller, created)).value());
      if (random.nextInt(15) == 0) {
        convs.add(t.conversations().openOrGet(Conversation.open(ConversationId.of(uuid()), tenant, lead.id(),
            "telegram", seller, created)).value());
      }
      List<Instant> assignmentTimes = new ArrayList<>();
      if (seller.isPresent()) {
        Instant at = created.plusMillis(random.nextInt(3_600_000) - 600_000);
        assignmentTimes.add(at);
        record(t, lead.id(), seller.get(), at);
        if (random.nextInt(6) == 0) {
          UserId other = working.get(random.nextInt(working.size()));
          Instant later = at.plusMillis(random.nextInt(4 * 3_600_000));
          if (later.isBefore(now)) {
            record(t, lead.id(), other, later);
            record(t, lead.id(), seller.get(), later.plusMillis(random.nextInt(3_600_000)));
          }
        }
      }
      int messages = random.nextInt(30);
      Instant clock = created.plusMillis(random.nextInt(7_200_000));
      for (int m = 0; m < messages && clock.isBefore(now); m++) {
        Conversation c = convs.get(random.nextInt(convs.size()));
        int roll = random.nextInt(100);
        Author author = roll < 50 ? Author.LEAD : roll < 80 ? Author.SELLER : roll < 95 ? Author.BOT : Author.SYSTEM;
        Optional<UserId> by = Optional.empty();
        if (author == Author.SELLER) {
          by = Optional.of(random.nextInt(10) == 0 || seller.isEmpty() ? working.get(random.nextInt(working.size()))
              : seller.get());
        }
        t.conversations().append(message(c, author, by, clock));
        int gap = random.nextInt(20);
        clock = clock.plusMillis(gap == 0 ? 0 : gap < 12 ? random.nextInt(1_800_000) : random.nextInt(30 * 3_600_000));
      }
      if (seller.isPresent() && random.nextInt(4) == 0) {
        Instant booked = created.plusMillis(random.nextInt(3 * 86_400_000));
        Instant begins = booked.plusMillis(random.nextInt(5 * 86_400_000));
        if (booked.isBefore(now)) {
          AppointmentStatus st = AppointmentStatus.values()[random.nextInt(AppointmentStatus.values().length)];
          t.appointments().create(new Appointment(AppointmentId.of(uuid()), tenant, seller.get(), Optional.of(lead.id()),
              "Demo", begins, begins.plus(Duration.ofMinutes(45)), st, AppointmentSource.AI, Optional.empty(), booked,
              booked));
        }
      }
    }
  }

  private void record(TenantStore t, LeadId lead, UserId seller, Instant at) {
    t.assignments().record(new Assignment(AssignmentId.of(uuid()), tenant, lead, Optional.of(seller), Optional.empty(),
        AssignmentKind.AUTOMATIC, Optional.empty(), Optional.empty(), Optional.empty(),
        AssignmentExplanation.manual(seller, "generated"), at));
  }

  private Message message(Conversation c, Author author, Optional<UserId> by, Instant at) {
    Direction direction = author == Author.LEAD ? Direction.INBOUND : Direction.OUTBOUND;
    return new Message(MessageId.of(uuid()), tenant, c.id(), c.leadId(), direction, author, by, MessageType.TEXT,
        Optional.of("m"), Optional.empty(), Optional.empty(),
        author == Author.LEAD ? Optional.of("wamid." + uuid()) : Optional.empty(),
        author == Author.LEAD ? DeliveryStatus.RECEIVED : DeliveryStatus.SENT, Map.of(), at, at);
  }
}
