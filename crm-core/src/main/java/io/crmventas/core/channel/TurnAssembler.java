package io.crmventas.core.channel;

import io.crmventas.core.IdGenerator;
import io.crmventas.core.conversation.Author;
import io.crmventas.core.conversation.Message;
import io.crmventas.core.conversation.MessageId;
import io.crmventas.core.event.EventPublisher;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.inbox.InboxProcessor;
import io.crmventas.core.inbox.InboxStatus;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import io.crmventas.core.tenant.Setting;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns bursts of a lead's messages into one turn for the assistant, durably and on any node.
 *
 * <p>Each message the lead sends schedules a check in the inbox (provider {@link #PROVIDER}),
 * due one window later (tenant setting {@link #WINDOW}, default 8 s). When the check for a
 * message comes due and the lead has written nothing since, the turn is that message and the
 * lead messages before it, each within one window of the next and with no reply in between;
 * {@link ConversationTurnReady} is published with their texts joined by line breaks. A check
 * that finds a later message does nothing: the later message's check will. Thread-safe; the
 * event may be published again if a worker dies after publishing and before completing.
 */
public final class TurnAssembler implements InboxProcessor.Handler {
  /** The inbox provider of turn checks. */
  public static final String PROVIDER = "crm-turn";
  /** How long the lead may pause between messages of one turn. */
  public static final Setting<Duration> WINDOW = Setting.duration("channel.turn.window", Duration.ofSeconds(8),
      Duration.ofSeconds(1), Duration.ofMinutes(5));
  private static final int LOOK_BACK = 50;

  private final CrmStore store;
  private final EventPublisher events;
  private final Clock clock;
  private final IdGenerator ids;

  public TurnAssembler(CrmStore store, EventPublisher events, Clock clock, IdGenerator ids) {
    this.store = Objects.requireNonNull(store, "store");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** Schedules the check for a lead's message that was just stored; again for the same message does nothing. */
  public void messageArrived(Message message) {
    Objects.requireNonNull(message, "message");
    if (message.author() != Author.LEAD) {
      return;
    }
    Instant now = clock.instant();
    Duration window = window(message.tenantId());
    store.inbox().append(new InboxEvent(InboxEventId.of(ids.next()), message.tenantId(), PROVIDER,
        "turn:" + message.id(), "conversation.turn", message.id().toString(), InboxStatus.PENDING, 0, now.plus(window),
        Optional.empty(), Optional.empty(), now, Optional.empty()));
  }

  @Override
  public void handle(InboxEvent event) {
    TenantStore t = store.tenant(event.tenantId());
    Optional<Message> found = t.messages().find(MessageId.parse(event.payload()));
    if (found.isEmpty()) {
      return;
    }
    Message last = found.get();
    // Oldest first, in the store's order.
    List<Message> recent = t.messages().latest(last.conversationId(), LOOK_BACK);
    int at = -1;
    for (int i = 0; i < recent.size(); i++) {
      if (recent.get(i).id().equals(last.id())) {
        at = i;
      }
    }
    if (at < 0) {
      return;
    }
    for (int i = at + 1; i < recent.size(); i++) {
      if (recent.get(i).author() == Author.LEAD) {
        return;
      }
    }
    Duration window = window(event.tenantId());
    List<Message> turn = new ArrayList<>();
    turn.add(last);
    for (int i = at - 1; i >= 0; i--) {
      Message m = recent.get(i);
      Message next = turn.get(turn.size() - 1);
      if (m.author() != Author.LEAD || Duration.between(m.sentAt(), next.sentAt()).compareTo(window) > 0) {
        break;
      }
      turn.add(m);
    }
    Collections.reverse(turn);
    List<String> texts = turn.stream().map(m -> m.text().orElse(""))
        .filter(s -> !s.isBlank()).toList();
    events.publish(new ConversationTurnReady(event.tenantId(), last.leadId(), last.conversationId(),
        turn.stream().map(Message::id).toList(), String.join("\n", texts), last.providerMessageId().orElse(""),
        clock.instant()));
  }

  private Duration window(TenantId tenant) {
    return store.tenants().find(tenant).map(Tenant::settings).map(s -> s.get(WINDOW)).orElse(WINDOW.defaultValue());
  }
}
