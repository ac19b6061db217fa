/**
 * The discrete-event core: {@link dev.svcsim.engine.Simulation} (clock, event list, run loop).
 * Knows nothing of networks or Kubernetes; models give its events meaning.
 */
package dev.svcsim.engine;
