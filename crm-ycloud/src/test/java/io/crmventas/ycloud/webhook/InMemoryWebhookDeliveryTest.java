package io.crmventas.ycloud.webhook;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.ycloud.dedup.EventDeduplicator;
import io.crmventas.ycloud.dedup.InMemoryEventDeduplicator;
import java.time.Clock;

class InMemoryWebhookDeliveryTest extends WebhookDeliveryContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }

  @Override
  protected EventDeduplicator createDeduplicator(Clock clock) {
    return InMemoryEventDeduplicator.create(clock);
  }
}
