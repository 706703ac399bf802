package io.crmventas.core.store.memory;

import io.crmventas.core.NotFoundException;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.inbox.InboxEvent;
import io.crmventas.core.inbox.InboxEventId;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The in-memory store's state. One read-write lock guards everything: reads share it, writes
 * and units of work hold it exclusively, so the store is serializable. Every mutation goes
 * through {@link #put}/{@link #remove}/{@link #index}, which log how to undo it; a failed
 * operation or unit of work is rolled back from that log.
 */
final class MemoryDb {
  final Clock clock;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ThreadLocal<ArrayDeque<Runnable>> undo = new ThreadLocal<>();

  final Map<TenantId, Tenant> tenants = new TreeMap<>();
  final Map<TenantId, TenantData> data = new HashMap<>();
  final Map<UserId, User> users = new HashMap<>();
  final Map<EmailAddress, UserId> usersByEmail = new HashMap<>();
  final Map<InboxEventId, InboxEvent> inbox = new HashMap<>();
  final Map<InboxKey, InboxEventId> inboxKeys = new HashMap<>();
  /** The pending and processing events: what a claim scans. */
  final Map<InboxEventId, InboxEvent> inboxActive = new HashMap<>();

  record InboxKey(TenantId tenant, String provider, String eventId) {}

  MemoryDb(Clock clock) {
    this.clock = clock;
  }

  <T> T read(Supplier<T> work) {
    lock.readLock().lock();
    try {
      return work.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs {@code work} holding the write lock. A nested call joins the outer one; if it fails,
   * only its own changes are undone (like a statement in a database transaction), and the
   * outermost call undoes everything when the exception reaches it.
   */
  <T> T write(Supplier<T> work) {
    if (lock.isWriteLockedByCurrentThread()) {
      ArrayDeque<Runnable> log = undo.get();
      int mark = log.size();
      try {
        return work.get();
      } catch (RuntimeException | Error e) {
        while (log.size() > mark) {
          log.pop().run();
        }
        throw e;
      }
    }
    if (lock.getReadHoldCount() > 0) {
      throw new IllegalStateException("in-memory store: a write was started inside a read");
    }
    lock.writeLock().lock();
    ArrayDeque<Runnable> log = new ArrayDeque<>();
    undo.set(log);
    try {
      return work.get();
    } catch (RuntimeException | Error e) {
      while (!log.isEmpty()) {
        log.pop().run();
      }
      throw e;
    } finally {
      undo.remove();
      lock.writeLock().unlock();
    }
  }

  <K, V> void put(Map<K, V> map, K key, V value) {
    V previous = map.put(key, value);
    undo.get().push(() -> {
      if (previous == null) {
        map.remove(key);
      } else {
        map.put(key, previous);
      }
    });
  }

  <K, V> void remove(Map<K, V> map, K key) {
    V previous = map.remove(key);
    if (previous != null) {
      undo.get().push(() -> map.put(key, previous));
    }
  }

  /** Adds {@code value} to the set under {@code key} of a multimap index. */
  <K, V> void index(Map<K, Set<V>> map, K key, V value) {
    Set<V> set = map.computeIfAbsent(key, k -> new HashSet<>());
    if (set.add(value)) {
      undo.get().push(() -> set.remove(value));
    }
  }

  /** Removes {@code value} from the set under {@code key} of a multimap index. */
  <K, V> void unindex(Map<K, Set<V>> map, K key, V value) {
    Set<V> set = map.get(key);
    if (set != null && set.remove(value)) {
      undo.get().push(() -> set.add(value));
    }
  }

  Optional<TenantData> tenantData(TenantId id) {
    return Optional.ofNullable(data.get(id));
  }

  TenantData requireTenant(TenantId id) {
    TenantData d = data.get(id);
    if (d == null) {
      throw new NotFoundException("tenant", id);
    }
    return d;
  }
}
