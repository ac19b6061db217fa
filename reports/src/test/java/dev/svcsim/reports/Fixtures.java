package dev.svcsim.reports;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.result.ServiceResult.NodeResult;
import dev.svcsim.models.result.ServiceResult.PathCount;
import dev.svcsim.models.result.ServiceResult.PodResult;
import dev.svcsim.models.result.ServiceResult.TimelineBucket;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.scenario.Expectation.Op;
import dev.svcsim.models.scenario.ProxyMode;
import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.ServiceReport.NodeReport;
import dev.svcsim.reports.ServiceReport.PodLatency;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Hand-built run results, shaped like what the data plane produces. */
final class Fixtures {

  private Fixtures() {}

  static final long SECOND = 1_000_000_000L;

  /** A histogram of microseconds holding the given values. */
  static Histogram micros(long... values) {
    Histogram h = new Histogram(3);
    for (long v : values) {
      h.recordValue(v);
    }
    return h;
  }

  /**
   * externalTrafficPolicy: Local behind a load balancer: web-a-1 and web-a-2 on node-a get 2500
   * connections each, web-b-1 on node-b gets 5000; 10 connections failed for lack of a local
   * endpoint. Every delivered connection kept its source IP and crossed one node.
   */
  static ServiceResult etpLocal() {
    return new ServiceResult(
        "default/web",
        10_010,
        10_000,
        Map.of(FailureReason.NO_LOCAL_ENDPOINTS, 10L),
        20_020,
        20_000,
        20,
        Map.of(EntryPath.LOAD_BALANCER, new PathCount(10_000, 10_000)),
        Map.of(1, 10_000L),
        0,
        List.of(
            new PodResult("web-b-1", "node-b", "zone-1", 5000, 10_000, 0.5, true, micros(1000, 2000, 3000)),
            new PodResult("web-a-1", "node-a", "zone-1", 2500, 5000, 0.25, true, micros(1500)),
            new PodResult("web-a-2", "node-a", "zone-1", 2500, 5000, 0.25, true, micros(1200, 4800))),
        List.of(
            new NodeResult("node-b", "zone-1", 5000, 5000),
            new NodeResult("node-a", "zone-1", 5000, 5000)),
        micros(1000, 1200, 1500, 2000, 3000, 4800),
        List.of(
            new TimelineBucket(0, 5000, 5, Map.of("web-a-1", 1250L, "web-a-2", 1250L, "web-b-1", 2500L)),
            new TimelineBucket(SECOND, 5000, 5, Map.of("web-a-2", 1250L, "web-a-1", 1250L, "web-b-1", 2500L))));
  }

  /** A Service nothing reached: every connection failed, its one pod came late. */
  static ServiceResult unreachable() {
    return new ServiceResult(
        "default/api",
        40,
        0,
        Map.of(FailureReason.NO_ENDPOINTS, 40L),
        40,
        0,
        40,
        Map.of(),
        Map.of(),
        0,
        List.of(new PodResult("api-0", "node-a", "zone-1", 0, 0, 0.0, false, micros())),
        List.of(new NodeResult("node-a", "zone-1", 0, 0)),
        micros(),
        List.of(
            new TimelineBucket(0, 0, 20, Map.of()),
            new TimelineBucket(SECOND, 0, 20, Map.of())));
  }

  /** Two seconds measured after a five-second warmup, both Services, one timeline mark. */
  static RunResult run() {
    return run(List.of(etpLocal(), unreachable()), List.of());
  }

  static RunResult run(List<ServiceResult> services, List<String> warnings) {
    return new RunResult(
        "etp-local-imbalance",
        42,
        ProxyMode.IPTABLES,
        5 * SECOND,
        2 * SECOND,
        SECOND,
        services,
        List.of(new RunResult.TimelineMark(-SECOND / 2, "failNode", "node/node-c")),
        warnings,
        123_456,
        10_050);
  }

  /**
   * Strings that YAML, CSV or Markdown would misread if written raw: YAML's booleans, nulls and
   * numbers, indicators, comment and mapping markers, separators, quotes, line breaks, control and
   * non-ASCII characters, Markdown's emphasis, links, HTML, pipes and list markers, terminal
   * escape sequences.
   */
  static final List<String> ODD = List.of(
      "yes", "No", "ON", "y", "~", "null", "Null", "true", "1.0", "1", "0x1F", "1e3", "+1", "-1",
      ".5", ".inf", ".NaN", "2001-12-14", "1:20", "<<", "=", "?", ":", "-", "---", "...", "",
      " lead", "trail ", "a: b", "a:b", "# c", "x #y", "- dash", "[a]", "{b}", "*alias", "&anchor",
      "!tag", "%dir", "@at", "`tick", "'single'", "\"double\"", "multi\nline", "crlf\r\nend",
      "tab\there", "nul\u0000", "nel\u0085", "del\u007f", "ls\u2028", "bom\ufeff",
      "\u00e9 \u2713 \ud83d\ude00", "back\\slash", "trailing back\\", "pipe | bar", "escaped \\| pipe",
      "comma, quote\"", "*bold* _em_ `code` [link](x) <b>&amp;</b> ~s~", "1. item", "+ plus",
      "# heading", "=SUM(A1)", "esc\u001b[31mred\u001b[0m\u001b[2J");

  /**
   * A report built by hand whose every name and text is one of {@link #ODD}: a Service keyed by
   * an odd string whose pods are keyed by all of them, a Service with no pods, nodes or traffic
   * at all, numbers at the edges of the formatting, and an expectation per odd string.
   */
  static Report odd() {
    TreeMap<String, PodReport> pods = new TreeMap<>();
    TreeMap<String, NodeReport> nodes = new TreeMap<>();
    int i = 0;
    for (String name : ODD) {
      boolean ready = i % 3 != 0;
      pods.put(name, new PodReport(ODD.get((i + 1) % ODD.size()), ODD.get((i + 2) % ODD.size()), i, 2L * i,
          i / 1000.0, i % 5 == 0 ? null : 1.0 / (i + 1),
          i % 4 == 0 ? new PodLatency(null, null) : new PodLatency(i * 0.125, i * 1e-9), ready));
      nodes.put(name, new NodeReport(i, i, i / 100.0, null, name, new java.util.TreeMap<>()));
      i++;
    }
    Map<String, Double> byPath = new LinkedHashMap<>();
    byPath.put("loadBalancer", null);
    byPath.put("nodePort", 0.5);
    byPath.put("clusterIP", 1.0);
    ServiceReport busy = new ServiceReport(
        new ServiceReport.Connections(1L << 62, (1L << 62) - 7, 7, Map.of(FailureReason.POD_GONE, 7L)),
        new ServiceReport.Requests(3, 2, 1),
        1e21, byPath, Map.of("1", 5L), -0.0, pods, nodes,
        Skew.of(new long[] {1, 2, 3}), new Latency(1e-7, 3.6e-272, 0.1 + 0.2, 60.0, 1e20, 123456789.123456789));
    ServiceReport empty = new ServiceReport(
        new ServiceReport.Connections(0, 0, 0, Map.of()), new ServiceReport.Requests(0, 0, 0),
        null, Map.of(), Map.of(), null, new TreeMap<>(), new TreeMap<>(), Skew.of(new long[0]), Latency.NONE);
    TreeMap<String, ServiceReport> services = new TreeMap<>();
    services.put("a: b/#c", busy);
    services.put("default/web", empty);
    services.put("yes", empty);
    List<ExpectationRow> expectations = new java.util.ArrayList<>();
    Op[] ops = Op.values();
    i = 0;
    for (String text : ODD) {
      Number actual = switch (i % 3) {
        case 0 -> null;
        case 1 -> Long.MAX_VALUE - i;
        default -> -1.5e-300 * i;
      };
      expectations.add(new ExpectationRow(text, "services[\"" + text + "\"].share", ops[i % ops.length],
          i % 2 == 0 ? 1e21 * i : -0.25 * i, i * 0.01, actual, i % 2 == 1, actual == null ? text : null));
      i++;
    }
    return new Report("a: b # c", Long.MIN_VALUE, 0.000001, "on", services,
        List.of(new Report.TimelineRow(-0.5, "yes", 0, 0, new TreeMap<>()),
            new Report.TimelineRow(0, "a: b/#c", 3, 1, new TreeMap<>(Map.of("1.0", 1L, "null", 2L)))),
        expectations, ODD, 1e-7, 1.0, List.of(new Report.EventRow(-1e-9, "failNode", "node/#1: x")),
        new Report.Engine(0, Long.MAX_VALUE));
  }

  /**
   * {@link #etpLocal()}'s counts under a Cluster policy: each node forwards some connections to
   * the other (the figures of the nodes only; the pods are etpLocal's).
   *
   * @param aToB connections node-a forwarded to node-b
   * @param bToA connections node-b forwarded to node-a
   */
  static ServiceResult forwarding(long aToB, long bToA) {
    ServiceResult base = etpLocal();
    Map<String, Long> fromA = aToB == 0 ? Map.of() : Map.of("node-b", aToB);
    Map<String, Long> fromB = bToA == 0 ? Map.of() : Map.of("node-a", bToA);
    return new ServiceResult(base.service(), base.generated(), base.delivered(), base.failedBy(),
        base.requestsGenerated(), base.requestsCompleted(), base.requestsFailed(), base.byPath(),
        Map.of(1, base.delivered() - aToB - bToA, 2, aToB + bToA), 0, base.pods(),
        List.of(new NodeResult("node-a", "zone-1", 5000 + aToB - bToA, 5000, fromA),
            new NodeResult("node-b", "zone-1", 5000 + bToA - aToB, 5000, fromB)),
        base.latencyMicros(), base.timeline());
  }
}
