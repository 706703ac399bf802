package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.InboxStoreContract;
import java.time.Clock;

class InMemoryInboxStoreTest extends InboxStoreContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
