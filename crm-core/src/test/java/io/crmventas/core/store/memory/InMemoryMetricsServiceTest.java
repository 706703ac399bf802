package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.MetricsServiceContract;
import java.time.Clock;

class InMemoryMetricsServiceTest extends MetricsServiceContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
