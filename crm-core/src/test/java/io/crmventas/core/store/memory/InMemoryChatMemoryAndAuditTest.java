package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.ChatMemoryAndAuditContract;
import java.time.Clock;

class InMemoryChatMemoryAndAuditTest extends ChatMemoryAndAuditContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
