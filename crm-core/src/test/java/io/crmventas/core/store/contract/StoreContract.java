package io.crmventas.core.store.contract;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.testing.MutableClock;
import io.crmventas.core.testing.TenantFixture;
import io.crmventas.core.testing.TestData;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of every store contract suite. An implementation extends a suite and says, in one
 * method, how to build its store on a given clock; the suite does the rest. Each test starts
 * with a fresh tenant ({@link #a}) holding a CEO and two sellers.
 */
public abstract class StoreContract {
  protected MutableClock clock;
  protected CrmStore store;
  protected TenantFixture a;

  /** Builds the store under test. The clock stamps update times and decides what is due. */
  protected abstract CrmStore createStore(Clock clock);

  @BeforeEach
  void setUpStore() {
    clock = MutableClock.at(TestData.T0);
    store = createStore(clock);
    a = TenantFixture.create(store, clock);
  }

  /** A second, unrelated tenant. */
  protected TenantFixture anotherTenant() {
    return TenantFixture.create(store, clock);
  }
}
