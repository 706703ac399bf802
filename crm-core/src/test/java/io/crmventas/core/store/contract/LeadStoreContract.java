package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.ConflictException;
import io.crmventas.core.InvalidInputException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadQuery;
import io.crmventas.core.lead.LeadScore;
import io.crmventas.core.lead.LeadSource;
import io.crmventas.core.lead.LeadStatus;
import io.crmventas.core.lead.MetaAttribution;
import io.crmventas.core.lead.Qualification;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.lead.ScoreFactor;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.UserId;
import io.crmventas.core.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Contract for {@link io.crmventas.core.lead.LeadStore}. */
public abstract class LeadStoreContract extends StoreContract {

  private Lead fullLead() {
    return a.leadBuilder()
        .name("María José")
        .email(EmailAddress.parse("maria@example.com"))
        .status(LeadStatus.QUALIFIED)
        .source(LeadSource.META_ADS)
        .attribution(new MetaAttribution("120210000000001", Optional.of("ad"), Optional.of("https://fb.me/abc"),
            Optional.of("Curso intensivo"), Optional.of("Aprendé en 8 semanas"), Optional.of("ARAbc123"),
            Optional.of("campaign-9")))
        .score(new LeadScore(72, ScoreBand.HOT, List.of(new ScoreFactor("source", 15, "+15 came from a Meta ad"),
            new ScoreFactor("engagement", 18, "+18 replied 6 times in the last 24 h")), clock.instant()))
        .qualification(Qualification.NONE.withInterest(Qualification.Interest.HIGH)
            .withTimeline(Qualification.Timeline.THIS_MONTH).withBudget("USD 2000").withNeed("Curso para su equipo"))
        .tags(List.of("caliente", "precio_sensible"))
        .assignedSellerId(a.seller1.id())
        .humanOverrideUntil(clock.instant().plus(Duration.ofHours(2)))
        .language("es")
        .lastInboundAt(clock.instant().minusSeconds(30))
        .lastOutboundAt(clock.instant().minusSeconds(10))
        .build();
  }

  @Test
  void createStoresEveryFieldAndStartsAtVersionOne() {
    Lead lead = fullLead();
    Lead created = a.t.leads().create(lead);
    assertThat(created.version()).isEqualTo(1);
    assertThat(created).isEqualTo(lead.toBuilder().version(1).build());
    assertThat(a.t.leads().find(lead.id())).contains(created);
    assertThat(a.t.leads().findByPhone(lead.phone().orElseThrow())).contains(created);
  }

  @Test
  void timesKeepMicrosecondPrecision() {
    Instant precise = Instant.parse("2026-11-25T10:00:00.123456789Z");
    Lead lead = a.t.leads().create(a.leadBuilder().createdAt(precise).updatedAt(precise).statusChangedAt(precise).build());
    Lead read = a.t.leads().find(lead.id()).orElseThrow();
    assertThat(read.createdAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123456Z"));
    assertThat(read).isEqualTo(lead);
  }

  @Test
  void phoneIsUniquePerTenant() {
    Lead first = a.lead();
    Lead samePhone = a.leadBuilder().phone(first.phone().orElseThrow()).build();
    assertThatThrownBy(() -> a.t.leads().create(samePhone))
        .isInstanceOf(ConflictException.class)
        .hasMessageNotContaining(first.phone().orElseThrow().value().substring(1)).hasNoCause()
        .extracting(e -> ((ConflictException) e).rule()).isEqualTo("lead.phone.unique");
    assertThat(a.t.leads().count(LeadQuery.ALL)).isEqualTo(1);
  }

  @Test
  void theSamePhoneMayExistInAnotherTenant() {
    Lead first = a.lead();
    var b = anotherTenant();
    Lead inB = b.t.leads().create(b.leadBuilder().phone(first.phone().orElseThrow()).build());
    assertThat(b.t.leads().findByPhone(first.phone().orElseThrow())).contains(inB);
    assertThat(a.t.leads().findByPhone(first.phone().orElseThrow()).orElseThrow().id()).isEqualTo(first.id());
  }

  @Test
  void updateBumpsTheVersionAndStampsTheClock() {
    Lead lead = a.lead();
    clock.advance(Duration.ofMinutes(5));
    Lead updated = a.t.leads().update(lead.withStatus(LeadStatus.CONTACTED, clock.instant()).withTags(List.of("urgente")));
    assertThat(updated.version()).isEqualTo(2);
    assertThat(updated.updatedAt()).isEqualTo(clock.instant());
    assertThat(updated.statusChangedAt()).isEqualTo(clock.instant());
    assertThat(updated.createdAt()).isEqualTo(lead.createdAt());
    assertThat(a.t.leads().find(lead.id())).contains(updated);
  }

  @Test
  void aStaleUpdateIsAConflictAndChangesNothing() {
    Lead lead = a.lead();
    Lead first = a.t.leads().update(lead.withTags(List.of("a")));
    assertThatThrownBy(() -> a.t.leads().update(lead.withTags(List.of("b"))))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((ConflictException) e).rule()).isEqualTo("lead.version");
    assertThat(a.t.leads().find(lead.id())).contains(first);
  }

  @Test
  void updateToATakenPhoneIsAConflict() {
    Lead one = a.lead();
    Lead two = a.lead();
    assertThatThrownBy(() -> a.t.leads().update(two.toBuilder().phone(one.phone().orElseThrow()).build()))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((ConflictException) e).rule()).isEqualTo("lead.phone.unique");
  }

  @Test
  void updateCanChangeThePhone() {
    Lead lead = a.lead();
    PhoneNumber fresh = TestData.phone();
    a.t.leads().update(lead.toBuilder().phone(fresh).build());
    assertThat(a.t.leads().findByPhone(fresh)).map(Lead::id).contains(lead.id());
    assertThat(a.t.leads().findByPhone(lead.phone().orElseThrow())).isEmpty();
  }

  @Test
  void updatingAnUnknownLeadIsNotFound() {
    assertThatThrownBy(() -> a.t.leads().update(a.leadBuilder().version(1).build()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aSellerWhoIsNotAMemberIsRejected() {
    var b = anotherTenant();
    Lead lead = a.leadBuilder().assignedSellerId(b.seller1.id()).build();
    assertThatThrownBy(() -> a.t.leads().create(lead))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("assignedSellerId");
    assertThat(a.t.leads().find(lead.id())).isEmpty();

    Lead stored = a.lead();
    assertThatThrownBy(() -> a.t.leads().update(stored.toBuilder().assignedSellerId(b.seller1.id()).build()))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("assignedSellerId");
    assertThat(a.t.leads().find(stored.id())).contains(stored);
  }

  @Test
  void upsertCreatesOnceThenReturnsTheExistingLead() {
    Lead candidate = a.leadBuilder().build();
    InsertResult<Lead> first = a.t.leads().upsertByContact(candidate);
    assertThat(first.inserted()).isTrue();
    assertThat(first.value().version()).isEqualTo(1);

    Lead other = a.leadBuilder().phone(candidate.phone().orElseThrow()).source(LeadSource.REFERRAL).build();
    InsertResult<Lead> second = a.t.leads().upsertByContact(other);
    assertThat(second.inserted()).isFalse();
    assertThat(second.value()).isEqualTo(first.value());
  }

  @Test
  void upsertFillsAMissingNameButNeverOverwritesOne() {
    Lead candidate = a.leadBuilder().build();
    a.t.leads().upsertByContact(candidate);
    clock.advance(Duration.ofSeconds(1));
    Lead named = a.t.leads().upsertByContact(a.leadBuilder().phone(candidate.phone().orElseThrow()).name("Juan").build()).value();
    assertThat(named.name()).contains("Juan");
    assertThat(named.version()).isEqualTo(2);
    assertThat(named.updatedAt()).isEqualTo(clock.instant());
    Lead again = a.t.leads().upsertByContact(a.leadBuilder().phone(candidate.phone().orElseThrow()).name("Pedro").build()).value();
    assertThat(again).isEqualTo(named);
  }

  /** Upserts a lead for each contact, all at once from their own threads; the leads' ids, and how many were inserted. */
  private record Upserts(Set<LeadId> ids, int inserted) {}

  private Upserts upsertAtOnce(List<ContactAddress> contacts) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(contacts.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<InsertResult<Lead>>> results = new ArrayList<>();
      for (ContactAddress c : contacts) {
        Callable<InsertResult<Lead>> task = () -> {
          start.await();
          return a.t.leads().upsertByContact(a.leadBuilder(c).build());
        };
        results.add(pool.submit(task));
      }
      start.countDown();
      Set<LeadId> ids = new HashSet<>();
      int inserted = 0;
      for (Future<InsertResult<Lead>> f : results) {
        InsertResult<Lead> r = f.get();
        ids.add(r.value().id());
        inserted += r.inserted() ? 1 : 0;
      }
      return new Upserts(ids, inserted);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sixteenThreadsUpsertingOnePhoneEndWithOneLead() throws Exception {
    PhoneNumber phone = TestData.phone();
    Upserts r = upsertAtOnce(java.util.Collections.nCopies(16, ContactAddress.of(phone)));
    assertThat(r.ids()).hasSize(1);
    assertThat(r.inserted()).isEqualTo(1);
    assertThat(a.t.leads().count(LeadQuery.builder().search(phone.value().substring(1)).build())).isEqualTo(1);
  }

  @Test
  void aLeadMayBeKnownByItsChannelUserIdAlone() {
    ChannelUserId user = TestData.userId();
    Lead lead = a.leadBuilder(ContactAddress.of(user)).name("Ana").build();
    Lead created = a.t.leads().create(lead);
    assertThat(created).isEqualTo(lead.toBuilder().version(1).build());
    assertThat(created.phone()).isEmpty();
    assertThat(created.contact().label()).isEqualTo(user.value());
    assertThat(a.t.leads().findByChannelUserId(user)).contains(created);
    assertThat(a.t.leads().find(created.id())).contains(created);
    assertThat(a.t.leads().findByChannelUserId(TestData.userId())).isEmpty();
    String digits = user.value().substring(3, 12);
    assertThat(a.t.leads().list(LeadQuery.builder().search("ar." + digits).build(), PageRequest.first(10)).items())
        .containsExactly(created);
  }

  @Test
  void aChannelUserIdIsUniquePerTenantAndMayRepeatInAnother() {
    Lead first = a.t.leads().create(a.leadBuilder().channelUserId(TestData.userId()).build());
    ChannelUserId user = first.channelUserId().orElseThrow();
    assertThatThrownBy(() -> a.t.leads().create(a.leadBuilder(ContactAddress.of(user)).build()))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((ConflictException) e).rule()).isEqualTo("lead.channelUserId.unique");
    Lead other = a.lead();
    assertThatThrownBy(() -> a.t.leads().update(other.toBuilder().channelUserId(user).build()))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((ConflictException) e).rule()).isEqualTo("lead.channelUserId.unique");
    assertThat(a.t.leads().find(other.id())).contains(other);
    assertThat(a.t.leads().count(LeadQuery.ALL)).isEqualTo(2);

    var b = anotherTenant();
    Lead inB = b.t.leads().create(b.leadBuilder(ContactAddress.of(user)).build());
    assertThat(b.t.leads().findByChannelUserId(user)).contains(inB);
    assertThat(a.t.leads().findByChannelUserId(user).orElseThrow().id()).isEqualTo(first.id());
  }

  @Test
  void updateCanGiveALeadKnownByUserIdItsPhoneAndMoveTheUserId() {
    ChannelUserId user = TestData.userId();
    Lead lead = a.t.leads().create(a.leadBuilder(ContactAddress.of(user)).build());
    PhoneNumber phone = TestData.phone();
    ChannelUserId changed = TestData.userId();
    Lead updated = a.t.leads().update(lead.toBuilder().phone(phone).channelUserId(changed).build());
    assertThat(a.t.leads().findByPhone(phone)).contains(updated);
    assertThat(a.t.leads().findByChannelUserId(changed)).contains(updated);
    assertThat(a.t.leads().findByChannelUserId(user)).isEmpty();
    Lead freed = a.t.leads().create(a.leadBuilder(ContactAddress.of(user)).build());
    assertThat(a.t.leads().findByChannelUserId(user)).contains(freed);
  }

  @Test
  void upsertByUserIdCreatesOnceThenReturnsTheExistingLead() {
    ChannelUserId user = TestData.userId();
    InsertResult<Lead> first = a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(user)).build());
    assertThat(first.inserted()).isTrue();
    InsertResult<Lead> second = a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(user)).build());
    assertThat(second.inserted()).isFalse();
    assertThat(second.value()).isEqualTo(first.value());
  }

  @Test
  void upsertGivesALeadKnownByPhoneTheUserIdTheChannelNowSends() {
    Lead lead = a.lead();
    ChannelUserId user = TestData.userId();
    clock.advance(Duration.ofSeconds(1));
    InsertResult<Lead> r = a.t.leads().upsertByContact(
        a.leadBuilder(ContactAddress.of(lead.phone(), Optional.of(user))).name("Otro").build());
    assertThat(r.inserted()).isFalse();
    assertThat(r.value()).isEqualTo(lead.toBuilder().channelUserId(user).version(2).updatedAt(clock.instant()).build());
    assertThat(a.t.leads().findByChannelUserId(user)).contains(r.value());
  }

  @Test
  void upsertGivesALeadKnownByUserIdThePhoneTheChannelNowShows() {
    ChannelUserId user = TestData.userId();
    Lead lead = a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(user)).build()).value();
    PhoneNumber phone = TestData.phone();
    InsertResult<Lead> r = a.t.leads().upsertByContact(
        a.leadBuilder(ContactAddress.of(Optional.of(phone), Optional.of(user))).name("Ana").build());
    assertThat(r.inserted()).isFalse();
    assertThat(r.value().id()).isEqualTo(lead.id());
    assertThat(r.value().phone()).contains(phone);
    assertThat(r.value().name()).contains("Ana");
    assertThat(r.value().version()).isEqualTo(2);
    assertThat(a.t.leads().findByPhone(phone)).contains(r.value());
    assertThat(a.t.leads().count(LeadQuery.ALL)).isEqualTo(1);
  }

  @Test
  void upsertKeepsTheUsernameTheAccountReportsLastAndSearchFindsIt() {
    ChannelUserId user = TestData.userId();
    Lead lead = a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(user)).username("@anagomez").build()).value();
    assertThat(lead.username()).contains("@anagomez");
    assertThat(a.t.leads().find(lead.id())).contains(lead);
    // The same account under another username: the lead shows the new one.
    clock.advance(Duration.ofSeconds(1));
    Lead renamed = a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(user)).username("@ana.g").build()).value();
    assertThat(renamed).isEqualTo(lead.toBuilder().username("@ana.g").version(2).updatedAt(clock.instant()).build());
    // Without one, or with the same one, nothing changes.
    assertThat(a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(user)).build()).value()).isEqualTo(renamed);
    assertThat(a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(user)).username("@ana.g").build()).value())
        .isEqualTo(renamed);
    assertThat(a.t.leads().list(LeadQuery.builder().search("ANA.G").build(), PageRequest.first(10)).items())
        .containsExactly(renamed);
    // A phone lead taking the user id now takes its username with it.
    Lead byPhone = a.lead();
    ChannelUserId other = TestData.userId();
    Lead withId = a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(byPhone.phone(), Optional.of(other)))
        .username("@luis").build()).value();
    assertThat(withId.channelUserId()).contains(other);
    assertThat(withId.username()).contains("@luis");
    // Another account writing from a lead's number (its user id changed, or the number was
    // recycled) does not rename the number's lead.
    Lead fromAnother = a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(byPhone.phone(),
        Optional.of(TestData.userId()))).username("@otra").build()).value();
    assertThat(fromAnother.id()).isEqualTo(byPhone.id());
    assertThat(fromAnother.username()).contains("@luis");
    // A candidate without a user id does not rename a lead that has one...
    assertThat(a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(byPhone.phone().orElseThrow()))
        .username("@sin.id").build()).value().username()).contains("@luis");
    // With no user id on either side, the username follows the messages.
    Lead phoneOnly = a.lead();
    assertThat(a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(phoneOnly.phone().orElseThrow()))
        .username("@pepe").build()).value().username()).contains("@pepe");
    // A phone lead without a user id, returned for a contact whose user id is another lead's
    // (one person, two leads), does not take that account's username.
    Lead idOnly = a.t.leads().create(a.leadBuilder(ContactAddress.of(TestData.userId())).build());
    Lead split = a.t.leads().upsertByContact(a.leadBuilder(ContactAddress.of(phoneOnly.phone(), idOnly.channelUserId()))
        .username("@split").build()).value();
    assertThat(split.id()).isEqualTo(phoneOnly.id());
    assertThat(split.username()).contains("@pepe");
    // update() stores it too, and clears it.
    Lead updated = a.t.leads().update(fromAnother.toBuilder().username("@luis.p").build());
    assertThat(a.t.leads().find(byPhone.id())).contains(updated);
    assertThat(a.t.leads().update(updated.toBuilder().username(null).build()).username()).isEmpty();
    assertThat(a.t.leads().find(byPhone.id()).orElseThrow().username()).isEmpty();
  }

  @Test
  void upsertNeverReplacesAnIdentifierOrTakesOneFromAnotherLead() {
    Lead byPhone = a.lead();
    Lead byUser = a.t.leads().create(a.leadBuilder(ContactAddress.of(TestData.userId())).build());

    // One person, two leads (written first hiding the number): the phone's lead wins, the user
    // id stays with its own lead, and neither changes.
    InsertResult<Lead> split = a.t.leads().upsertByContact(a.leadBuilder(
        ContactAddress.of(byPhone.phone(), byUser.channelUserId())).build());
    assertThat(split.inserted()).isFalse();
    assertThat(split.value()).isEqualTo(byPhone);
    assertThat(a.t.leads().find(byUser.id())).contains(byUser);

    // A user id lead whose number shows at last does not take a number another lead has.
    Lead other = a.lead();
    InsertResult<Lead> taken = a.t.leads().upsertByContact(a.leadBuilder(
        ContactAddress.of(other.phone(), byUser.channelUserId())).build());
    assertThat(taken.value()).isEqualTo(other);
    assertThat(a.t.leads().find(byUser.id()).orElseThrow().phone()).isEmpty();
    assertThat(a.t.leads().count(LeadQuery.ALL)).isEqualTo(3);
  }

  @Test
  void aUserIdTakenConcurrentlyLeavesTheLeadWithoutItAndItsUnitOfWorkGoesOn() throws Exception {
    // A phone lead about to take a user id that another caller gives a new lead at the same
    // moment: whoever loses gets the lead as it is, and its unit of work is not spoilt.
    for (int round = 0; round < 20; round++) {
      Lead byPhone = a.lead();
      ChannelUserId user = TestData.userId();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<Lead>> results = new ArrayList<>();
        List<ContactAddress> contacts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          ContactAddress contact = i % 2 == 0 ? ContactAddress.of(byPhone.phone(), Optional.of(user))
              : ContactAddress.of(user);
          contacts.add(contact);
          results.add(pool.submit(() -> {
            start.await();
            return store.inTransaction(tx -> {
              Lead got = tx.tenant(a.id).leads().upsertByContact(a.leadBuilder(contact).build()).value();
              // Still usable: a statement after the upsert runs in the same transaction.
              return tx.tenant(a.id).leads().find(got.id()).orElseThrow();
            });
          }));
        }
        start.countDown();
        List<Lead> got = new ArrayList<>();
        for (Future<Lead> f : results) {
          got.add(f.get());
        }
        // The number's callers got the number's lead; the user id's callers the lead with that id
        // (the number's lead if it took the id first, else a lead of its own).
        LeadId holder = a.t.leads().findByChannelUserId(user).orElseThrow().id();
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i).id()).isEqualTo(contacts.get(i).phone().isPresent() ? byPhone.id() : holder);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aNumberUnderAnotherUserIdGoesToTheLeadOfThatUserIdIfThereIsOneElseToTheNumbersLead() {
    // The same number under another user id: a user whose id changed (a notice confirms it
    // later) or a recycled number. The number's lead takes it, keeping its own user id...
    Lead numbers = a.t.leads().create(a.leadBuilder().channelUserId(TestData.userId()).name("Ana").build());
    ChannelUserId changed = TestData.userId();
    InsertResult<Lead> r = a.t.leads().upsertByContact(a.leadBuilder(
        ContactAddress.of(numbers.phone(), Optional.of(changed))).name("Otra").build());
    assertThat(r.inserted()).isFalse();
    assertThat(r.value()).isEqualTo(numbers);
    assertThat(a.t.leads().findByChannelUserId(changed)).isEmpty();
    // ...unless a lead has that very user id: the same WhatsApp account wins over the number.
    Lead account = a.t.leads().create(a.leadBuilder(ContactAddress.of(changed)).build());
    InsertResult<Lead> exact = a.t.leads().upsertByContact(a.leadBuilder(
        ContactAddress.of(numbers.phone(), Optional.of(changed))).build());
    assertThat(exact.value()).isEqualTo(account);
    assertThat(a.t.leads().find(numbers.id())).contains(numbers);
    assertThat(a.t.leads().count(LeadQuery.ALL)).isEqualTo(2);
  }

  @Test
  void sixteenThreadsUpsertingOnePhoneAndUserIdEndWithOneLead() throws Exception {
    ContactAddress contact = ContactAddress.of(Optional.of(TestData.phone()), Optional.of(TestData.userId()));
    List<ContactAddress> contacts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      // Half the callers know only the user id, as a username user's first messages do.
      contacts.add(i % 2 == 0 ? contact : ContactAddress.of(contact.userId().orElseThrow()));
    }
    Upserts r = upsertAtOnce(contacts);
    assertThat(r.ids()).hasSize(1);
    assertThat(r.inserted()).isEqualTo(1);
    assertThat(a.t.leads().findByChannelUserId(contact.userId().orElseThrow()).orElseThrow().phone())
        .isEqualTo(contact.phone());
    assertThat(a.t.leads().count(LeadQuery.ALL)).isEqualTo(1);
  }

  @Test
  void listPagesThroughEveryLeadOnceNewestFirstEvenWithEqualTimes() {
    List<Lead> created = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      if (i % 5 == 0) {
        clock.advance(Duration.ofSeconds(1));
      }
      created.add(a.lead());
    }
    List<Lead> expected = new ArrayList<>(created);
    expected.sort(Comparator.comparing(Lead::createdAt).thenComparing(Lead::id).reversed());

    List<Lead> seen = new ArrayList<>();
    PageRequest request = PageRequest.first(7);
    int pages = 0;
    while (true) {
      Page<Lead> page = a.t.leads().list(LeadQuery.ALL, request);
      seen.addAll(page.items());
      pages++;
      if (!page.hasNext()) {
        break;
      }
      // A lead created while paging (newer than every page) does not disturb the pages.
      clock.advance(Duration.ofSeconds(1));
      a.lead();
      request = page.next(7).orElseThrow();
    }
    assertThat(pages).isEqualTo(4);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void aCursorFromElsewhereIsRejectedNamingTheField() {
    assertThatThrownBy(() -> a.t.leads().list(LeadQuery.ALL, PageRequest.after("not-a-cursor", 10)))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("after");
  }

  @Test
  void filtersCombine() {
    Lead hotMeta = a.t.leads().create(a.leadBuilder().name("Ana Hot").source(LeadSource.META_ADS)
        .score(new LeadScore(80, ScoreBand.HOT, List.of(), clock.instant()))
        .assignedSellerId(a.seller1.id()).tags(List.of("urgente")).build());
    Lead coldReferral = a.t.leads().create(a.leadBuilder().name("Beto").source(LeadSource.REFERRAL)
        .status(LeadStatus.CONTACTED).score(new LeadScore(10, ScoreBand.COLD, List.of(), clock.instant())).build());
    clock.advance(Duration.ofHours(1));
    Lead unscored = a.t.leads().create(a.leadBuilder().name("Carla").status(LeadStatus.WON)
        .assignedSellerId(a.seller2.id()).build());

    assertThat(ids(LeadQuery.builder().source(LeadSource.META_ADS).build())).containsExactly(hotMeta.id());
    assertThat(ids(LeadQuery.builder().status(LeadStatus.CONTACTED, LeadStatus.WON).build()))
        .containsExactly(unscored.id(), coldReferral.id());
    assertThat(ids(LeadQuery.builder().band(ScoreBand.HOT, ScoreBand.WARM).build())).containsExactly(hotMeta.id());
    assertThat(ids(LeadQuery.builder().assignedTo(a.seller1.id()).build())).containsExactly(hotMeta.id());
    assertThat(ids(LeadQuery.builder().unassignedOnly().build())).containsExactly(coldReferral.id());
    assertThat(ids(LeadQuery.builder().tag("URGENTE").build())).containsExactly(hotMeta.id());
    assertThat(ids(LeadQuery.builder().createdFrom(unscored.createdAt()).build())).containsExactly(unscored.id());
    assertThat(ids(LeadQuery.builder().createdBefore(unscored.createdAt()).build()))
        .containsExactlyInAnyOrder(hotMeta.id(), coldReferral.id());
    assertThat(ids(LeadQuery.builder().search("carl").build())).containsExactly(unscored.id());
    assertThat(ids(LeadQuery.builder().search(hotMeta.phone().orElseThrow().value().substring(4)).build())).containsExactly(hotMeta.id());
    assertThat(ids(LeadQuery.builder().search("100%_").build())).isEmpty();
    assertThat(ids(LeadQuery.builder().source(LeadSource.META_ADS).status(LeadStatus.WON).build())).isEmpty();
    assertThat(a.t.leads().count(LeadQuery.builder().band(ScoreBand.COLD).build())).isEqualTo(1);
    assertThat(a.t.leads().count(LeadQuery.ALL)).isEqualTo(3);
  }

  @Test
  void aCustomSourceRoundTrips() {
    Lead lead = a.t.leads().create(a.leadBuilder().source(LeadSource.of("trade_show")).build());
    assertThat(a.t.leads().find(lead.id()).orElseThrow().source()).isEqualTo(LeadSource.of("TRADE_SHOW"));
    assertThat(ids(LeadQuery.builder().source(LeadSource.of("TRADE_SHOW")).build())).containsExactly(lead.id());
  }

  @Test
  void clearingOptionalFieldsPersists() {
    Lead lead = a.t.leads().create(fullLead());
    Lead cleared = a.t.leads().update(lead.toBuilder().name(null).email(null).attribution(null).score(null)
        .qualification(Qualification.NONE).tags(List.of()).assignedSellerId(null).humanOverrideUntil(null)
        .language(null).build());
    assertThat(a.t.leads().find(lead.id())).contains(cleared);
    assertThat(cleared.assignedSellerId()).isEmpty();
  }

  @Test
  void unknownIdsAreNotFound() {
    assertThat(a.t.leads().find(LeadId.of(UUID.randomUUID()))).isEmpty();
    assertThat(a.t.leads().findByPhone(TestData.phone())).isEmpty();
    UserId nobody = UserId.of(UUID.randomUUID());
    assertThat(ids(LeadQuery.builder().assignedTo(nobody).build())).isEmpty();
  }

  private List<LeadId> ids(LeadQuery q) {
    return a.t.leads().list(q, PageRequest.first(100)).items().stream().map(Lead::id).toList();
  }
}
