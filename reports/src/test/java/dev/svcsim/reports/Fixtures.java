package dev.svcsim.reports;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.result.ServiceResult.NodeResult;
import dev.svcsim.models.result.ServiceResult.PathCount;
import dev.svcsim.models.result.ServiceResult.PodResult;
import dev.svcsim.models.result.ServiceResult.TimelineBucket;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.scenario.ProxyMode;
import java.util.List;
import java.util.Map;
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
}
