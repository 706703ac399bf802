package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.NotificationChecksContract;
import java.time.Clock;

class InMemoryNotificationChecksTest extends NotificationChecksContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
