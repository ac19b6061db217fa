package dev.svcsim.models.dataplane;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.EntryPath;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Turns a finished run's counters into a {@link RunResult}. */
final class Results {

  private Results() {}

  static RunResult build(DataPlaneRun run) {
    List<ServiceResult> services = new ArrayList<>();
    for (ServiceState s : run.services) {
      services.add(service(run, s));
    }
    List<String> warnings = new ArrayList<>(run.warnings);
    for (TrafficGenerator g : run.generators()) {
      if (g.skipped > 0) {
        warnings.add("traffic " + g.spec.name() + ": " + g.skipped + " connection"
            + (g.skipped == 1 ? " was" : "s were") + " not opened because the client pod or node did not"
            + " exist or was down at the time");
      }
    }
    return new RunResult(run.scenario.name(), run.scenario.seed(), run.scenario.cluster().kubeProxy().mode(),
        run.windowStart, run.scenario.durationNanos(), run.options.intervalNanos(), services, run.marks,
        warnings, run.sim.eventsFired(), run.connectionsSimulated());
  }

  private static final class Merged {
    String node;
    String zone;
    long connections;
    long requests;
    double busy;
    double capacity;
    boolean readyWholeWindow = true;
    Histogram latency;
    long[] buckets;
  }

  private static ServiceResult service(DataPlaneRun run, ServiceState s) {
    ServiceStats st = s.stats;
    Map<FailureReason, Long> failedBy = new EnumMap<>(FailureReason.class);
    for (FailureReason r : FailureReason.values()) {
      failedBy.put(r, st.failedBy[r.ordinal()]);
    }
    Map<EntryPath, ServiceResult.PathCount> byPath = new EnumMap<>(EntryPath.class);
    for (EntryPath p : EntryPath.values()) {
      if (st.pathDelivered[p.ordinal()] > 0) {
        byPath.put(p, new ServiceResult.PathCount(st.pathDelivered[p.ordinal()], st.pathPreserved[p.ordinal()]));
      }
    }
    Map<Integer, Long> hops = new HashMap<>();
    for (int h = 0; h < st.hops.length; h++) {
      hops.put(h, st.hops[h]);
    }
    // Pods by name: a StatefulSet pod recreated under the same name is one row.
    TreeMap<String, Merged> byName = new TreeMap<>();
    for (PodState p : st.pods) {
      PodStats ps = p.stats[s.index];
      Merged m = byName.computeIfAbsent(p.name(), k -> new Merged());
      m.node = p.node.name();
      m.zone = p.node.node.zone();
      m.connections += ps.connections;
      m.requests += ps.requests;
      m.busy += p.busyIntegral;
      long from = Math.max(p.aliveFrom, run.windowStart);
      long to = Math.min(p.aliveUntil, run.windowEnd);
      m.capacity += (double) p.concurrency * Math.max(0, to - from);
      m.readyWholeWindow &= !p.unreadyInWindow && p.ready && !p.gone;
      if (m.latency == null) {
        m.latency = new Histogram(2);
        m.buckets = new long[ps.buckets.length];
      } else {
        m.readyWholeWindow = false;
      }
      m.latency.add(ps.latencyMicros);
      for (int i = 0; i < ps.buckets.length; i++) {
        m.buckets[i] += ps.buckets[i];
      }
    }
    List<ServiceResult.PodResult> pods = new ArrayList<>();
    for (Map.Entry<String, Merged> e : byName.entrySet()) {
      Merged m = e.getValue();
      double utilization = m.capacity > 0 ? Math.min(1.0, m.busy / m.capacity) : 0.0;
      pods.add(new ServiceResult.PodResult(e.getKey(), m.node, m.zone, m.connections, m.requests, utilization,
          m.readyWholeWindow, m.latency));
    }
    List<ServiceResult.NodeResult> nodes = new ArrayList<>();
    List<NodeState> sortedNodes = new ArrayList<>(List.of(run.nodes));
    sortedNodes.sort(java.util.Comparator.comparing(NodeState::name));
    for (NodeState n : sortedNodes) {
      Map<String, Long> forwardedTo = new TreeMap<>();
      long[] row = st.forwarded[n.index];
      if (row != null) {
        for (NodeState to : sortedNodes) {
          if (row[to.index] > 0) {
            forwardedTo.put(to.name(), row[to.index]);
          }
        }
      }
      nodes.add(new ServiceResult.NodeResult(n.name(), n.node.zone(), st.nodeIngress[n.index], st.nodePods[n.index],
          forwardedTo));
    }
    List<ServiceResult.TimelineBucket> timeline = new ArrayList<>();
    for (int b = 0; b < run.buckets(); b++) {
      Map<String, Long> perPod = new TreeMap<>();
      for (Map.Entry<String, Merged> e : byName.entrySet()) {
        long v = e.getValue().buckets[b];
        if (v > 0) {
          perPod.put(e.getKey(), v);
        }
      }
      timeline.add(new ServiceResult.TimelineBucket(b * run.options.intervalNanos(), st.bucketDelivered[b],
          st.bucketFailed[b], perPod));
    }
    long requestsGenerated = st.requestsCompleted + st.requestsFailed;
    Map<String, Long> outside = new TreeMap<>();
    st.outside.forEach((k, v) -> outside.put(k, v[0]));
    return new ServiceResult(s.key(), st.generated, st.delivered, failedBy, requestsGenerated,
        st.requestsCompleted, st.requestsFailed, byPath, hops, st.crossZone, pods, nodes, st.latencyMicros,
        timeline, outside);
  }
}
