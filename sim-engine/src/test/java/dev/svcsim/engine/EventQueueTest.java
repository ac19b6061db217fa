package dev.svcsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** White-box checks of the calendar's adaptation; the order itself is checked elsewhere. */
class EventQueueTest {

  private final Simulation sim = new Simulation();
  private final List<Long> fired = new ArrayList<>();
  private final EventHandler h = arg -> fired.add(sim.nowNanos());

  private List<Long> drain(EventQueue q) {
    q.fire(sim, Long.MAX_VALUE);
    return fired;
  }

  @Test
  void denseBucketsAreNarrowedAndOrderSurvives() {
    EventQueue q = sim.queue;
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
    int n = 20_000;
    int[] order = PermutationSampler.natural(n);
    PermutationSampler.shuffle(rng, order);
    for (int i : order) {
      q.add(10L * i, h, i); // 20,000 distinct times in 200 us: a few buckets, in random order
    }
    assertTrue(q.narrowings > 0, "random inserts into crowded buckets must narrow them");
    List<Long> fired = drain(q);
    assertEquals(n, fired.size());
    for (int i = 0; i < n; i++) {
      assertEquals(10L * i, fired.get(i));
    }
  }

  @Test
  void tiesNeverNarrowTheBuckets() {
    EventQueue q = sim.queue;
    for (int i = 0; i < 50_000; i++) {
      q.add(7, h, i);
    }
    assertEquals(0, q.narrowings, "equal times cannot be split by narrower buckets");
    assertEquals(50_000, drain(q).size());
  }

  @Test
  void anEmptiedCalendarTakesEventsBeforeItsLastWindow() {
    // The only event is far away and cancelled: the loop opens a window there, finds nothing to
    // fire and runs out, with the clock still at 0.
    long id = sim.scheduleAt(5_000_000_000L, h, 0);
    sim.cancel(id);
    sim.run();
    assertEquals(0, sim.nowNanos());
    assertEquals(List.of(), fired);
    sim.scheduleAt(7_000_000_000L, h, 0);
    sim.scheduleAt(1_000_000_000L, h, 0); // before the window the calendar moved to
    sim.scheduleAt(1_000_000_000L, h, 0);
    sim.scheduleAt(3, h, 0);
    assertEquals(4, sim.pendingEvents());
    sim.run();
    assertEquals(List.of(3L, 1_000_000_000L, 1_000_000_000L, 7_000_000_000L), fired);
    assertEquals(0, sim.pendingEvents());
  }

  @Test
  void farApartEventsEachOpenTheirOwnWindow() {
    long[] times = {Long.MAX_VALUE, 1L << 62, 1L << 40, 86_400_000_000_000L, 1_000, 0, 1L << 62};
    for (long t : times) {
      sim.scheduleAt(t, h, 0);
    }
    sim.run();
    assertEquals(
        List.of(0L, 1_000L, 1L << 40, 86_400_000_000_000L, 1L << 62, 1L << 62, Long.MAX_VALUE),
        fired);
    assertEquals(Long.MAX_VALUE, sim.nowNanos());
  }

  @Test
  void idsAreNeverNoEventAndGoStaleWhenTheirSlotIsReused() {
    long first = sim.scheduleAt(10, h, 0);
    assertTrue(first != Simulation.NO_EVENT);
    sim.run();
    long second = sim.scheduleAt(20, h, 0); // takes the slot the first event freed
    assertEquals((int) first, (int) second, "the same slot");
    assertTrue(first != second);
    assertTrue(!sim.cancel(first), "a fired event's id must not cancel the slot's new event");
    assertTrue(sim.isPending(second));
    sim.run();
    assertEquals(List.of(10L, 20L), fired);
  }

  @Test
  void cancelledTimeoutsAreCompactedAwayAndTheRestKeepsItsOrder() {
    // 100,000 far timeouts, all but every 20th cancelled, interleaved with near events.
    List<Long> kept = new ArrayList<>();
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11L);
    for (int i = 0; i < 100_000; i++) {
      long t = 1_000_000_000L + rng.nextLong(29_000_000_000L);
      long id = sim.scheduleAt(t, h, i);
      sim.scheduleAt(i, h, i);
      if (i % 20 == 0) {
        kept.add(t);
      } else {
        assertTrue(sim.cancel(id));
      }
    }
    assertEquals(100_000 + kept.size(), sim.pendingEvents());
    sim.run();
    kept.sort(null);
    assertEquals(100_000 + kept.size(), fired.size());
    assertEquals(kept, fired.subList(100_000, fired.size()));
  }
}
