package dev.svcsim.models.cluster;

import dev.svcsim.models.net.Ipv4Address;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod placed on a node, with its IP.
 *
 * @param owner the workload that created it ({@code deployment/ns/name}), or "" for a bare Pod
 * @param creationIndex the order in which pods were created (0, 1, ...), for "newest first"
 * @param terminationGracePeriodSeconds its {@link PodTemplate#terminationGracePeriodSeconds()}:
 *     the grace period of a deletion that gives none of its own
 */
public record Pod(
    String namespace,
    String name,
    Map<String, String> labels,
    String nodeName,
    Ipv4Address ip,
    List<ContainerPort> ports,
    PodPerformance performance,
    String owner,
    int creationIndex,
    long terminationGracePeriodSeconds) {

  public Pod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(ip, "ip");
    ports = List.copyOf(ports);
    Objects.requireNonNull(performance, "performance");
    Objects.requireNonNull(owner, "owner");
    if (terminationGracePeriodSeconds < 0) {
      throw new IllegalArgumentException(
          "terminationGracePeriodSeconds must not be negative: " + terminationGracePeriodSeconds);
    }
  }

  /**
   * {@link #terminationGracePeriodSeconds()} in nanoseconds, {@code Long.MAX_VALUE} when it is
   * too long to count in nanoseconds (about 292 years: it never ends).
   */
  public long terminationGracePeriodNanos() {
    return terminationGracePeriodSeconds > Long.MAX_VALUE / 1_000_000_000L
        ? Long.MAX_VALUE
        : terminationGracePeriodSeconds * 1_000_000_000L;
  }

  /** {@code ns/name}. */
  public String key() {
    return namespace + "/" + name;
  }

  /** Whether the labels satisfy a selector (every key present with that value). */
  public boolean matches(Map<String, String> selector) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
