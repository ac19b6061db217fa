package dev.svcsim.models.explain;

import dev.svcsim.models.net.Ipv4Address;
import java.util.Objects;

/**
 * Which connection to explain.
 *
 * @param traffic the traffic source's name
 * @param connection which matching connection, counting from 1
 * @param client only connections from this client address, or null for any client
 * @param afterNanos only connections opened at or after this time (the timeline's clock)
 * @param failedOnly only connections that fail (then {@code connection} counts failed ones)
 */
public record ExplainRequest(String traffic, int connection, Ipv4Address client, long afterNanos,
    boolean failedOnly) {

  public ExplainRequest {
    Objects.requireNonNull(traffic, "traffic");
    if (connection < 1) {
      throw new IllegalArgumentException("connection counts from 1, not " + connection);
    }
    if (afterNanos < 0) {
      throw new IllegalArgumentException("afterNanos must not be negative");
    }
  }

  /** The first connection of a traffic source. */
  public static ExplainRequest first(String traffic) {
    return new ExplainRequest(traffic, 1, null, 0, false);
  }
}
