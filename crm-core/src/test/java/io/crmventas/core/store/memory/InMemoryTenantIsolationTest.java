package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.TenantIsolationContract;
import java.time.Clock;

class InMemoryTenantIsolationTest extends TenantIsolationContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
