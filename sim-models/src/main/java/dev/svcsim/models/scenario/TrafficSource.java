package dev.svcsim.models.scenario;

import dev.svcsim.engine.random.Distribution;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code spec.traffic}.
 *
 * @param serviceNamespace the target Service's namespace
 * @param serviceName the target Service's name
 * @param servicePort the target port's name, or its number when unnamed
 * @param dialNodes for {@code via: nodePort}: the nodes clients dial; empty means any node
 * @param requestsPerConnection a distribution of request counts (its "nanosecond" values are
 *     counts; a sample below 1 counts as 1)
 * @param stopNanos when the source stops, relative to the start of warmup
 */
public record TrafficSource(
    String name,
    Origin from,
    String serviceNamespace,
    String serviceName,
    String servicePort,
    EntryPath via,
    List<String> dialNodes,
    double ratePerSecond,
    Arrival arrival,
    Distribution requestsPerConnection,
    Distribution thinkTime,
    long startNanos,
    long stopNanos) {

  public TrafficSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(via, "via");
    dialNodes = List.copyOf(dialNodes);
    if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be finite and not negative");
    }
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(requestsPerConnection, "requestsPerConnection");
    Objects.requireNonNull(thinkTime, "thinkTime");
    if (startNanos < 0 || stopNanos < startNanos) {
      throw new IllegalArgumentException("need 0 <= start <= stop");
    }
  }

  /** {@code ns/name} of the target Service. */
  public String serviceKey() {
    return serviceNamespace + "/" + serviceName;
  }
}
