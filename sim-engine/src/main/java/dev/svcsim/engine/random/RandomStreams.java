package dev.svcsim.engine.random;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.rng.JumpableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Named, independent random streams derived from one master seed, with a substream per
 * replication.
 *
 * <p>Each stream is a xoshiro256++ generator (Commons RNG {@code XO_SHI_RO_256_PP}, period
 * 2<sup>256</sup>&minus;1). Its starting state is the SHA-256 digest of the master seed and the
 * stream's name, so a stream depends on nothing but (seed, name, replication): adding a stream,
 * or creating streams in another order, never changes the numbers another stream yields.
 * Replication {@code r} advances every stream by {@code r} jumps of 2<sup>128</sup> draws, giving
 * each replication its own non-overlapping substream of each stream.
 *
 * <p>Not thread-safe: one instance serves one simulation.
 */
public final class RandomStreams {

  private static final RandomSource ALGORITHM = RandomSource.XO_SHI_RO_256_PP;

  private final long masterSeed;
  private final int replication;
  private final Map<String, UniformRandomProvider> streams = new TreeMap<>();

  /** Streams of replication 0 of {@code masterSeed}. */
  public RandomStreams(long masterSeed) {
    this(masterSeed, 0);
  }

  /**
   * Streams of one replication of {@code masterSeed}.
   *
   * @param replication 0 for the first run; each index gives every stream its own substream
   */
  public RandomStreams(long masterSeed, int replication) {
    if (replication < 0) {
      throw new IllegalArgumentException("replication must not be negative: " + replication);
    }
    this.masterSeed = masterSeed;
    this.replication = replication;
  }

  public long masterSeed() {
    return masterSeed;
  }

  public int replication() {
    return replication;
  }

  /**
   * The stream with this name, created on first use; later calls with the same name return the
   * same generator, continuing where it stands.
   *
   * @param name any non-empty text, e.g. {@code "arrivals/internet-users"}
   */
  public UniformRandomProvider stream(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a random stream needs a non-empty name");
    }
    return streams.computeIfAbsent(name, this::create);
  }

  /** The names of the streams created so far, sorted. */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(streams.keySet()));
  }

  private UniformRandomProvider create(String name) {
    long[] state = initialState(masterSeed, name);
    JumpableUniformRandomProvider rng = (JumpableUniformRandomProvider) ALGORITHM.create(state);
    for (int i = 0; i < replication; i++) {
      rng.jump();
    }
    return rng;
  }

  /** SHA-256 of (seed as 8 big-endian bytes, name as UTF-8), read as four longs. */
  static long[] initialState(long seed, String name) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
    for (int shift = 56; shift >= 0; shift -= 8) {
      sha.update((byte) (seed >>> shift));
    }
    byte[] digest = sha.digest(name.getBytes(StandardCharsets.UTF_8));
    long[] state = new long[4];
    for (int i = 0; i < 32; i++) {
      state[i >> 3] = (state[i >> 3] << 8) | (digest[i] & 0xFF);
    }
    if ((state[0] | state[1] | state[2] | state[3]) == 0) {
      state[0] = 1; // the all-zero state is the generator's one fixed point
    }
    return state;
  }
}
