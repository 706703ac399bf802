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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** Doubles each item, recording the batches it was given. */
  private List<Integer> doubling(List<Integer> items) {
    batches.add(List.copyOf(items));
    List<Integer> out = new ArrayList<>();
    items.forEach(i -> out.add(i * 2));
    return out;
  }

  private List<Future<Integer>> submitAll(GroupCommit<Integer, Integer> group, int n, long staggerMillis) {
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int item = i;
      results.add(callers.submit(() -> {
        Thread.sleep(staggerMillis * item);
        return group.submit(item);
      }));
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
      List<Future<Integer>> others = submitAll(group, 5, 0);
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
  void aBatchLingersForCallersOnTheirWay() throws Exception {
    // Four callers are busy with the work before submit (as requests being parsed are); they
    // submit 5 ms apart. Without lingering the first would run alone (see the next test).
    AtomicInteger onTheirWay = new AtomicInteger(4);
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 2, GroupCommit.MAX_LINGER,
        onTheirWay::get, this::doubling)) {
      List<Future<Integer>> results = submitAll(group, 4, 5);
      for (int i = 0; i < 4; i++) {
        assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 2);
      }
      assertThat(batches).hasSize(1);
      assertThat(batches.get(0)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
  }

  @Test
  void withoutLingerABatchRunsWithWhatIsWaiting() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, Duration.ZERO, () -> {
      reads.incrementAndGet();
      return 4;
    }, this::doubling)) {
      assertThat(callers.submit(() -> group.submit(7)).get(10, TimeUnit.SECONDS)).isEqualTo(14);
      assertThat(batches).containsExactly(List.of(7));
      assertThat(reads).hasValue(0);
    }
  }

  @Test
  void aBatchStopsLingeringWhenTheCallersItWaitsForLeave() throws Exception {
    // Two callers are counted, one submits and the other leaves without submitting: the batch
    // must not wait for it.
    AtomicInteger onTheirWay = new AtomicInteger(2);
    CountDownLatch lingering = new CountDownLatch(3);
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, GroupCommit.MAX_LINGER, () -> {
      lingering.countDown();
      return onTheirWay.get();
    }, this::doubling)) {
      Future<Integer> result = callers.submit(() -> group.submit(3));
      assertThat(lingering.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(result).isNotDone();
      onTheirWay.set(1);
      // Well before the 1 s linger is over.
      assertThat(result.get(500, TimeUnit.MILLISECONDS)).isEqualTo(6);
      assertThat(batches).containsExactly(List.of(3));
    }
  }

  @Test
  void aBatchLingersNoLongerThanItsLingerForCallersThatNeverCome() throws Exception {
    AtomicInteger onTheirWay = new AtomicInteger(1_000);
    try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 64, 1, Duration.ofMillis(5), onTheirWay::get,
        this::doubling)) {
      assertThat(callers.submit(() -> group.submit(4)).get(10, TimeUnit.SECONDS)).isEqualTo(8);
    }
  }

  @Test
  void settingsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>("test", 0, 1, this::doubling))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxBatch");
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>("test", 8, 17, this::doubling))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("writers");
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>("test", 8, 1, Duration.ofMillis(-1), () -> 0,
        this::doubling)).isInstanceOf(InvalidInputException.class).hasMessageContaining("linger");
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>("test", 8, 1, Duration.ofMillis(1001), () -> 0,
        this::doubling)).isInstanceOf(InvalidInputException.class).hasMessageContaining("linger");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
