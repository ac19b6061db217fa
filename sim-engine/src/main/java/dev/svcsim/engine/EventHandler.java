package dev.svcsim.engine;

/**
 * Work to do at a simulated time: the engine calls {@link #handle(long)} with the primitive
 * argument given when the event was scheduled.
 *
 * <p>Handlers are meant to be reused: a model keeps one handler per kind of event and passes what
 * differs between events (a pod index, a request's start time) as the {@code long} argument, so
 * scheduling allocates nothing.
 */
@FunctionalInterface
public interface EventHandler {

  /**
   * Runs the event. {@link Simulation#nowNanos()} is the event's time while this runs.
   *
   * @param arg the argument given to {@code schedule}
   */
  void handle(long arg);
}
