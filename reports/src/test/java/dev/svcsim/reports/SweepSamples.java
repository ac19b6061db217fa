package dev.svcsim.reports;

import dev.svcsim.reports.SweepResults.Point;
import dev.svcsim.reports.SweepResults.Stat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** Sweep results built by hand for the tests of the sweep page. */
final class SweepSamples {

  static final String REPLICAS = "spec.manifests[0].spec.replicas";
  static final String MODE = "spec.kubeProxy.mode";
  static final String SKEW = "services[\"default/web\"].skew.maxOverMean";
  static final String P99 = "services[\"default/web\"].latencyMs.p99";

  private SweepSamples() {}

  /** The values of {@code from} to {@code to} by {@code step}, as a sweep file writes them. */
  static List<String> range(int from, int to, int step) {
    List<String> out = new ArrayList<>();
    for (int v = from; v <= to; v += step) {
      out.add(Integer.toString(v));
    }
    return out;
  }

  /** A statistic over 5 replications with the mean and a half-width. */
  static Stat stat(double mean, double half) {
    return new Stat(5, mean, half / 2.776, mean - half, mean + half);
  }

  /**
   * A full grid over {@code params} (the first parameter varies slowest), each point's stats
   * given by {@code stats} from its values, the points whose index is in {@code failed} failed.
   */
  static SweepResults grid(String name, Map<String, List<String>> params, List<String> metrics,
      BiFunction<Map<String, String>, String, Stat> stats, Set<Integer> failed) {
    List<Map<String, String>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> c : combos) {
        for (String v : p.getValue()) {
          Map<String, String> d = new LinkedHashMap<>(c);
          d.put(p.getKey(), v);
          next.add(d);
        }
      }
      combos = next;
    }
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < combos.size(); i++) {
      Map<String, String> values = combos.get(i);
      if (failed.contains(i)) {
        points.add(new Point(i, values, Map.of(), "replication 0: bad value " + values + " <boom> & done"));
        continue;
      }
      Map<String, Stat> s = new LinkedHashMap<>();
      for (String metric : metrics) {
        s.put(metric, stats.apply(values, metric));
      }
      points.add(new Point(i, values, s, ""));
    }
    return new SweepResults(name, 42, 5, List.copyOf(params.keySet()), metrics, points);
  }

  /** The replicas and mode figures: skew falls with replicas, less so under ipvs; p99 rises. */
  static Stat figures(Map<String, String> values, String metric) {
    double replicas = Double.parseDouble(values.getOrDefault(REPLICAS, "4"));
    boolean ipvs = "ipvs".equals(values.get(MODE));
    if (metric.equals(SKEW)) {
      return stat(1 + (ipvs ? 0.2 : 0.6) / replicas, 0.02);
    }
    return stat((ipvs ? 8 : 10) + (ipvs ? 0.3 : 0.5) * replicas, 0.4);
  }

  /** replicas 2..10 step 2 x mode iptables/ipvs, metrics skew and p99; {@code failed} failed. */
  static SweepResults replicasByMode(Integer... failed) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put(REPLICAS, range(2, 10, 2));
    params.put(MODE, List.of("iptables", "ipvs"));
    return grid("replicas-by-mode", params, List.of(SKEW, P99), SweepSamples::figures, Set.of(failed));
  }
}
