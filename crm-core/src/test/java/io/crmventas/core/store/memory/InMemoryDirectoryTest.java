package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.DirectoryContract;
import java.time.Clock;

class InMemoryDirectoryTest extends DirectoryContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
