package io.crmventas.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.audit.AuditEvent;
import io.crmventas.core.audit.AuditEventId;
import io.crmventas.core.audit.AuditQuery;
import io.crmventas.core.memory.ChatMemory;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Contract for the assistant's chat memory and the audit log. */
public abstract class ChatMemoryAndAuditContract extends StoreContract {

  @Test
  void chatMemoryIsSavedReplacedAndDeleted() {
    String payload = "[{\"type\":\"USER\",\"text\":\"Hola ñ 😀\"}]";
    ChatMemory m = new ChatMemory(a.id, "lead-1", payload, clock.instant());
    a.t.chatMemory().save(m);
    assertThat(a.t.chatMemory().find("lead-1")).contains(m);
    ChatMemory longer = new ChatMemory(a.id, "lead-1", payload + "x", clock.instant().plusSeconds(1));
    a.t.chatMemory().save(longer);
    assertThat(a.t.chatMemory().find("lead-1")).contains(longer);
    assertThat(a.t.chatMemory().find(" lead-1 ")).as("the id as saved, trimmed").contains(longer);
    assertThat(a.t.chatMemory().delete(" lead-1")).isTrue();
    assertThat(a.t.chatMemory().delete("lead-1")).isFalse();
    assertThat(a.t.chatMemory().find("lead-1")).isEmpty();
    assertThatThrownBy(() -> a.t.chatMemory().save(new ChatMemory(a.id, "lead-2", "a" + (char) 0 + "b",
        clock.instant()))).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("payload");
  }

  private AuditEvent event(Optional<UserId> actor, String entityId, Instant at) {
    return new AuditEvent(AuditEventId.of(UUID.randomUUID()), a.id, actor, "lead.reassigned", "lead", entityId,
        Map.of("from", "a", "to", "b"), at);
  }

  @Test
  void auditAppendsAndListsNewestFirstWithFilters() {
    List<AuditEvent> forL1 = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      forL1.add(a.t.audit().append(event(Optional.of(a.ceo.id()), "l1", clock.instant().plusSeconds(i))));
    }
    AuditEvent system = a.t.audit().append(event(Optional.empty(), "l2", clock.instant().plusSeconds(2)));

    Page<AuditEvent> p1 = a.t.audit().list(AuditQuery.forEntity("lead", "l1"), PageRequest.first(3));
    Page<AuditEvent> p2 = a.t.audit().list(AuditQuery.forEntity("lead", "l1"), p1.next(3).orElseThrow());
    List<AuditEvent> seen = new ArrayList<>(p1.items());
    seen.addAll(p2.items());
    List<AuditEvent> expected = new ArrayList<>(forL1);
    java.util.Collections.reverse(expected);
    assertThat(seen).containsExactlyElementsOf(expected);

    AuditQuery byActor = new AuditQuery(Optional.empty(), Optional.empty(), Optional.of(a.ceo.id()),
        Optional.of(clock.instant().plusSeconds(1)), Optional.of(clock.instant().plusSeconds(3)));
    assertThat(a.t.audit().list(byActor, PageRequest.first(10)).items()).containsExactly(forL1.get(2), forL1.get(1));
    assertThat(a.t.audit().list(AuditQuery.forEntity("lead", "l2"), PageRequest.first(10)).items()).containsExactly(system);
    assertThat(a.t.audit().list(AuditQuery.forEntity(" lead", "l2 "), PageRequest.first(10)).items())
        .as("the query trimmed as events are").containsExactly(system);
    assertThatThrownBy(() -> new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(clock.instant()), Optional.of(clock.instant()))).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("before");
  }

  @Test
  void anActorMustBeAMember() {
    var b = anotherTenant();
    assertThatThrownBy(() -> a.t.audit().append(event(Optional.of(b.ceo.id()), "l1", clock.instant())))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("actorId");
  }
}
