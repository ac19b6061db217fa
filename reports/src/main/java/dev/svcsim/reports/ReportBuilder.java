package dev.svcsim.reports;

import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.RunResult.TimelineMark;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.result.ServiceResult.NodeResult;
import dev.svcsim.models.result.ServiceResult.PathCount;
import dev.svcsim.models.result.ServiceResult.PodResult;
import dev.svcsim.models.result.ServiceResult.TimelineBucket;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.reports.Report.EventRow;
import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.Report.TimelineRow;
import dev.svcsim.reports.ServiceReport.Connections;
import dev.svcsim.reports.ServiceReport.NodeReport;
import dev.svcsim.reports.ServiceReport.PodLatency;
import dev.svcsim.reports.ServiceReport.PodReport;
import dev.svcsim.reports.ServiceReport.Requests;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a {@link RunResult} into a {@link Report}: derives shares, fractions, skew and latency
 * percentiles from the raw counts, checks the counts add up (a mismatch becomes a warning, not an
 * exception: the report is still worth reading), then evaluates the expectations on the report's
 * JSON tree.
 */
final class ReportBuilder {

  private static final double NANOS_PER_SECOND = 1e9;

  /** The entry paths whose {@code sourceIpPreservedBy} key is always present. */
  private static final Set<EntryPath> ALWAYS_LISTED =
      EnumSet.of(EntryPath.LOAD_BALANCER, EntryPath.NODE_PORT, EntryPath.CLUSTER_IP);

  private ReportBuilder() {}

  static Report build(RunResult run, List<Expectation> expectations) {
    List<String> warnings = new ArrayList<>(run.warnings());
    TreeMap<String, ServiceResult> results = new TreeMap<>();
    for (ServiceResult s : run.services()) {
      if (results.putIfAbsent(s.service(), s) != null) {
        warnings.add(s.service() + ": the run reported this Service twice; the report shows the first");
      }
    }
    TreeMap<String, ServiceReport> services = new TreeMap<>();
    for (ServiceResult s : results.values()) {
      services.put(s.service(), service(s, warnings));
    }
    List<EventRow> events = new ArrayList<>();
    for (TimelineMark m : run.marks()) {
      events.add(new EventRow(seconds(m.atNanos()), m.action(), m.target()));
    }
    Report figures = new Report(
        run.scenario(),
        run.seed(),
        seconds(run.measuredNanos()),
        run.kubeProxyMode().word(),
        services,
        timeline(results.values()),
        List.of(),
        warnings,
        seconds(run.warmupNanos()),
        seconds(run.intervalNanos()),
        events,
        new Report.Engine(run.eventsFired(), run.connectionsSimulated()));
    List<String> pathWarnings = new ArrayList<>();
    List<ExpectationRow> rows =
        ExpectationEvaluator.evaluate(ReportTree.of(figures), expectations, pathWarnings);
    List<String> all = new ArrayList<>(warnings);
    all.addAll(pathWarnings);
    return figures.with(rows, all);
  }

  static double seconds(long nanos) {
    return nanos / NANOS_PER_SECOND;
  }

  /** {@code part / whole}, or null when {@code whole} is 0. */
  static Double fraction(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }

  private static ServiceReport service(ServiceResult s, List<String> warnings) {
    String key = s.service();
    long delivered = s.delivered();
    long failed = s.failed();
    if (s.generated() != delivered + failed) {
      warnings.add(key + ": " + s.generated() + " connections generated but " + delivered
          + " delivered + " + failed + " failed = " + (delivered + failed) + accountingBug());
    }
    if (s.requestsGenerated() != s.requestsCompleted() + s.requestsFailed()) {
      warnings.add(key + ": " + s.requestsGenerated() + " requests generated but "
          + s.requestsCompleted() + " completed + " + s.requestsFailed() + " failed = "
          + (s.requestsCompleted() + s.requestsFailed()) + accountingBug());
    }

    long pathDelivered = 0;
    long pathPreserved = 0;
    Map<String, Double> byPath = new LinkedHashMap<>();
    for (EntryPath p : EntryPath.values()) {
      PathCount c = s.byPath().get(p);
      if (c != null) {
        pathDelivered += c.delivered();
        pathPreserved += c.sourceIpPreserved();
      }
      if (c != null || ALWAYS_LISTED.contains(p)) {
        byPath.put(p.word(), c == null ? null : fraction(c.sourceIpPreserved(), c.delivered()));
      }
    }
    if (pathDelivered != delivered) {
      warnings.add(key + ": the entry paths account for " + pathDelivered
          + " delivered connections, not " + delivered + accountingBug());
    }

    TreeMap<Integer, Long> hops = new TreeMap<>(s.nodeHops());
    hops.putIfAbsent(1, 0L);
    hops.putIfAbsent(2, 0L);
    Map<String, Long> nodeHops = new LinkedHashMap<>();
    long hopSum = 0;
    for (Map.Entry<Integer, Long> e : hops.entrySet()) {
      hopSum += e.getValue();
      if (e.getKey() == 1 || e.getKey() == 2 || e.getValue() != 0) {
        nodeHops.put(Integer.toString(e.getKey()), e.getValue());
      }
    }
    if (hopSum != delivered) {
      warnings.add(key + ": nodeHops add up to " + hopSum + ", not the " + delivered
          + " delivered connections" + accountingBug());
    }

    TreeMap<String, PodReport> pods = new TreeMap<>();
    List<Long> readyCounts = new ArrayList<>();
    long podSum = 0;
    for (PodResult p : s.pods()) {
      PodReport r = new PodReport(
          p.node(),
          p.zone(),
          p.connections(),
          p.requests(),
          fraction(p.connections(), delivered),
          Double.isFinite(p.utilization()) ? p.utilization() : null,
          new PodLatency(
              Latency.percentileMs(p.latencyMicros(), 50),
              Latency.percentileMs(p.latencyMicros(), 99)),
          p.readyWholeWindow());
      if (pods.putIfAbsent(p.name(), r) != null) {
        warnings.add(key + ": pod " + p.name() + " is listed twice; the report shows the first");
        continue;
      }
      podSum += p.connections();
      if (p.readyWholeWindow()) {
        readyCounts.add(p.connections());
      }
    }
    TreeMap<String, ServiceReport.OutsideReport> outside = new TreeMap<>();
    long outsideSum = 0;
    for (var o : s.outside().entrySet()) {
      outside.put(o.getKey(), new ServiceReport.OutsideReport(o.getValue(), fraction(o.getValue(), delivered)));
      outsideSum += o.getValue();
    }
    if (podSum + outsideSum != delivered) {
      warnings.add(key + ": the pods' connections" + (outsideSum > 0 ? " and those outside the cluster" : "")
          + " add up to " + (podSum + outsideSum) + ", not the " + delivered + " delivered" + accountingBug());
    }

    TreeMap<String, NodeReport> nodes = new TreeMap<>();
    for (NodeResult n : s.nodes()) {
      NodeReport r = new NodeReport(
          n.ingressConnections(),
          n.podConnections(),
          fraction(n.podConnections(), delivered),
          fraction(n.ingressConnections(), delivered),
          n.zone(),
          new TreeMap<>(n.forwardedTo()));
      if (nodes.putIfAbsent(n.name(), r) != null) {
        warnings.add(key + ": node " + n.name() + " is listed twice; the report shows the first");
      }
    }

    return new ServiceReport(
        new Connections(s.generated(), delivered, failed, s.failedBy()),
        new Requests(s.requestsGenerated(), s.requestsCompleted(), s.requestsFailed()),
        fraction(pathPreserved, pathDelivered),
        byPath,
        nodeHops,
        fraction(s.crossZone(), delivered),
        pods,
        nodes,
        Skew.of(readyCounts.stream().mapToLong(Long::longValue).toArray()),
        Latency.ofMicros(s.latencyMicros()),
        outside);
  }

  private static String accountingBug() {
    return "; the data plane's accounting is off (a bug in svcsim, please report it)";
  }

  private record Keyed(long startNanos, String service, TimelineBucket bucket) {}

  private static List<TimelineRow> timeline(Iterable<ServiceResult> services) {
    List<Keyed> all = new ArrayList<>();
    for (ServiceResult s : services) {
      for (TimelineBucket b : s.timeline()) {
        all.add(new Keyed(b.startNanos(), s.service(), b));
      }
    }
    // Stable: a Service's buckets keep their order at equal start times.
    all.sort(Comparator.comparingLong(Keyed::startNanos).thenComparing(Keyed::service));
    List<TimelineRow> rows = new ArrayList<>(all.size());
    for (Keyed k : all) {
      TimelineBucket b = k.bucket();
      rows.add(new TimelineRow(seconds(b.startNanos()), k.service(), b.delivered(), b.failed(), new TreeMap<>(b.podConnections())));
    }
    return rows;
  }
}
