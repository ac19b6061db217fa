package dev.svcsim.reports;

import dev.svcsim.models.result.FailureReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The report's figures for one Service ({@code services["ns/name"]} in the JSON). Every
 * {@code Double} is null where the contract says {@code null}: a fraction of nothing, a latency
 * of no request.
 *
 * @param sourceIpPreserved among delivered connections, the fraction that kept the client's
 *     source IP; null when none was delivered
 * @param sourceIpPreservedBy the same per entry path, keyed by {@code EntryPath.word()}:
 *     {@code loadBalancer}, {@code nodePort} and {@code clusterIP} always (null when no
 *     connection took the path), {@code externalIP} and {@code dns} when some connection did
 * @param nodeHops delivered connections by nodes crossed: keys {@code "1"} and {@code "2"}
 *     always, {@code "0"} (and any other count) only when not zero; in numeric order
 * @param crossZoneFraction delivered connections whose receiving node and pod were in different
 *     zones, as a fraction of delivered; null when none was delivered
 * @param pods by pod name, sorted
 * @param nodes by node name, sorted
 * @param outside delivered connections to backends that are not pods (an endpoint outside the
 *     cluster, {@code ip:port}; an ExternalName's target, {@code name:port}), sorted
 */
public record ServiceReport(
    Connections connections,
    Requests requests,
    Double sourceIpPreserved,
    Map<String, Double> sourceIpPreservedBy,
    Map<String, Long> nodeHops,
    Double crossZoneFraction,
    SortedMap<String, PodReport> pods,
    SortedMap<String, NodeReport> nodes,
    Skew skew,
    Latency latencyMs,
    SortedMap<String, OutsideReport> outside) {

  /** A Service whose backends are all pods. */
  public ServiceReport(Connections connections, Requests requests, Double sourceIpPreserved,
      Map<String, Double> sourceIpPreservedBy, Map<String, Long> nodeHops, Double crossZoneFraction,
      SortedMap<String, PodReport> pods, SortedMap<String, NodeReport> nodes, Skew skew, Latency latencyMs) {
    this(connections, requests, sourceIpPreserved, sourceIpPreservedBy, nodeHops, crossZoneFraction, pods, nodes,
        skew, latencyMs, new TreeMap<>());
  }

  /**
   * Delivered connections to one backend outside the cluster.
   *
   * @param share of the Service's delivered connections
   */
  public record OutsideReport(long connections, Double share) {}

  public ServiceReport {
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(requests, "requests");
    sourceIpPreservedBy = Collections.unmodifiableMap(new LinkedHashMap<>(sourceIpPreservedBy));
    nodeHops = Collections.unmodifiableMap(new LinkedHashMap<>(nodeHops));
    pods = Collections.unmodifiableSortedMap(new TreeMap<>(pods));
    nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
    Objects.requireNonNull(skew, "skew");
    Objects.requireNonNull(latencyMs, "latencyMs");
    outside = Collections.unmodifiableSortedMap(new TreeMap<>(outside));
  }

  /**
   * The uniform share {@code 1/n} over the {@code n} pods Ready for the whole window (those the
   * skew counts): what each of them would get from a perfectly even spread. Null when there are
   * none; pods that were not Ready the whole window have no uniform share.
   */
  public Double uniformShare() {
    return skew.podsCounted() == 0 ? null : 1.0 / skew.podsCounted();
  }

  /**
   * Connection accounting: {@code generated = delivered + failed}, and {@code failedBy} has
   * every {@link FailureReason} (zeros included) in the enum's order.
   */
  public record Connections(long generated, long delivered, long failed, Map<FailureReason, Long> failedBy) {
    public Connections {
      EnumMap<FailureReason, Long> all = new EnumMap<>(FailureReason.class);
      for (FailureReason r : FailureReason.values()) {
        all.put(r, failedBy.getOrDefault(r, 0L));
      }
      failedBy = Collections.unmodifiableMap(all);
    }
  }

  /** Request accounting: {@code generated = completed + failed}. */
  public record Requests(long generated, long completed, long failed) {}

  /**
   * One pod.
   *
   * @param share connections / the Service's delivered connections; null when none delivered
   * @param utilization the busy fraction of the pod's workers while it existed; null if unknown
   * @param latencyMs the median and 99th percentile of the requests it completed
   * @param readyWholeWindow whether it counts for {@link Skew}
   */
  public record PodReport(
      String node,
      String zone,
      long connections,
      long requests,
      Double share,
      Double utilization,
      PodLatency latencyMs,
      boolean readyWholeWindow) {}

  /** A pod's latency percentiles in milliseconds; both null when it completed no request. */
  public record PodLatency(Double p50, Double p99) {}

  /**
   * One node's part in a Service's traffic.
   *
   * @param ingressConnections delivered connections that entered the cluster at this node
   * @param podConnections delivered connections served by pods on this node
   * @param share podConnections / delivered; null when none delivered
   * @param ingressShare ingressConnections / delivered; null when none delivered
   * @param forwardedTo delivered connections that entered here and were served on another node,
   *     by that node (sorted; nodes with none left out)
   */
  public record NodeReport(
      long ingressConnections, long podConnections, Double share, Double ingressShare, String zone,
      SortedMap<String, Long> forwardedTo) {
    public NodeReport {
      forwardedTo = Collections.unmodifiableSortedMap(new TreeMap<>(forwardedTo));
    }
  }
}
