package dev.svcsim.scenario.load;

import java.util.BitSet;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The API server's allocation strategy for NodePorts and ClusterIPs (Kubernetes
 * {@code allocator/bitmap.go} {@code randomScanStrategyWithOffset}): the range is split at an
 * offset into a lower band, kept for explicitly requested values, and an upper band; a dynamic
 * pick starts at a random position in the upper band and scans upward with wrap-around, and only
 * when the upper band is full does it do the same in the lower band.
 */
final class RangeAllocator {

  private final int size;
  private final int offset;
  private final BitSet used;
  private final UniformRandomProvider rng;
  private int count;

  /**
   * @param size how many values (index 0 .. size-1)
   * @param offset the size of the lower band
   */
  RangeAllocator(int size, int offset, UniformRandomProvider rng) {
    this.size = size;
    this.offset = Math.min(offset, size);
    this.used = new BitSet(size);
    this.rng = rng;
  }

  /** NodePorts: size/32 clamped to [16, 128]; 0 for ranges of 16 or fewer. */
  static int nodePortOffset(int size) {
    return size <= 16 ? 0 : Math.max(16, Math.min(128, size / 32));
  }

  /** ClusterIPs: size/16 clamped to [16, 256] over the whole CIDR; 0 for a /28 or smaller. */
  static int clusterIpOffset(long cidrSize) {
    return cidrSize <= 16 ? 0 : (int) Math.max(16, Math.min(256, cidrSize / 16));
  }

  /** Marks an explicitly requested value; false when it was already taken. */
  boolean allocate(int index) {
    if (used.get(index)) {
      return false;
    }
    used.set(index);
    count++;
    return true;
  }

  /** Picks a free value as the API server does, or -1 when the range is full. */
  int allocateNext() {
    if (count >= size) {
      return -1;
    }
    int upper = size - offset;
    if (upper > 0) {
      int start = rng.nextInt(upper);
      for (int i = 0; i < upper; i++) {
        int at = offset + (start + i) % upper;
        if (!used.get(at)) {
          used.set(at);
          count++;
          return at;
        }
      }
    }
    if (offset > 0) {
      int start = rng.nextInt(offset);
      for (int i = 0; i < offset; i++) {
        int at = (start + i) % offset;
        if (!used.get(at)) {
          used.set(at);
          count++;
          return at;
        }
      }
    }
    return -1;
  }
}
