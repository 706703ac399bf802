package io.crmventas.core.event;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process {@link EventPublisher}: delivers each event synchronously, in registration
 * order, to the listeners subscribed to its type (or a supertype). A listener that throws is
 * logged and counted, and the others still get the event.
 *
 * <p>Thread-safe; listeners may be added at any time and run on the publishing thread.
 */
public final class EventBus implements EventPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  private record Subscription<E extends DomainEvent>(Class<E> type, Consumer<? super E> listener) {
    void deliver(DomainEvent event) {
      if (type.isInstance(event)) {
        listener.accept(type.cast(event));
      }
    }
  }

  private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicLong failures = new AtomicLong();

  /** Calls {@code listener} with every published event of {@code type}. */
  public <E extends DomainEvent> EventBus subscribe(Class<E> type, Consumer<? super E> listener) {
    subscriptions.add(new Subscription<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(listener, "listener")));
    return this;
  }

  @Override
  public void publish(DomainEvent event) {
    Objects.requireNonNull(event, "event");
    for (Subscription<?> s : subscriptions) {
      try {
        s.deliver(event);
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        LOG.warn("tenant={} listener of {} failed on {}: {}", event.tenantId(), s.type().getSimpleName(),
            event.getClass().getSimpleName(), e.toString(), e);
      }
    }
  }

  /** How many listener calls have failed since the bus was created. */
  public long failures() {
    return failures.get();
  }
}
