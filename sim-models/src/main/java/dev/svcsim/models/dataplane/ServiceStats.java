package dev.svcsim.models.dataplane;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.scenario.EntryPath;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Running counters of one Service over the measured window. */
final class ServiceStats {

  long generated;
  long delivered;
  final long[] failedBy = new long[FailureReason.values().length];
  long requestsCompleted;
  long requestsFailed;
  final long[] pathDelivered = new long[EntryPath.values().length];
  final long[] pathPreserved = new long[EntryPath.values().length];
  final long[] hops = new long[3];
  long crossZone;
  final Histogram latencyMicros = new Histogram(3);
  final long[] nodeIngress;
  final long[] nodePods;
  /**
   * Delivered connections forwarded from the node they entered to another node's pod:
   * {@code forwarded[entry][podNode]}; a row is allocated when its node first forwards, so a
   * Service that never forwards costs one array of nulls.
   */
  final long[][] forwarded;
  /** Delivered connections to backends that are not pods, by backend (rare: allocated on use). */
  final java.util.TreeMap<String, long[]> outside = new java.util.TreeMap<>();
  final long[] bucketDelivered;
  final long[] bucketFailed;
  /** Pods that were endpoints in the window, in the order they became so. */
  final List<PodState> pods = new ArrayList<>();

  ServiceStats(int nodes, int buckets) {
    nodeIngress = new long[nodes];
    nodePods = new long[nodes];
    forwarded = new long[nodes][];
    bucketDelivered = new long[buckets];
    bucketFailed = new long[buckets];
  }
}
