package dev.svcsim.reports;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.reports.Report.EventRow;
import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.Report.TimelineRow;
import dev.svcsim.reports.ServiceReport.NodeReport;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report as a JSON tree: the single place that names the report's keys and orders them.
 * The contract's keys come in the contract's order; svcsim's extra keys follow the contract's
 * keys of the same object. Maps keyed by Service, pod or node are sorted by key.
 */
public final class ReportTree {

  private ReportTree() {}

  /** The whole report. */
  public static JsonValue.Obj of(Report r) {
    List<JsonValue> timeline = new ArrayList<>();
    for (TimelineRow row : r.timeline()) {
      timeline.add(timelineRow(row));
    }
    List<JsonValue> expectations = new ArrayList<>();
    for (ExpectationRow row : r.expectations()) {
      expectations.add(expectation(row));
    }
    List<JsonValue> warnings = new ArrayList<>();
    for (String w : r.warnings()) {
      warnings.add(JsonValue.of(w));
    }
    List<JsonValue> events = new ArrayList<>();
    for (EventRow e : r.events()) {
      events.add(JsonValue.object().put("t", e.t()).put("action", e.action()).put("target", e.target()).build());
    }
    JsonValue.ObjBuilder services = JsonValue.object();
    for (Map.Entry<String, ServiceReport> e : r.services().entrySet()) {
      services.put(e.getKey(), service(e.getValue()));
    }
    return JsonValue.object()
        .put("scenario", r.scenario())
        .put("seed", r.seed())
        .put("simulatedSeconds", r.simulatedSeconds())
        .put("kubeProxyMode", r.kubeProxyMode())
        .put("services", services.build())
        .put("timeline", new JsonValue.Arr(timeline))
        .put("expectations", new JsonValue.Arr(expectations))
        .put("warnings", new JsonValue.Arr(warnings))
        .put("warmupSeconds", r.warmupSeconds())
        .put("intervalSeconds", r.intervalSeconds())
        .put("events", new JsonValue.Arr(events))
        .put("engine", JsonValue.object()
            .put("eventsFired", r.engine().eventsFired())
            .put("connectionsSimulated", r.engine().connectionsSimulated())
            .build())
        .build();
  }

  /** One Service's object, {@code services["ns/name"]}. */
  public static JsonValue.Obj service(ServiceReport s) {
    JsonValue.ObjBuilder failedBy = JsonValue.object();
    for (Map.Entry<FailureReason, Long> e : s.connections().failedBy().entrySet()) {
      failedBy.put(e.getKey().key(), e.getValue());
    }
    JsonValue.ObjBuilder byPath = JsonValue.object();
    s.sourceIpPreservedBy().forEach(byPath::put);
    JsonValue.ObjBuilder hops = JsonValue.object();
    s.nodeHops().forEach(hops::put);
    JsonValue.ObjBuilder pods = JsonValue.object();
    for (Map.Entry<String, PodReport> e : s.pods().entrySet()) {
      PodReport p = e.getValue();
      pods.put(e.getKey(), JsonValue.object()
          .put("node", p.node())
          .put("zone", p.zone())
          .put("connections", p.connections())
          .put("requests", p.requests())
          .put("share", p.share())
          .put("utilization", p.utilization())
          .put("latencyMs", JsonValue.object()
              .put("p50", p.latencyMs().p50())
              .put("p99", p.latencyMs().p99())
              .build())
          .put("readyWholeWindow", p.readyWholeWindow())
          .build());
    }
    JsonValue.ObjBuilder nodes = JsonValue.object();
    for (Map.Entry<String, NodeReport> e : s.nodes().entrySet()) {
      NodeReport n = e.getValue();
      JsonValue.ObjBuilder forwardedTo = JsonValue.object();
      n.forwardedTo().forEach(forwardedTo::put);
      nodes.put(e.getKey(), JsonValue.object()
          .put("ingressConnections", n.ingressConnections())
          .put("podConnections", n.podConnections())
          .put("share", n.share())
          .put("ingressShare", n.ingressShare())
          .put("zone", n.zone())
          .put("forwardedTo", forwardedTo.build())
          .build());
    }
    JsonValue.ObjBuilder outside = JsonValue.object();
    for (var o : s.outside().entrySet()) {
      outside.put(o.getKey(), JsonValue.object()
          .put("connections", o.getValue().connections())
          .put("share", o.getValue().share())
          .build());
    }
    Skew k = s.skew();
    Latency l = s.latencyMs();
    return JsonValue.object()
        .put("connections", JsonValue.object()
            .put("generated", s.connections().generated())
            .put("delivered", s.connections().delivered())
            .put("failed", s.connections().failed())
            .put("failedBy", failedBy.build())
            .build())
        .put("requests", JsonValue.object()
            .put("generated", s.requests().generated())
            .put("completed", s.requests().completed())
            .put("failed", s.requests().failed())
            .build())
        .put("sourceIpPreserved", s.sourceIpPreserved())
        .put("sourceIpPreservedBy", byPath.build())
        .put("nodeHops", hops.build())
        .put("crossZoneFraction", s.crossZoneFraction())
        .put("pods", pods.build())
        .put("nodes", nodes.build())
        .put("outside", outside.build())
        .put("skew", JsonValue.object()
            .put("maxOverMean", k.maxOverMean())
            .put("minOverMean", k.minOverMean())
            .put("cv", k.cv())
            .put("jain", k.jain())
            .put("gini", k.gini())
            .put("chiSquareP", k.chiSquareP())
            .put("podsCounted", k.podsCounted())
            .build())
        .put("latencyMs", JsonValue.object()
            .put("mean", l.mean())
            .put("p50", l.p50())
            .put("p90", l.p90())
            .put("p99", l.p99())
            .put("p999", l.p999())
            .put("max", l.max())
            .build())
        .build();
  }

  private static JsonValue timelineRow(TimelineRow row) {
    JsonValue.ObjBuilder pods = JsonValue.object();
    row.pods().forEach(pods::put);
    return JsonValue.object()
        .put("t", row.t())
        .put("service", row.service())
        .put("delivered", row.delivered())
        .put("failed", row.failed())
        .put("pods", pods.build())
        .build();
  }

  private static JsonValue expectation(ExpectationRow row) {
    return JsonValue.object()
        .put("name", row.name())
        .put("metric", row.metric())
        .put("op", row.op().symbol())
        .put("value", row.value())
        .put("actual", actual(row))
        .put("passed", row.passed())
        .put("tolerance", row.tolerance())
        .build();
  }

  /** An expectation's actual value as JSON: an integer, a number, or null when there is none. */
  static JsonValue actual(ExpectationRow row) {
    JsonValue actual;
    if (row.actual() == null) {
      actual = JsonValue.Null.NULL;
    } else if (row.actual() instanceof Long n) {
      actual = JsonValue.of(n.longValue());
    } else {
      actual = JsonValue.of(row.actual().doubleValue());
    }
    return actual;
  }
}
