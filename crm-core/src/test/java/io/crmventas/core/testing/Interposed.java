package io.crmventas.core.testing;

import io.crmventas.core.store.CrmStore;
import io.crmventas.core.store.TenantStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Real implementations with a step interposed, for tests that must make something happen at an
 * exact point of a call (a concurrent write right after a read, a unit of work held open): not
 * mocks, every call still reaches the real object.
 */
public final class Interposed {
  private Interposed() {}

  /** {@code target} behind {@code type}, each call's result passed through {@code around(method name, result)}. */
  @SuppressWarnings("unchecked")
  public static <T> T results(Class<T> type, Object target, BiFunction<String, Object, Object> around) {
    Objects.requireNonNull(target, "target");
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
        around.apply(method.getName(), call(method, target, args)));
  }

  /** {@code target} behind {@code type}, with {@code before(method name, arguments)} run before each call. */
  @SuppressWarnings("unchecked")
  public static <T> T calls(Class<T> type, Object target, Before before) {
    Objects.requireNonNull(target, "target");
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      before.run(method.getName(), args == null ? new Object[0] : args);
      return call(method, target, args);
    });
  }

  /** A step run before a call; it may wait, or throw to fail the call. */
  @FunctionalInterface
  public interface Before {
    void run(String method, Object[] args) throws Exception;
  }

  /** {@code store} whose tenant views, those inside units of work included, pass through {@code view}. */
  public static CrmStore tenantViews(CrmStore store, UnaryOperator<TenantStore> view) {
    Objects.requireNonNull(store, "store");
    return (CrmStore) Proxy.newProxyInstance(CrmStore.class.getClassLoader(), new Class<?>[] {CrmStore.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "tenant" -> view.apply((TenantStore) call(method, store, args));
          case "inTransaction" -> {
            @SuppressWarnings("unchecked")
            Function<CrmStore, Object> work = (Function<CrmStore, Object>) args[0];
            yield store.inTransaction(tx -> work.apply(tenantViews(tx, view)));
          }
          case "runInTransaction" -> {
            @SuppressWarnings("unchecked")
            Consumer<CrmStore> work = (Consumer<CrmStore>) args[0];
            store.runInTransaction(tx -> work.accept(tenantViews(tx, view)));
            yield null;
          }
          default -> call(method, store, args);
        });
  }

  private static Object call(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
