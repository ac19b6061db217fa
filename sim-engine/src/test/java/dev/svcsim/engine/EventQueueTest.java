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
}
