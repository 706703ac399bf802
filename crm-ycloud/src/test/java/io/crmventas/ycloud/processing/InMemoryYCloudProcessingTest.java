package io.crmventas.ycloud.processing;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.memory.InMemoryCrmStore;
import java.time.Clock;

class InMemoryYCloudProcessingTest extends YCloudProcessingContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
