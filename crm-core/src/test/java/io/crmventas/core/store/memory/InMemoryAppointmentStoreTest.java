package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.AppointmentStoreContract;
import java.time.Clock;

class InMemoryAppointmentStoreTest extends AppointmentStoreContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
