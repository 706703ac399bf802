package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.ConflictException;
import io.crmventas.core.conversation.Conversation;
import io.crmventas.core.conversation.ConversationId;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadQuery;
import io.crmventas.core.notification.NotificationQuery;
import io.crmventas.core.notification.Priority;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.store.TenantStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Contract for {@link io.crmventas.core.store.CrmStore#inTransaction}. */
public abstract class UnitOfWorkContract extends StoreContract {

  @Test
  void everythingCommitsTogether() {
    Lead candidate = a.leadBuilder().name("Tx Lead").build();
    Conversation c = store.inTransaction(tx -> {
      TenantStore t = tx.tenant(a.id);
      Lead lead = t.leads().create(candidate);
      Conversation conv = t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), a.id,
          lead.id(), "whatsapp", Optional.empty(), clock.instant())).value();
      t.conversations().append(a.inboundText(conv, "hola", "w-tx", clock.instant()));
      t.notifications().create(a.notification(a.seller1.id(), "new-lead", Priority.MEDIUM, clock.instant()));
      assertThat(t.leads().find(lead.id())).as("reads inside see the unit's writes").isPresent();
      return conv;
    });
    assertThat(a.t.leads().find(candidate.id())).isPresent();
    assertThat(a.t.conversations().find(c.id()).orElseThrow().messageCount()).isEqualTo(1);
    assertThat(a.t.notifications().list(NotificationQuery.forRecipient(a.seller1.id()), PageRequest.first(10)).items()).hasSize(1);
  }

  @Test
  void aFailureLeavesNothingBehind() {
    Lead existing = a.lead();
    Lead candidate = a.leadBuilder().name("Never stored").build();
    assertThatThrownBy(() -> store.runInTransaction(tx -> {
      TenantStore t = tx.tenant(a.id);
      Lead lead = t.leads().create(candidate);
      Conversation conv = t.conversations().openOrGet(Conversation.open(ConversationId.of(UUID.randomUUID()), a.id,
          lead.id(), "whatsapp", Optional.empty(), clock.instant())).value();
      t.conversations().append(a.inboundText(conv, "hola", "w-rollback", clock.instant()));
      t.notifications().create(a.notification(a.seller1.id(), "rolled-back", Priority.HIGH, clock.instant()));
      t.leads().update(existing.withTags(List.of("changed")));
      // Breaks the phone rule: the whole unit must disappear.
      t.leads().create(a.leadBuilder().phone(existing.phone().orElseThrow()).build());
    })).isInstanceOf(ConflictException.class);

    assertThat(a.t.leads().find(candidate.id())).isEmpty();
    assertThat(a.t.leads().count(LeadQuery.ALL)).isEqualTo(1);
    assertThat(a.t.leads().find(existing.id())).contains(existing);
    assertThat(a.t.messages().findByProviderId("w-rollback")).isEmpty();
    assertThat(a.t.conversations().findByLead(candidate.id(), "whatsapp")).isEmpty();
    assertThat(a.t.notifications().list(NotificationQuery.wholeTenant(), PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void anApplicationExceptionRollsBackAndPropagates() {
    Lead candidate = a.leadBuilder().build();
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> store.runInTransaction(tx -> {
      tx.tenant(a.id).leads().create(candidate);
      throw boom;
    })).isSameAs(boom);
    assertThat(a.t.leads().find(candidate.id())).isEmpty();
  }

  @Test
  void nestedUnitsJoinTheOuterOne() {
    Lead inner = a.leadBuilder().build();
    assertThatThrownBy(() -> store.runInTransaction(tx -> {
      tx.runInTransaction(tx2 -> tx2.tenant(a.id).leads().create(inner));
      throw new IllegalStateException("outer fails after inner finished");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(a.t.leads().find(inner.id())).isEmpty();
  }

  @Test
  void aSingleFailedOperationWritesNothing() {
    Lead existing = a.lead();
    // The phone clash is found after the id check; nothing of the failed call may remain.
    assertThatThrownBy(() -> a.t.leads().create(a.leadBuilder().phone(existing.phone().orElseThrow()).name("dup").build()))
        .isInstanceOf(ConflictException.class);
    assertThat(a.t.leads().count(LeadQuery.ALL)).isEqualTo(1);
  }
}
