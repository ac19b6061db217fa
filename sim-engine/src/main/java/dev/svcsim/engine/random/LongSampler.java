package dev.svcsim.engine.random;

/**
 * A source of random durations in nanoseconds, bound to one random stream.
 *
 * <p>Not thread-safe unless its stream is: a sampler draws from the stream it was made with.
 */
@FunctionalInterface
public interface LongSampler {

  /** Draws one value, in nanoseconds. */
  long sample();
}
