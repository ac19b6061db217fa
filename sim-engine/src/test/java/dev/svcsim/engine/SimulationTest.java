package dev.svcsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

  private final Simulation sim = new Simulation();
  private final List<String> log = new ArrayList<>();

  private EventHandler record(String name) {
    return arg -> log.add(name + "@" + sim.nowNanos() + (arg == 0 ? "" : "#" + arg));
  }

  @Test
  void eventsFireInTimeOrderAndTheClockFollows() {
    sim.schedule(30, record("c"), 0);
    sim.schedule(10, record("a"), 0);
    sim.schedule(20, record("b"), 0);
    sim.run();
    assertEquals(List.of("a@10", "b@20", "c@30"), log);
    assertEquals(30, sim.nowNanos());
    assertEquals(3, sim.eventsFired());
  }

  @Test
  void eventsAtEqualTimesFireInSchedulingOrder() {
    for (int i = 1; i <= 200; i++) {
      sim.scheduleAt(5, record("e"), i);
    }
    sim.run();
    assertEquals(200, log.size());
    for (int i = 1; i <= 200; i++) {
      assertEquals("e@5#" + i, log.get(i - 1), "tie order broken at position " + i);
    }
  }

  @Test
  void zeroDelayRunsAfterTheEventsAlreadyDueNow() {
    sim.scheduleAt(10, arg -> {
      log.add("first");
      sim.schedule(0, record("zero-delay"), 0);
    }, 0);
    sim.scheduleAt(10, record("second"), 0);
    sim.run();
    assertEquals(List.of("first", "second@10", "zero-delay@10"), log);
  }

  @Test
  void theArgumentReachesTheHandler() {
    long[] seen = new long[1];
    sim.schedule(1, arg -> seen[0] = arg, Long.MIN_VALUE);
    sim.run();
    assertEquals(Long.MIN_VALUE, seen[0]);
  }

  @Test
  void cancelStopsAPendingEventOnce() {
    long id = sim.schedule(10, record("cancelled"), 0);
    sim.schedule(20, record("kept"), 0);
    assertTrue(sim.isPending(id));
    assertTrue(sim.cancel(id));
    assertFalse(sim.isPending(id));
    assertFalse(sim.cancel(id), "cancelling twice must report false");
    assertEquals(1, sim.pendingEvents());
    sim.run();
    assertEquals(List.of("kept@20"), log);
    assertEquals(1, sim.eventsFired());
  }

  @Test
  void cancellingAFiredEventIsFalseAndHarmless() {
    long id = sim.schedule(10, record("a"), 0);
    sim.run();
    assertFalse(sim.cancel(id));
    // The slot is reused by the next event; the old id must not cancel it.
    long reused = sim.schedule(5, record("b"), 0);
    assertFalse(sim.cancel(id));
    assertTrue(sim.isPending(reused));
    sim.run();
    assertEquals(List.of("a@10", "b@15"), log);
  }

  @Test
  void unknownIdsAreNotPending() {
    assertFalse(sim.cancel(Simulation.NO_EVENT));
    assertFalse(sim.cancel(-1L));
    assertFalse(sim.cancel(123_456_789_000L));
    assertFalse(sim.isPending(Simulation.NO_EVENT));
  }

  @Test
  void anEventCanCancelAnotherDueAtTheSameTime() {
    long[] victim = new long[1];
    sim.scheduleAt(7, arg -> sim.cancel(victim[0]), 0);
    victim[0] = sim.scheduleAt(7, record("victim"), 0);
    sim.run();
    assertEquals(List.of(), log);
  }

  @Test
  void schedulingInThePastNamesBothTimes() {
    sim.schedule(1_000, arg -> {}, 0);
    sim.run();
    IllegalArgumentException abs =
        assertThrows(IllegalArgumentException.class, () -> sim.scheduleAt(999, record("x"), 0));
    assertEquals(
        "cannot schedule an event at t=999 ns: it is before the current time t=1000 ns",
        abs.getMessage());
    IllegalArgumentException rel =
        assertThrows(IllegalArgumentException.class, () -> sim.schedule(-5, record("x"), 0));
    assertEquals(
        "cannot schedule an event at t=995 ns: it is before the current time t=1000 ns",
        rel.getMessage());
  }

  @Test
  void schedulingBeyondTheEndOfTimeIsRefused() {
    sim.scheduleAt(10, arg -> {}, 0);
    sim.run();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> sim.schedule(Long.MAX_VALUE, record("x"), 0));
    assertTrue(e.getMessage().contains("overflow"), e.getMessage());
  }

  @Test
  void runUntilFiresAnEventExactlyAtTheEndTimeAndKeepsLaterOnes() {
    sim.scheduleAt(100, record("at-end"), 0);
    sim.scheduleAt(101, record("after"), 0);
    sim.runUntil(100);
    assertEquals(List.of("at-end@100"), log);
    assertEquals(100, sim.nowNanos());
    assertEquals(1, sim.pendingEvents());
    sim.runUntil(200);
    assertEquals(List.of("at-end@100", "after@101"), log);
    assertEquals(200, sim.nowNanos(), "runUntil leaves the clock at its end time");
  }

  @Test
  void runUntilAdvancesAnEmptySimulationAndRefusesThePast() {
    sim.runUntil(50);
    assertEquals(50, sim.nowNanos());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> sim.runUntil(49));
    assertEquals(
        "cannot run until t=49 ns: it is before the current time t=50 ns", e.getMessage());
  }

  @Test
  void stopReturnsAfterTheCurrentEventAndRunContinues() {
    sim.scheduleAt(1, record("a"), 0);
    sim.scheduleAt(2, arg -> {
      log.add("stopper");
      sim.stop();
    }, 0);
    sim.scheduleAt(3, record("c"), 0);
    sim.runUntil(10);
    assertEquals(List.of("a@1", "stopper"), log);
    assertEquals(2, sim.nowNanos(), "a stopped runUntil leaves the clock at the stopping event");
    sim.run();
    assertEquals(List.of("a@1", "stopper", "c@3"), log);
  }

  @Test
  void runFromInsideAnEventIsAnError() {
    sim.schedule(1, arg -> sim.run(), 0);
    assertThrows(IllegalStateException.class, sim::run);
  }

  @Test
  void manyCancellationsDoNotAccumulate() {
    // A timeout pattern: every event reschedules a far timeout and cancels the previous one.
    long[] timeout = {Simulation.NO_EVENT};
    EventHandler tick =
        new EventHandler() {
          @Override
          public void handle(long n) {
            sim.cancel(timeout[0]);
            timeout[0] = sim.schedule(1_000_000_000L, record("timeout"), 0);
            if (n < 100_000) {
              sim.schedule(1, this, n + 1);
            }
          }
        };
    sim.schedule(0, tick, 0);
    sim.run();
    assertEquals(List.of("timeout@" + (100_000 + 1_000_000_000L)), log);
    assertEquals(100_001 + 1, sim.eventsFired());
  }

  @Test
  void laneEventsInterleaveWithPlainEventsInSchedulingOrder() {
    Lane hop = sim.lane(10);
    assertEquals(10, hop.delayNanos());
    assertTrue(hop == sim.lane(10), "one lane per delay");
    hop.schedule(record("lane-1"), 0);
    sim.schedule(10, record("plain"), 0);
    long cancelled = hop.schedule(record("lane-cancelled"), 0);
    hop.schedule(record("lane-2"), 0);
    sim.schedule(5, arg -> hop.schedule(record("lane-3"), 0), 0);
    assertTrue(sim.cancel(cancelled));
    assertFalse(sim.cancel(cancelled));
    assertEquals(4, sim.pendingEvents());
    sim.run();
    assertEquals(List.of("lane-1@10", "plain@10", "lane-2@10", "lane-3@15"), log);
    assertThrows(IllegalArgumentException.class, () -> sim.lane(-1));
  }

  @Test
  void eventsScheduledInReverseTimeOrderStillFireInTimeOrder() {
    // Every insert lands before everything pending: sorted inserts walk far, which makes the
    // calendar narrow its buckets and refile its window, over and over.
    long[] last = {-1};
    int[] count = {0};
    EventHandler check =
        arg -> {
          assertTrue(sim.nowNanos() > last[0], "time went back at " + sim.nowNanos());
          assertEquals(sim.nowNanos(), arg, "event fired at the wrong time");
          last[0] = sim.nowNanos();
          count[0]++;
        };
    for (int i = 0; i < 20_000; i++) {
      long at = 3_000_000 - 100L * i;
      sim.scheduleAt(at, check, at);
    }
    sim.run();
    assertEquals(20_000, count[0]);
  }

  @Test
  void tenThousandTiesKeepSchedulingOrder() {
    long[] expected = {0};
    for (int i = 0; i < 10_000; i++) {
      sim.scheduleAt(1_000, arg -> assertEquals(expected[0]++, arg), i);
    }
    sim.run();
    assertEquals(10_000, expected[0]);
  }
}
