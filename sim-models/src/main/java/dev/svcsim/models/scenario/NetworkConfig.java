package dev.svcsim.models.scenario;

import dev.svcsim.engine.random.Distribution;
import java.util.Objects;

/**
 * One-way latency of each kind of hop, and the userspace proxy's extra cost per connection.
 */
public record NetworkConfig(
    Distribution sameNode,
    Distribution sameZone,
    Distribution crossZone,
    Distribution external,
    Distribution userspaceProxyOverhead) {

  /** 10us same node, 100us same zone, 1ms across zones, 5ms to the outside, 200us userspace. */
  public static final NetworkConfig DEFAULT =
      new NetworkConfig(
          new Distribution.Constant(10_000L),
          new Distribution.Constant(100_000L),
          new Distribution.Constant(1_000_000L),
          new Distribution.Constant(5_000_000L),
          new Distribution.Constant(200_000L));

  public NetworkConfig {
    Objects.requireNonNull(sameNode, "sameNode");
    Objects.requireNonNull(sameZone, "sameZone");
    Objects.requireNonNull(crossZone, "crossZone");
    Objects.requireNonNull(external, "external");
    Objects.requireNonNull(userspaceProxyOverhead, "userspaceProxyOverhead");
  }
}
