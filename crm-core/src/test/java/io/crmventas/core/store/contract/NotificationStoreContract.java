package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.notification.Notification;
import io.crmventas.core.notification.NotificationId;
import io.crmventas.core.notification.NotificationQuery;
import io.crmventas.core.notification.NotificationSettings;
import io.crmventas.core.notification.NotificationStore;
import io.crmventas.core.notification.NotificationType;
import io.crmventas.core.notification.Priority;
import io.crmventas.core.notification.RelatedEntity;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Contract for notifications and notification settings. */
public abstract class NotificationStoreContract extends StoreContract {

  @Test
  void createRoundTripsEveryField() {
    Notification n = new Notification(NotificationId.of(UUID.randomUUID()), a.id, a.seller1.id(), NotificationType.HOT_LEAD,
        Priority.HIGH, "Lead caliente", "Ana escribió 5 veces en 2 h", Map.of("leadId", "x", "score", "82"),
        Optional.of(new RelatedEntity("lead", "x")), "hot_lead:x:2026-11-25", Optional.empty(),
        Optional.of(clock.instant().plus(Duration.ofDays(7))), clock.instant());
    assertThat(a.t.notifications().create(n).inserted()).isTrue();
    assertThat(a.t.notifications().find(n.id())).contains(n);
  }

  @Test
  void theDedupKeyIsUniquePerRecipient() {
    Notification first = a.notification(a.seller1.id(), "unanswered:c1:t1", Priority.HIGH, clock.instant());
    a.t.notifications().create(first);
    InsertResult<Notification> again =
        a.t.notifications().create(a.notification(a.seller1.id(), "unanswered:c1:t1", Priority.HIGH, clock.instant().plusSeconds(300)));
    assertThat(again.inserted()).isFalse();
    assertThat(again.value()).isEqualTo(first);
    assertThat(a.t.notifications().create(a.notification(a.ceo.id(), "unanswered:c1:t1", Priority.CRITICAL, clock.instant()))
        .inserted()).isTrue();
    assertThat(a.t.notifications().list(NotificationQuery.wholeTenant(), PageRequest.first(10)).items()).hasSize(2);
  }

  @Test
  void aRecipientWhoIsNotAMemberIsRejected() {
    var b = anotherTenant();
    assertThatThrownBy(() -> a.t.notifications().create(a.notification(b.ceo.id(), "k", Priority.LOW, clock.instant())))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("recipientId");
  }

  @Test
  void listOrdersByPriorityThenNewestAndPages() {
    List<Notification> made = new ArrayList<>();
    Priority[] ps = {Priority.LOW, Priority.CRITICAL, Priority.MEDIUM, Priority.HIGH, Priority.CRITICAL, Priority.LOW, Priority.HIGH};
    for (int i = 0; i < ps.length; i++) {
      made.add(a.t.notifications().create(a.notification(a.seller1.id(), "k" + i, ps[i], clock.instant().plusSeconds(i))).value());
    }
    List<Notification> seen = new ArrayList<>();
    PageRequest req = PageRequest.first(3);
    while (true) {
      Page<Notification> p = a.t.notifications().list(NotificationQuery.forRecipient(a.seller1.id()), req);
      seen.addAll(p.items());
      if (!p.hasNext()) {
        break;
      }
      req = p.next(3).orElseThrow();
    }
    assertThat(seen).extracting(Notification::dedupKey).containsExactly("k4", "k1", "k6", "k3", "k2", "k5", "k0");
  }

  @Test
  void unreadCountsMarkReadAndMarkAllRead() {
    Notification c1 = a.t.notifications().create(a.notification(a.seller1.id(), "a", Priority.CRITICAL, clock.instant())).value();
    a.t.notifications().create(a.notification(a.seller1.id(), "b", Priority.HIGH, clock.instant()));
    a.t.notifications().create(a.notification(a.seller1.id(), "c", Priority.HIGH, clock.instant()));
    a.t.notifications().create(a.notification(a.seller2.id(), "d", Priority.LOW, clock.instant()));

    assertThat(a.t.notifications().countUnread(a.seller1.id()))
        .containsExactlyInAnyOrderEntriesOf(Map.of(Priority.CRITICAL, 1L, Priority.HIGH, 2L, Priority.MEDIUM, 0L, Priority.LOW, 0L));

    assertThat(a.t.notifications().markRead(c1.id(), a.seller2.id(), clock.instant())).isFalse();
    assertThat(a.t.notifications().markRead(c1.id(), a.seller1.id(), clock.instant())).isTrue();
    assertThat(a.t.notifications().markRead(c1.id(), a.seller1.id(), clock.instant())).isFalse();
    assertThat(a.t.notifications().find(c1.id()).orElseThrow().readAt()).contains(clock.instant());
    assertThat(a.t.notifications().countUnread(a.seller1.id()).get(Priority.CRITICAL)).isZero();

    assertThat(a.t.notifications().list(NotificationQuery.forRecipient(a.seller1.id()).unread(), PageRequest.first(10)).items())
        .extracting(Notification::dedupKey).containsExactlyInAnyOrder("b", "c");
    assertThat(a.t.notifications().markAllRead(a.seller1.id(), clock.instant())).isEqualTo(2);
    assertThat(a.t.notifications().markAllRead(a.seller1.id(), clock.instant())).isZero();
    assertThat(a.t.notifications().countUnread(a.seller2.id()).get(Priority.LOW)).isEqualTo(1);
  }

  @Test
  void filtersByType() {
    a.t.notifications().create(a.notification(a.seller1.id(), "x", Priority.LOW, clock.instant()));
    Notification hot = new Notification(NotificationId.of(UUID.randomUUID()), a.id, a.seller1.id(), NotificationType.HOT_LEAD,
        Priority.HIGH, "t", "m", Map.of(), Optional.empty(), "hot", Optional.empty(), Optional.empty(), clock.instant());
    a.t.notifications().create(hot);
    assertThat(a.t.notifications().list(NotificationQuery.wholeTenant().ofTypes(Set.of(NotificationType.HOT_LEAD)),
        PageRequest.first(10)).items()).containsExactly(hot);
  }

  /** Stores, for seller 1, one notification expiring a minute after {@code now} and one that never expires. */
  private Notification expiringBesideOneThatKeeps(Priority priority, String key, Instant now) {
    Notification expiring = new Notification(NotificationId.of(UUID.randomUUID()), a.id, a.seller1.id(), NotificationType.FOLLOW_UP,
        priority, "t", "m", Map.of(), Optional.empty(), key, Optional.empty(), Optional.of(now.plusSeconds(60)), now);
    a.t.notifications().create(expiring);
    a.t.notifications().create(a.notification(a.seller1.id(), "keeps", Priority.LOW, now));
    return expiring;
  }

  @Test
  void expiredNotificationsAreDeletedAndTheirKeyFreed() {
    Instant now = clock.instant();
    Notification expiring = expiringBesideOneThatKeeps(Priority.LOW, "follow:1", now);
    assertThat(a.t.notifications().deleteExpired(now.plusSeconds(59))).isZero();
    assertThat(a.t.notifications().deleteExpired(now.plusSeconds(60))).isEqualTo(1);
    assertThat(a.t.notifications().find(expiring.id())).isEmpty();
    assertThat(a.t.notifications().create(a.notification(a.seller1.id(), "follow:1", Priority.LOW, now)).inserted()).isTrue();
  }

  @Test
  void anExpiredNotificationIsNeitherListedNorCountedBeforeItIsDeleted() {
    Notification expiring = expiringBesideOneThatKeeps(Priority.MEDIUM, "follow:2", clock.instant());
    NotificationQuery mine = NotificationQuery.forRecipient(a.seller1.id());
    assertThat(a.t.notifications().list(mine, PageRequest.first(10)).items()).hasSize(2);
    assertThat(a.t.notifications().countUnread(a.seller1.id())).containsEntry(Priority.MEDIUM, 1L);
    clock.advance(Duration.ofSeconds(60));
    assertThat(a.t.notifications().list(mine, PageRequest.first(10)).items()).extracting(Notification::dedupKey)
        .containsExactly("keeps");
    assertThat(a.t.notifications().list(NotificationQuery.wholeTenant().unread(), PageRequest.first(10)).items())
        .extracting(Notification::dedupKey).containsExactly("keeps");
    assertThat(a.t.notifications().countUnread(a.seller1.id())).containsEntry(Priority.MEDIUM, 0L)
        .containsEntry(Priority.LOW, 1L);
    assertThat(a.t.notifications().find(expiring.id())).as("still stored until the clean-up").isPresent();
    // Nor marked read: marking agrees with what was counted.
    assertThat(a.t.notifications().markRead(expiring.id(), a.seller1.id(), clock.instant())).isFalse();
    assertThat(a.t.notifications().markAllRead(a.seller1.id(), clock.instant())).isEqualTo(1);
    assertThat(a.t.notifications().find(expiring.id()).orElseThrow().isRead()).isFalse();
  }

  @Test
  void trimKeepsTheNewestPerRecipient() {
    for (int i = 0; i < 6; i++) {
      a.t.notifications().create(a.notification(a.seller1.id(), "s1-" + i, Priority.values()[i % 4], clock.instant().plusSeconds(i)));
    }
    for (int i = 0; i < 2; i++) {
      a.t.notifications().create(a.notification(a.seller2.id(), "s2-" + i, Priority.LOW, clock.instant().plusSeconds(i)));
    }
    assertThat(a.t.notifications().trimPerRecipient(3)).isEqualTo(3);
    assertThat(a.t.notifications().list(NotificationQuery.forRecipient(a.seller1.id()), PageRequest.first(10)).items())
        .extracting(Notification::dedupKey).containsExactlyInAnyOrder("s1-3", "s1-4", "s1-5");
    assertThat(a.t.notifications().list(NotificationQuery.forRecipient(a.seller2.id()), PageRequest.first(10)).items()).hasSize(2);
    // A trimmed notification's key stays taken: the same occurrence is not stored again.
    Notification again = a.notification(a.seller1.id(), "s1-0", Priority.HIGH, clock.instant().plusSeconds(60));
    InsertResult<Notification> r = a.t.notifications().create(again);
    assertThat(r.inserted()).isFalse();
    assertThat(r.value()).isEqualTo(again);
    assertThat(a.t.notifications().create(a.notification(a.seller2.id(), "s1-0", Priority.HIGH, clock.instant()))
        .inserted()).as("another recipient's same key is theirs").isTrue();
    assertThat(a.t.notifications().createAll(List.of(
        a.notification(a.seller1.id(), "s1-1", Priority.HIGH, clock.instant()),
        a.notification(a.seller2.id(), "s1-1", Priority.HIGH, clock.instant()))))
        .as("another recipient's same key is theirs").extracting(Notification::recipientId).containsExactly(a.seller2.id());
    // Ninety days after the trim the keys are forgotten.
    clock.advance(Duration.ofDays(NotificationStore.TRIMMED_KEY_DAYS).plusSeconds(1));
    a.t.notifications().deleteExpired(clock.instant());
    assertThat(a.t.notifications().create(again).inserted()).isTrue();
  }

  @Test
  void settingsAreSavedReplacedAndOnlyForMembers() {
    assertThat(a.t.notificationSettings().find(a.seller1.id())).isEmpty();
    NotificationSettings s = new NotificationSettings(a.id, a.seller1.id(), Set.of(NotificationType.FOLLOW_UP, NotificationType.PERFORMANCE),
        Optional.of(clock.instant().plusSeconds(3600)), clock.instant());
    a.t.notificationSettings().save(s);
    assertThat(a.t.notificationSettings().find(a.seller1.id())).contains(s);
    NotificationSettings cleared = NotificationSettings.defaults(a.id, a.seller1.id(), clock.instant().plusSeconds(5));
    a.t.notificationSettings().save(cleared);
    assertThat(a.t.notificationSettings().find(a.seller1.id())).contains(cleared);

    var b = anotherTenant();
    assertThatThrownBy(() -> a.t.notificationSettings().save(NotificationSettings.defaults(a.id, b.ceo.id(), clock.instant())))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("userId");
  }
}
