package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.LeadStoreContract;
import java.time.Clock;

class InMemoryLeadStoreTest extends LeadStoreContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
