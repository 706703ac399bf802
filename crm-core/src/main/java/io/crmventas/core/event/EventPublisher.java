package io.crmventas.core.event;

/**
 * Where services tell what happened. Implementations deliver to listeners (in process, or to
 * other nodes) and never let a listener's failure reach the publisher: publishing is side work
 * and must not break or roll back the operation that published.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface EventPublisher {

  /** Delivers {@code event}; returns normally whatever the listeners do. */
  void publish(DomainEvent event);

  /** A publisher that drops every event. */
  static EventPublisher none() {
    return event -> { };
  }
}
