package io.crmventas.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() {
    callers.shutdownNow();
  }

  /**
   * A linger far longer than any wait in these tests: a batch that stops lingering within a
   * test's timeout did so for a reason (a caller came, gave up, or the group closed), which the
   * test shows without timing anything.
   */
  private static final long FOREVER = TimeUnit.HOURS.toNanos(1);

  /** Doubles each item, recording the batches it was given. */
  private List<Integer> doubling(List<Integer> items) {
    batches.add(List.copyOf(items));
    List<Integer> out = new ArrayList<>();
    items.forEach(i -> out.add(i * 2));
    return out;
  }

  private List<Future<Integer>> submitAll(GroupCommit<Integer, Integer> group, int n) {
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int item = i;
      results.add(callers.submit(() -> group.submit(item)));
    }
    return results;
  }

  @Test
  void eachCallerGetsItsOwnResultAndCallersWaitingTogetherShareABatch() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch othersQueued = new CountDownLatch(1);
    Function<List<Integer>, List<Integer>> blockingFirst = items -> {
      if (batches.isEmpty()) {
        firstRunning.countDown();
        await(othersQueued);
      }
      return doubling(items);
    };
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, blockingFirst)) {
      Future<Integer> first = callers.submit(() -> group.submit(100));
      assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<Integer>> others = submitAll(group, 5);
      while (group.queued() < 5) {
        Thread.sleep(1);
      }
      othersQueued.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      for (int i = 0; i < 5; i++) {
        assertThat(others.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 2);
      }
      assertThat(batches).hasSize(2);
      assertThat(batches.get(1)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
      assertThat(group.meanBatch()).isEqualTo(3.0);
    }
  }

  @Test
  void whatABatchThrowsReachesEveryCallerOfThatBatch() {
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, items -> {
      throw new StoreUnavailableException("database down", null);
    })) {
      assertThatThrownBy(() -> group.submit(1)).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("database down");
    }
  }

  @Test
  void aBatchAnsweringTheWrongNumberOfResultsFailsItsCallers() {
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, items -> List.of())) {
      assertThatThrownBy(() -> group.submit(1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("returned 0 results for 1 items");
    }
  }

  @Test
  void aClosedGroupRefusesWork() {
    GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, this::doubling);
    group.close();
    assertThatThrownBy(() -> group.submit(1)).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aBatchLingersForAnnouncedCallers() throws Exception {
    // Four callers announce themselves (as requests do when they start being parsed) and submit
    // 5 ms apart. Without lingering the first would run alone.
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 2, GroupCommit.MAX_LINGER,
        this::doubling)) {
      // All four announced before the first submits (a caller alone runs its item at once).
      List<GroupCommit<Integer, Integer>.Arrival> arrivals = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        arrivals.add(group.arrival());
      }
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int item = i;
        results.add(callers.submit(() -> {
          Thread.sleep(5L * item);
          return group.submit(item, arrivals.get(item));
        }));
      }
      for (int i = 0; i < 4; i++) {
        assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 2);
      }
      assertThat(batches).hasSize(1);
      assertThat(batches.get(0)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
  }

  @Test
  void lingeringRespectsTheLargestBatch() throws Exception {
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 2, 1, GroupCommit.MAX_LINGER,
        this::doubling)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int item = i;
        GroupCommit<Integer, Integer>.Arrival arrival = group.arrival();
        results.add(callers.submit(() -> group.submit(item, arrival)));
      }
      for (int i = 0; i < 5; i++) {
        assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 2);
      }
      assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(2));
      assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(5);
    }
  }

  @Test
  void callersThatDidNotAnnounceThemselvesAreNotWaitedFor() throws Exception {
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, FOREVER, this::doubling)) {
      // Callers released by an earlier batch are not on their way: the next one runs at once
      // (with a linger of an hour, it would not be done otherwise).
      assertThat(callers.submit(() -> group.submit(1)).get(10, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(callers.submit(() -> group.submit(2)).get(10, TimeUnit.SECONDS)).isEqualTo(4);
      assertThat(batches).containsExactly(List.of(1), List.of(2));
    }
  }

  @Test
  void withoutLingerABatchRunsWithWhatIsWaiting() throws Exception {
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, Duration.ZERO, this::doubling)) {
      GroupCommit<Integer, Integer>.Arrival neverComes = group.arrival();
      assertThat(callers.submit(() -> group.submit(7)).get(10, TimeUnit.SECONDS)).isEqualTo(14);
      assertThat(batches).containsExactly(List.of(7));
      neverComes.close();
    }
  }

  @Test
  void aBatchStopsLingeringWhenAnAnnouncedCallerGivesUp() throws Exception {
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, FOREVER, this::doubling)) {
      GroupCommit<Integer, Integer>.Arrival givesUp = group.arrival();
      GroupCommit<Integer, Integer>.Arrival mine = group.arrival();
      Future<Integer> result = callers.submit(() -> group.submit(3, mine));
      // Submitted (its arrival closed) and taken by the leader, which now lingers for the other.
      awaitTakenWith(group, 1);
      assertThat(result).isNotDone();
      givesUp.close();
      givesUp.close(); // idempotent: must not let the count go negative
      // Long before the hour's linger is over.
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(6);
      assertThat(batches).containsExactly(List.of(3));
      assertThat(group.arriving()).isZero();
      // Nobody is on the way now: the next batch does not linger.
      assertThat(callers.submit(() -> group.submit(4)).get(10, TimeUnit.SECONDS)).isEqualTo(8);
    }
  }

  @Test
  void announcedCallersSubmittingTogetherAreNeverSplit() throws Exception {
    // Two announced callers submit at the same instant, many times over: the worker that takes
    // the first must still count the second as coming until its item is queued.
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, GroupCommit.MAX_LINGER,
        this::doubling)) {
      for (int i = 0; i < 5_000; i++) {
        batches.clear();
        GroupCommit<Integer, Integer>.Arrival first = group.arrival();
        GroupCommit<Integer, Integer>.Arrival second = group.arrival();
        CyclicBarrier together = new CyclicBarrier(2);
        Future<Integer> a = callers.submit(() -> {
          together.await();
          return group.submit(1, first);
        });
        Future<Integer> b = callers.submit(() -> {
          together.await();
          return group.submit(2, second);
        });
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(batches).as("round %d", i).hasSize(1);
      }
    }
  }

  @Test
  void closingStopsALingerAtOnce() throws Exception {
    GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, FOREVER, this::doubling);
    GroupCommit<Integer, Integer>.Arrival late = group.arrival();
    GroupCommit<Integer, Integer>.Arrival mine = group.arrival();
    Future<Integer> waiting = callers.submit(() -> group.submit(9, mine));
    // Submitted (its arrival closed) and taken by the leader, which now lingers for the late one.
    awaitTakenWith(group, 1);
    Future<?> closing = callers.submit(group::close);
    // Closing alone ends the linger: the late caller is still announced, and the hour's linger
    // would outlast these waits.
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(18);
    closing.get(10, TimeUnit.SECONDS);
    assertThat(group.arriving()).isEqualTo(1);
    // The announced caller comes after all, and is refused: the group is closed.
    assertThatThrownBy(() -> group.submit(1, late)).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void aBatchLingersNoLongerThanItsLingerForCallersThatNeverCome() throws Exception {
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, Duration.ofMillis(20),
        this::doubling)) {
      group.arrival(); // never submits, never closed
      long start = System.nanoTime();
      assertThat(callers.submit(() -> group.submit(4)).get(10, TimeUnit.SECONDS)).isEqualTo(8);
      // It did wait for the caller that never came (the linger is measured on the same clock),
      // and then ran without it.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
      assertThat(batches).containsExactly(List.of(4));
    }
  }

  @Test
  void closingWhileABatchLingersStillRunsIt() throws Exception {
    GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, GroupCommit.MAX_LINGER, this::doubling);
    group.arrival(); // keeps the batch lingering
    GroupCommit<Integer, Integer>.Arrival mine = group.arrival();
    Future<Integer> result = callers.submit(() -> group.submit(5, mine));
    // Submitted (its arrival closed) and taken by the leader, which now lingers.
    awaitTakenWith(group, 1);
    assertThat(result).isNotDone();
    group.close();
    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(10);
  }

  @Test
  void aCallerAloneRunsItsOwnItemOnItsOwnThread() throws Exception {
    List<Thread> ranOn = new CopyOnWriteArrayList<>();
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 2, GroupCommit.MAX_LINGER, items -> {
      ranOn.add(Thread.currentThread());
      return doubling(items);
    })) {
      Thread[] caller = new Thread[1];
      assertThat(callers.submit(() -> {
        caller[0] = Thread.currentThread();
        return group.submit(21, group.arrival());
      }).get(10, TimeUnit.SECONDS)).isEqualTo(42);
      assertThat(ranOn).containsExactly(caller[0]);
    }
  }

  @Test
  void manyCallersWithSmallBatchesAllGetTheirResults() throws Exception {
    // Batches of at most 3 for 12 callers on 2 turns: items are often left queued when a leader
    // ends, so turns keep being handed on; a turn lost on the way would leave callers asleep.
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 3, 2, Duration.ofMillis(1), items -> {
      List<Integer> out = new ArrayList<>();
      items.forEach(i -> out.add(i + 1));
      return out;
    })) {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int c = 0; c < 12; c++) {
        int caller = c;
        wrong.add(callers.submit(() -> {
          int bad = 0;
          for (int i = 0; i < 3_000; i++) {
            int item = caller * 1_000_000 + i;
            boolean announce = (i & 1) == 0;
            int result = announce ? group.submit(item, group.arrival()) : group.submit(item);
            bad += result == item + 1 ? 0 : 1;
          }
          return bad;
        }));
      }
      for (Future<Integer> w : wrong) {
        assertThat(w.get(60, TimeUnit.SECONDS)).isZero();
      }
      assertThat(group.queued()).isZero();
    }
  }

  @Test
  void anInterruptedCallerWhoseItemHasNotRunLeavesWithoutIt() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, items -> {
      if (items.contains(1)) {
        firstRunning.countDown();
        await(release);
      }
      return doubling(items);
    })) {
      Future<Integer> first = callers.submit(() -> group.submit(1));
      assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
      List<Throwable> thrown = new CopyOnWriteArrayList<>();
      Thread second = new Thread(() -> {
        try {
          group.submit(2);
        } catch (RuntimeException e) {
          thrown.add(e);
        }
      });
      second.start();
      while (group.queued() < 1) {
        Thread.sleep(1);
      }
      Future<Integer> third = callers.submit(() -> group.submit(3));
      while (group.queued() < 2) {
        Thread.sleep(1);
      }
      second.interrupt();
      second.join(10_000);
      assertThat(thrown).singleElement().isInstanceOf(StoreUnavailableException.class)
          .extracting(Throwable::getMessage).asString().contains("interrupted").contains("not done");
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(2);
      // The turn still reaches the caller queued behind it, and item 2 never runs.
      assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo(6);
      assertThat(batches).containsExactly(List.of(1), List.of(3));
    }
  }

  @Test
  void aCallerWhoseItemAnotherLeaderTookSleepsUntilItIsDone() throws Exception {
    // A leads and lingers for B; B gets the second turn but A takes B's item into its batch,
    // which then blocks. B must sleep until A is done, not keep taking the free turn for nothing.
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 2, GroupCommit.MAX_LINGER, items -> {
      running.countDown();
      await(release);
      return doubling(items);
    })) {
      GroupCommit<Integer, Integer>.Arrival forA = group.arrival();
      GroupCommit<Integer, Integer>.Arrival forB = group.arrival();
      Future<Integer> a = callers.submit(() -> group.submit(1, forA));
      awaitTakenWith(group, 1);
      List<Integer> bResult = new CopyOnWriteArrayList<>();
      Thread b = new Thread(() -> bResult.add(group.submit(2, forB)));
      b.start();
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      // B has submitted (its arrival closed) and is waiting, its item in A's batch.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((group.arriving() > 0 || b.getState() != Thread.State.WAITING && b.getState() != Thread.State.TIMED_WAITING)
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(group.arriving()).isZero();
      java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
      assertThat(cpu.isThreadCpuTimeSupported() && cpu.isThreadCpuTimeEnabled()).as("thread CPU time measurable")
          .isTrue();
      long before = cpu.getThreadCpuTime(b.getId());
      Thread.sleep(300);
      long spent = cpu.getThreadCpuTime(b.getId()) - before;
      release.countDown();
      assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(2);
      b.join(10_000);
      assertThat(bResult).containsExactly(4);
      assertThat(batches).containsExactly(List.of(1, 2));
      assertThat(Duration.ofNanos(spent)).as("CPU B used while its batch ran elsewhere")
          .isLessThan(Duration.ofMillis(50));
    }
  }

  @Test
  void aLeaderRunsOtherCallersWorkWithItsInterruptPutAside() throws Exception {
    List<Boolean> interruptedInBatch = new CopyOnWriteArrayList<>();
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, items -> {
      interruptedInBatch.add(Thread.currentThread().isInterrupted());
      return doubling(items);
    })) {
      Future<Boolean> stillInterrupted = callers.submit(() -> {
        Thread.currentThread().interrupt();
        int result = group.submit(8);
        return result == 16 && Thread.interrupted();
      });
      assertThat(stillInterrupted.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(interruptedInBatch).containsExactly(false);
    }
  }

  @Test
  void settingsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>("test", 0, 1, this::doubling))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxBatch");
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>("test", 8, 17, this::doubling))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("writers");
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>("test", 8, 1, Duration.ofMillis(-1), this::doubling))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("linger");
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>("test", 8, 1, Duration.ofMillis(1001), this::doubling))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("linger");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until every announced caller but {@code stillComing} has submitted and a leader has
   * taken what was queued.
   */
  private static void awaitTakenWith(GroupCommit<Integer, Integer> group, int stillComing) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((group.arriving() > stillComing || group.queued() > 0) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(group.arriving()).isEqualTo(stillComing);
    assertThat(group.queued()).isZero();
  }
}
