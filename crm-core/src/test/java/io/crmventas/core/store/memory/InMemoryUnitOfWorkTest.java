package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.UnitOfWorkContract;
import java.time.Clock;

class InMemoryUnitOfWorkTest extends UnitOfWorkContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
