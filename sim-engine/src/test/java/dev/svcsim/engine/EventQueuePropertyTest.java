package dev.svcsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random interleavings of schedule (plain and through lanes), cancel and fire checked against a
 * sorted-set model of the pending events: every live event fires exactly once, in (time,
 * scheduling order).
 */
class EventQueuePropertyTest {

  private record Pending(long time, long order, long id) {}

  /** A delay of every scale: 0, a few ns, a few us, ms and seconds, with frequent ties. */
  private static long mixedDelay(UniformRandomProvider rng) {
    // Delays on every scale, so events land in the current bucket, later buckets of the
    // calendar's window and the heap beyond it, and windows open, adapt and rewind; few
    // distinct small delays, so ties are frequent.
    return switch (rng.nextInt(6)) {
      case 0 -> 0;
      case 1, 2 -> rng.nextInt(50);
      case 3 -> rng.nextInt(20) * 1_000L;
      case 4 -> rng.nextInt(10) * 1_000_000L;
      default -> rng.nextInt(5) * 1_000_000_000L;
    };
  }

  /**
   * A timeout-heavy mix: short delays (up to 100 us, half of them on a 10 us grid so many events
   * share an instant) and far timeouts of 1 to 30 s, most of which get cancelled.
   */
  private static long timeoutDelay(UniformRandomProvider rng) {
    return switch (rng.nextInt(4)) {
      case 0 -> rng.nextInt(100_000);
      case 1 -> rng.nextInt(10) * 10_000L;
      default -> 1_000_000_000L + (long) rng.nextInt(29_000_000) * 1_000;
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 1234, 99991})
  void matchesASortedModel(long seed) {
    check(seed, EventQueuePropertyTest::mixedDelay, 5, 8, Integer.MAX_VALUE);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {5, 6, 7, 2026})
  void timeoutHeavyMixMatchesASortedModel(long seed) {
    // As many cancels as schedules, aimed at the 16 latest events: most timeouts are cancelled
    // soon after they are set, so the calendar and the heap are compacted again and again.
    check(seed, EventQueuePropertyTest::timeoutDelay, 4, 8, 16);
  }

  /**
   * Random steps: below {@code scheduleBelow} of 10 a schedule (a third through lanes), below
   * {@code cancelBelow} a cancel of one of the {@code cancelWindow} latest events scheduled
   * (pending or not), else a runUntil.
   */
  private void check(
      long seed,
      java.util.function.ToLongFunction<UniformRandomProvider> delays,
      int scheduleBelow,
      int cancelBelow,
      int cancelWindow) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    Simulation sim = new Simulation();
    TreeSet<Pending> model =
        new TreeSet<>(Comparator.comparingLong(Pending::time).thenComparingLong(Pending::order));
    List<Pending> all = new ArrayList<>();
    List<Long> fired = new ArrayList<>();
    EventHandler handler = fired::add;
    long order = 0;
    for (int step = 0; step < 40_000; step++) {
      int op = rng.nextInt(10);
      if (op < scheduleBelow) {
        long delay = delays.applyAsLong(rng);
        long id =
            rng.nextInt(3) == 0
                ? sim.lane(delay).schedule(handler, order)
                : sim.schedule(delay, handler, order);
        Pending p = new Pending(sim.nowNanos() + delay, order++, id);
        model.add(p);
        all.add(p);
      } else if (op < cancelBelow && !all.isEmpty()) {
        int window = Math.min(cancelWindow, all.size());
        Pending p = all.get(all.size() - 1 - rng.nextInt(window));
        boolean expected = model.remove(p);
        assertEquals(expected, sim.cancel(p.id()), "cancel result at step " + step);
      } else if (!model.isEmpty()) {
        // Sometimes stop short of the next event, so the calendar must rewind when an event
        // is then scheduled before the window it had moved to.
        long until =
            rng.nextInt(8) == 0
                ? Math.max(sim.nowNanos(), model.first().time() - 1 - rng.nextInt(5_000_000))
                : model.first().time() + rng.nextInt(20);
        List<Long> expectedFired = new ArrayList<>();
        while (!model.isEmpty() && model.first().time() <= until) {
          expectedFired.add(model.pollFirst().order());
        }
        fired.clear();
        sim.runUntil(until);
        assertEquals(expectedFired, fired, "events fired by runUntil(" + until + ")");
      }
      assertEquals(model.size(), sim.pendingEvents());
    }
    fired.clear();
    List<Long> rest = new ArrayList<>();
    model.forEach(p -> rest.add(p.order()));
    sim.run();
    assertEquals(rest, fired);
    assertTrue(sim.pendingEvents() == 0);
  }
}
