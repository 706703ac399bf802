package io.crmventas.ycloud.webhook;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import io.crmventas.ycloud.dedup.EventDeduplicator;
import io.crmventas.ycloud.dedup.InMemoryEventDeduplicator;
import java.time.Clock;

/** The delivery contract in memory with group commit: deliveries stored in batches. */
class InMemoryGroupCommitWebhookDeliveryTest extends WebhookDeliveryContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }

  @Override
  protected EventDeduplicator createDeduplicator(Clock clock) {
    return InMemoryEventDeduplicator.create(clock);
  }

  @Override
  protected WebhookHandler.Builder configure(WebhookHandler.Builder builder) {
    return builder.groupCommit(64, 2);
  }
}
