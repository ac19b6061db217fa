package dev.svcsim.models.scenario;

/** A count or a percentage, as {@code maxSurge} and {@code maxUnavailable} take them. */
public record IntOrPercent(int value, boolean percent) {
  public IntOrPercent {
    if (value < 0) {
      throw new IllegalArgumentException("must not be negative: " + value);
    }
  }

  /** The absolute count for {@code total} replicas, rounding up (surge) or down (unavailable). */
  public int of(int total, boolean roundUp) {
    if (!percent) {
      return value;
    }
    long scaled = (long) value * total;
    return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
  }

  @Override
  public String toString() {
    return percent ? value + "%" : Integer.toString(value);
  }
}
