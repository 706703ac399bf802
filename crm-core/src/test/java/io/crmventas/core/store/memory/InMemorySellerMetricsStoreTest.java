package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.SellerMetricsStoreContract;
import java.time.Clock;

class InMemorySellerMetricsStoreTest extends SellerMetricsStoreContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
