package dev.svcsim.scenario.sweep;

/**
 * A deterministic share of a sweep's points: shard {@code index} of {@code count} runs the points
 * whose index leaves {@code index} when divided by {@code count}. Shards are counted from 0, as a
 * Kubernetes Indexed Job counts its completions ({@code JOB_COMPLETION_INDEX}); every point is in
 * exactly one shard, and the shards' sizes differ by at most one.
 *
 * @param index this shard, from 0 to count - 1
 * @param count how many shards there are, at least 1
 */
public record Shard(int index, int count) {

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("the number of shards must be at least 1, not " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("shards are counted from 0 to " + (count - 1) + ", so there is no shard "
          + index + " of " + count);
    }
  }

  /**
   * Reads {@code I/N}.
   *
   * @throws IllegalArgumentException saying what to write instead
   */
  public static Shard parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("write the shard as I/N, e.g. 0/4 for the first of 4 shards, not \"" + text + "\"");
    }
    int index;
    int count;
    try {
      index = Integer.parseInt(text.substring(0, slash).trim());
      count = Integer.parseInt(text.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("write the shard as I/N with whole numbers, e.g. 0/4, not \"" + text + "\"");
    }
    return new Shard(index, count);
  }

  /** Whether point {@code point} is in this shard. */
  public boolean contains(int point) {
    return point % count == index;
  }

  /** Whether this is the whole sweep (one shard of one). */
  public boolean whole() {
    return count == 1;
  }

  /** {@code I/N}. */
  @Override
  public String toString() {
    return index + "/" + count;
  }
}
