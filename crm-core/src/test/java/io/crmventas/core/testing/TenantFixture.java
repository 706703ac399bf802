package io.crmventas.core.testing;

import io.crmventas.core.contact.ContactAddress;
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
import io.crmventas.core.notification.Notification;
import io.crmventas.core.notification.NotificationId;
import io.crmventas.core.notification.NotificationType;
import io.crmventas.core.notification.Priority;
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
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant with a CEO and two sellers, and helpers to add leads, conversations, messages and
 * notifications to it. Every tenant gets a random id, so fixtures never collide in a shared
 * database.
 */
public final class TenantFixture {
  public final CrmStore store;
  public final MutableClock clock;
  public final TenantId id;
  public final TenantStore t;
  public final User ceo;
  public final User seller1;
  public final User seller2;

  private TenantFixture(CrmStore store, MutableClock clock) {
    this.store = store;
    this.clock = clock;
    this.id = TestData.newTenantId();
    store.tenants().create(TestData.tenant(id, clock.instant()));
    this.t = store.tenant(id);
    this.ceo = member("Ceo", Role.CEO);
    this.seller1 = seller("Seller One", SellerProfile.of(SellerKind.SETTER, 10));
    this.seller2 = seller("Seller Two", SellerProfile.of(SellerKind.CLOSER, 10));
  }

  public static TenantFixture create(CrmStore store, MutableClock clock) {
    return new TenantFixture(store, clock);
  }

  public Tenant tenant() {
    return store.tenants().find(id).orElseThrow();
  }

  public Instant now() {
    return clock.instant();
  }

  public User member(String name, Role role) {
    User u = store.users().create(TestData.user(name, now()));
    t.members().add(Membership.of(id, u.id(), role, now()));
    return u;
  }

  public User seller(String name, SellerProfile profile) {
    User u = store.users().create(TestData.user(name, now()));
    t.members().add(Membership.seller(id, u.id(), profile, now()));
    return u;
  }

  /** Marks seller {@code user} away (not available for automatic assignment). */
  public void away(UserId user) {
    Membership m = t.members().find(user).orElseThrow();
    t.members().update(m.withSeller(m.seller().orElseThrow().withAway(true)));
  }

  /** Deactivates member {@code user}. */
  public void deactivate(UserId user) {
    t.members().update(t.members().find(user).orElseThrow().withActive(false));
  }

  public Lead.Builder leadBuilder() {
    return Lead.builder(LeadId.of(UUID.randomUUID()), id, TestData.phone(), now());
  }

  /** A lead known by {@code contact} (phone number, channel user id or both). */
  public Lead.Builder leadBuilder(ContactAddress contact) {
    return Lead.builder(LeadId.of(UUID.randomUUID()), id, contact, now());
  }

  public Lead lead() {
    return t.leads().create(leadBuilder().name("Lead " + UUID.randomUUID().toString().substring(0, 6)).build());
  }

  public Conversation conversation(Lead lead) {
    return t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), id, lead.id(),
        Conversation.WHATSAPP, lead.assignedSellerId(), now())).value();
  }

  public Message inboundText(Conversation c, String text, String providerId, Instant sentAt) {
    return Message.inboundText(MessageId.of(UUID.randomUUID()), id, c.id(), c.leadId(), text, providerId, sentAt, now());
  }

  public Message reply(Conversation c, Author author, Optional<UserId> seller, String text, Instant sentAt) {
    return new Message(MessageId.of(UUID.randomUUID()), id, c.id(), c.leadId(), Direction.OUTBOUND, author, seller,
        MessageType.TEXT, Optional.of(text), Optional.empty(), Optional.empty(), Optional.empty(),
        DeliveryStatus.PENDING, Map.of(), sentAt, now());
  }

  public Notification notification(UserId recipient, String dedupKey, Priority priority, Instant at) {
    return new Notification(NotificationId.of(UUID.randomUUID()), id, recipient, NotificationType.UNANSWERED, priority,
        "Title " + dedupKey, "Message " + dedupKey, Map.of("k", "v"), Optional.empty(), dedupKey, Optional.empty(),
        Optional.empty(), at);
  }
}
