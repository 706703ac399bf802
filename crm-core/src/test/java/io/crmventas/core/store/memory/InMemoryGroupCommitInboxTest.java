package io.crmventas.core.store.memory;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.contract.GroupCommitInboxContract;
import java.time.Clock;

class InMemoryGroupCommitInboxTest extends GroupCommitInboxContract {
  @Override
  protected CrmStore createStore(Clock clock) {
    return InMemoryCrmStore.create(clock);
  }
}
