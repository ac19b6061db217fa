/**
 * Randomness for the simulation: named, reproducible streams ({@link
 * dev.svcsim.engine.random.RandomStreams}) and distributions of durations ({@link
 * dev.svcsim.engine.random.Distribution}) written as text such as {@code exp(5ms)}, sampled as
 * whole nanoseconds through a {@link dev.svcsim.engine.random.LongSampler} bound to one stream.
 *
 * <p>Samplers aim to be reproducible across JDKs and CPUs: for a given stream state they return
 * the same values everywhere. That is why their own transcendental arithmetic uses {@link
 * java.lang.StrictMath} (fully specified) rather than {@link java.lang.Math} (which may differ in
 * the last bit between platforms).
 */
package dev.svcsim.engine.random;
