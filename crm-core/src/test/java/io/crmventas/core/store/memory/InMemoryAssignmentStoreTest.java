package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.AssignmentStoreContract;
import java.time.Clock;

class InMemoryAssignmentStoreTest extends AssignmentStoreContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
