package dev.svcsim.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * One discrete-event simulation: an integer-nanosecond clock and the events still to fire.
 *
 * <p>The contract:
 *
 * <ul>
 *   <li><b>Time</b> is a {@code long} count of nanoseconds from 0. It only moves forward, and
 *       only the run loop moves it: to each event's time as it fires, and to the end time of
 *       {@link #runUntil(long)}.
 *   <li><b>Ties</b>: events at the same time fire in the order they were scheduled.
 *   <li><b>Cancel</b>: {@link #schedule} returns an event id (a handle packed in a {@code long},
 *       so scheduling allocates nothing); {@link #cancel(long)} is O(1) and returns false for an
 *       event that already fired or was already cancelled.
 *   <li><b>The past</b>: scheduling before {@link #nowNanos()} is an error that names both
 *       times.
 *   <li><b>Instances</b>: no state is static; simulations can run side by side on different
 *       threads. One simulation is not thread-safe and must be driven by one thread.
 * </ul>
 *
 * <p>Costs: schedule and fire O(1) amortised for events in the near future (a calendar of time
 * buckets), O(log n) for far ones (a heap), cancel O(1), in the number n of pending events.
 */
public final class Simulation {

  /** An id that no event ever has; convenient as "no event scheduled" in a model's fields. */
  public static final long NO_EVENT = 0L;

  final EventQueue queue = new EventQueue();
  private final Map<Long, Lane> lanesByDelay = new HashMap<>();
  /** Written by the event loop ({@link EventQueue#fire}) and by {@link #runUntil}. */
  long nowNanos;
  /** Read by the event loop after every event. */
  boolean stopRequested;
  private boolean running;

  /** A simulation at time 0 with nothing scheduled. */
  public Simulation() {}

  /** The current simulated time in nanoseconds. */
  public long nowNanos() {
    return nowNanos;
  }

  /** How many events have fired so far (cancelled events are not counted). */
  public long eventsFired() {
    return queue.fired;
  }

  /** How many events are scheduled and not cancelled. */
  public int pendingEvents() {
    return queue.pendingCount();
  }

  /**
   * Schedules {@code handler.handle(arg)} after a delay.
   *
   * @param delayNanos how long from now; 0 means "now, after the events already due now"
   * @param handler what to run
   * @param arg passed to the handler
   * @return the event id, for {@link #cancel(long)}
   * @throws IllegalArgumentException if the delay is negative or the time would overflow
   */
  public long schedule(long delayNanos, EventHandler handler, long arg) {
    long at = nowNanos + delayNanos;
    if ((delayNanos | at) < 0 || handler == null) {
      throw scheduleError(delayNanos, handler);
    }
    return queue.add(at, handler, arg);
  }

  /**
   * Schedules {@code handler.handle(arg)} at an absolute time.
   *
   * @param timeNanos when; may equal {@link #nowNanos()}, not be before it
   * @return the event id, for {@link #cancel(long)}
   * @throws IllegalArgumentException if the time is in the past
   */
  public long scheduleAt(long timeNanos, EventHandler handler, long arg) {
    if (timeNanos < nowNanos || handler == null) {
      throw timeNanos < nowNanos ? pastError(timeNanos) : scheduleError(0, handler);
    }
    return queue.add(timeNanos, handler, arg);
  }

  /** The error for a refused schedule call: negative delay, overflow or no handler. */
  private RuntimeException scheduleError(long delayNanos, EventHandler handler) {
    if (delayNanos < 0) {
      return pastError(nowNanos + delayNanos);
    }
    if (handler == null) {
      return new NullPointerException("handler");
    }
    return overflowError(delayNanos);
  }

  private IllegalArgumentException overflowError(long delayNanos) {
    return new IllegalArgumentException(
        "cannot schedule an event "
            + delayNanos
            + " ns after t="
            + nowNanos
            + " ns: the time would overflow a long");
  }

  private IllegalArgumentException pastError(long timeNanos) {
    return new IllegalArgumentException(
        "cannot schedule an event at t="
            + timeNanos
            + " ns: it is before the current time t="
            + nowNanos
            + " ns");
  }

  /**
   * Cancels a scheduled event in O(1).
   *
   * @return true if the event was pending and will now not fire; false if it already fired, was
   *     already cancelled, or the id is {@link #NO_EVENT} or unknown
   */
  public boolean cancel(long eventId) {
    return queue.cancel(eventId);
  }

  /**
   * A lane for events that all have the same delay, such as a network hop of constant latency.
   * Scheduling through a lane is O(1) and fires in exactly the order plain {@link #schedule}
   * would; asking twice for the same delay returns the same lane.
   *
   * @param delayNanos the delay of every event of the lane, at least 0
   */
  public Lane lane(long delayNanos) {
    if (delayNanos < 0) {
      throw new IllegalArgumentException("a lane's delay must not be negative: " + delayNanos + " ns");
    }
    return lanesByDelay.computeIfAbsent(delayNanos, d -> new Lane(this, queue.newLane(), d));
  }

  long scheduleInLane(int lane, long delayNanos, EventHandler handler, long arg) {
    long at = nowNanos + delayNanos;
    if (at < 0 || handler == null) {
      throw scheduleError(delayNanos, handler);
    }
    return queue.addToLane(lane, at, handler, arg);
  }

  /** True while the event with this id is scheduled, not yet fired and not cancelled. */
  public boolean isPending(long eventId) {
    return queue.isPending(eventId);
  }

  /**
   * Fires events until none is left or {@link #stop()} is called. The clock stays at the time
   * of the last event fired.
   */
  public void run() {
    loop(Long.MAX_VALUE);
  }

  /**
   * Fires every event whose time is at most {@code endNanos} (an event exactly at the end time
   * fires), then sets the clock to {@code endNanos}, unless {@link #stop()} was called first, in
   * which case the clock stays at the time of the event that called it. Events after the end
   * time stay scheduled, so a later call continues the run.
   *
   * @throws IllegalArgumentException if {@code endNanos} is before the current time
   */
  public void runUntil(long endNanos) {
    if (endNanos < nowNanos) {
      throw new IllegalArgumentException(
          "cannot run until t="
              + endNanos
              + " ns: it is before the current time t="
              + nowNanos
              + " ns");
    }
    if (loop(endNanos)) {
      nowNanos = endNanos;
    }
  }

  /**
   * Asks the run loop to return after the event being handled. Events still scheduled stay
   * scheduled; a later {@code run} or {@code runUntil} continues from there.
   */
  public void stop() {
    stopRequested = true;
  }

  /** Returns true when the loop ended because it ran out of events due by {@code endNanos}. */
  private boolean loop(long endNanos) {
    if (running) {
      throw new IllegalStateException("the simulation is already running (run called from an event?)");
    }
    running = true;
    stopRequested = false;
    try {
      return queue.fire(this, endNanos);
    } finally {
      running = false;
    }
  }
}
