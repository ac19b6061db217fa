package dev.svcsim.engine;

/**
 * A FIFO of events that all fire a fixed delay after they are scheduled, such as the packets of a
 * network hop with constant latency. Obtained from {@link Simulation#lane(long)}.
 *
 * <p>Because the clock never goes back, such events are created already in firing order; the
 * lane keeps them in a ring buffer and only its first event in the simulation's event list.
 * Scheduling is O(1), firing puts the lane's next event in the event list (usually an O(1)
 * calendar insert), and the order of events (ties included) is exactly the
 * order {@link Simulation#schedule} would give.
 */
public final class Lane {

  private final Simulation simulation;
  private final int index;
  private final long delayNanos;

  Lane(Simulation simulation, int index, long delayNanos) {
    this.simulation = simulation;
    this.index = index;
    this.delayNanos = delayNanos;
  }

  /** The delay of every event of this lane. */
  public long delayNanos() {
    return delayNanos;
  }

  /**
   * Schedules {@code handler.handle(arg)} at now + {@link #delayNanos()}.
   *
   * @return the event id, which {@link Simulation#cancel(long)} accepts
   */
  public long schedule(EventHandler handler, long arg) {
    return simulation.scheduleInLane(index, delayNanos, handler, arg);
  }
}
