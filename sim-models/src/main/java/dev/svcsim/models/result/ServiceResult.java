package dev.svcsim.models.result;

import dev.svcsim.models.scenario.EntryPath;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The measured figures of one Service: connection and request accounting, where connections went
 * and what happened to the client's source IP.
 *
 * <p>Invariants: {@code generated == delivered + sum(failedBy)};
 * {@code requestsGenerated == requestsCompleted + requestsFailed}; the per-pod connection counts
 * with {@code outside} add up to {@code delivered}, and so do the {@code nodeHops} counts and the per-path delivered
 * counts.
 *
 * @param service {@code ns/name}
 * @param failedBy a count for every {@link FailureReason}, zeros included
 * @param byPath delivered connections and how many kept the client's source IP, per entry path
 *     that at least one measured connection took
 * @param nodeHops delivered connections by the number of cluster nodes they crossed (0 for an
 *     ExternalName or an endpoint outside the cluster reached directly)
 * @param crossZone delivered connections whose receiving node and pod were in different zones
 * @param pods every pod that was an endpoint of the Service at some time in the window, by name
 * @param nodes every node, by name
 * @param latencyMicros end-to-end latency of the completed requests, in microseconds
 * @param timeline one bucket per interval of the measured window, by the connection's start time
 * @param outside delivered connections whose backend is not a pod, by backend: an endpoint
 *     outside the cluster ({@code ip:port}, from manual Endpoints) or an ExternalName's target
 *     ({@code name:port}); with the pods' connections they add up to {@code delivered}
 */
public record ServiceResult(
    String service,
    long generated,
    long delivered,
    Map<FailureReason, Long> failedBy,
    long requestsGenerated,
    long requestsCompleted,
    long requestsFailed,
    Map<EntryPath, PathCount> byPath,
    Map<Integer, Long> nodeHops,
    long crossZone,
    List<PodResult> pods,
    List<NodeResult> nodes,
    Histogram latencyMicros,
    List<TimelineBucket> timeline,
    Map<String, Long> outside) {

  /** A Service whose backends are all pods. */
  public ServiceResult(String service, long generated, long delivered, Map<FailureReason, Long> failedBy,
      long requestsGenerated, long requestsCompleted, long requestsFailed, Map<EntryPath, PathCount> byPath,
      Map<Integer, Long> nodeHops, long crossZone, List<PodResult> pods, List<NodeResult> nodes,
      Histogram latencyMicros, List<TimelineBucket> timeline) {
    this(service, generated, delivered, failedBy, requestsGenerated, requestsCompleted, requestsFailed, byPath,
        nodeHops, crossZone, pods, nodes, latencyMicros, timeline, Map.of());
  }

  public ServiceResult {
    Objects.requireNonNull(service, "service");
    EnumMap<FailureReason, Long> all = new EnumMap<>(FailureReason.class);
    for (FailureReason r : FailureReason.values()) {
      all.put(r, failedBy.getOrDefault(r, 0L));
    }
    failedBy = java.util.Collections.unmodifiableMap(all);
    byPath = java.util.Collections.unmodifiableMap(
        byPath.isEmpty() ? new EnumMap<>(EntryPath.class) : new EnumMap<>(byPath));
    nodeHops = Map.copyOf(nodeHops);
    pods = List.copyOf(pods);
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(latencyMicros, "latencyMicros");
    timeline = List.copyOf(timeline);
    outside = Collections.unmodifiableSortedMap(new TreeMap<>(outside));
  }

  /** Failed connections, all reasons together. */
  public long failed() {
    long sum = 0;
    for (long v : failedBy.values()) {
      sum += v;
    }
    return sum;
  }

  /** Delivered connections that took one entry path, and how many of them kept the source IP. */
  public record PathCount(long delivered, long sourceIpPreserved) {
    public PathCount {
      if (delivered < 0 || sourceIpPreserved < 0 || sourceIpPreserved > delivered) {
        throw new IllegalArgumentException("need 0 <= preserved <= delivered");
      }
    }
  }

  /**
   * One pod's figures.
   *
   * @param connections delivered connections that landed on this pod
   * @param requests requests this pod completed
   * @param utilization the busy fraction of its workers over the part of the window it existed
   * @param readyWholeWindow Ready from the start to the end of the measured window (only such
   *     pods count for skew)
   * @param latencyMicros end-to-end latency of the requests it completed, in microseconds
   */
  public record PodResult(
      String name,
      String node,
      String zone,
      long connections,
      long requests,
      double utilization,
      boolean readyWholeWindow,
      Histogram latencyMicros) {
    public PodResult {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(latencyMicros, "latencyMicros");
    }
  }

  /**
   * One node's figures for this Service.
   *
   * @param ingressConnections delivered connections that entered the cluster at this node (for
   *     traffic from pods and nodes, the client's own node)
   * @param podConnections delivered connections served by pods on this node
   * @param forwardedTo delivered connections that entered at this node and were served by a pod
   *     on another node, by that node's name (sorted; nodes with none left out): the second hop
   *     of {@code nodeHops["2"]}
   */
  public record NodeResult(
      String name, String zone, long ingressConnections, long podConnections, Map<String, Long> forwardedTo) {
    public NodeResult {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(zone, "zone");
      forwardedTo = Collections.unmodifiableSortedMap(new TreeMap<>(forwardedTo));
    }

    /** A node that forwarded nothing. */
    public NodeResult(String name, String zone, long ingressConnections, long podConnections) {
      this(name, zone, ingressConnections, podConnections, Map.of());
    }
  }

  /**
   * Connections that started in one interval of the measured window.
   *
   * @param startNanos the bucket's start, relative to the start of the measured window
   * @param podConnections delivered connections per pod name (pods with none are left out)
   */
  public record TimelineBucket(long startNanos, long delivered, long failed, Map<String, Long> podConnections) {
    public TimelineBucket {
      podConnections = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(podConnections));
    }
  }
}
