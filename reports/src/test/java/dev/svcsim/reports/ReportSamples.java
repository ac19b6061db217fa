package dev.svcsim.reports;

import static dev.svcsim.reports.Fixtures.SECOND;
import static dev.svcsim.reports.Fixtures.micros;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.RunResult.TimelineMark;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.result.ServiceResult.NodeResult;
import dev.svcsim.models.result.ServiceResult.PathCount;
import dev.svcsim.models.result.ServiceResult.PodResult;
import dev.svcsim.models.result.ServiceResult.TimelineBucket;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.models.scenario.Expectation.Op;
import dev.svcsim.models.scenario.ProxyMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reports for the HTML writer's tests, built from run results that add up (so the builder adds
 * no warning of its own): a shop with three zones, a node failure and a scale-up; many pods; one
 * pod with a given name.
 */
final class ReportSamples {

  private ReportSamples() {}

  static final List<String> CHECKOUT_PODS = List.of(
      "checkout-6d8f9-2x7kq", "checkout-6d8f9-8jz4n", "checkout-6d8f9-fq2mw", "checkout-6d8f9-k9d5s",
      "checkout-6d8f9-p3v7c", "checkout-6d8f9-t6h1r", "checkout-6d8f9-w4b8x", "checkout-6d8f9-zr5nd");

  private static final Map<String, String> NODE_ZONES = new TreeMap<>(Map.of(
      "node-a1", "zone-a", "node-a2", "zone-a", "node-b1", "zone-b", "node-b2", "zone-b", "node-c1", "zone-c"));

  /**
   * Two Services over five nodes in three zones, 30 s measured after 5 s of warmup. At 10 s
   * node-b2 fails (its two checkout pods stop, 130 connections fail with nodeDown), at 12 s
   * checkout scales to 8 pods (checkout-6d8f9-zr5nd arrives, not Ready the whole window), at
   * 20 s node-b2 recovers. One expectation passes, one fails.
   */
  static Report shop() {
    List<Expectation> expectations = List.of(
        new Expectation("every checkout connection delivered or failed by a node",
            "services[\"shop/checkout\"].connections.failedBy.noEndpoints", Op.EQ, 0, 0),
        new Expectation("checkout spread evenly", "services[\"shop/checkout\"].skew.maxOverMean", Op.LE, 1.2, 0));
    RunResult run = new RunResult("zonal-checkout", 7, ProxyMode.IPVS, 5 * SECOND, 30 * SECOND, SECOND,
        List.of(checkout(), cart()),
        List.of(new TimelineMark(-2 * SECOND, "setRate", "traffic/shoppers"),
            new TimelineMark(10 * SECOND, "failNode", "node/node-b2"),
            new TimelineMark(12 * SECOND, "scale", "deployment/checkout"),
            new TimelineMark(20 * SECOND, "recoverNode", "node/node-b2")),
        List.of("ipvs: scheduler rr treats every endpoint alike; weights in the scenario are ignored"),
        2_345_678, 31_200);
    return Report.of(run, expectations);
  }

  private static String nodeOf(int pod) {
    return switch (pod) {
      case 0, 1 -> "node-a1";
      case 2 -> "node-a2";
      case 3 -> "node-b1";
      case 4, 5 -> "node-b2";
      default -> "node-c1";
    };
  }

  private static ServiceResult checkout() {
    int seconds = 30;
    long[] perPod = new long[CHECKOUT_PODS.size()];
    List<TimelineBucket> buckets = new ArrayList<>();
    long failed = 0;
    for (int t = 0; t < seconds; t++) {
      Map<String, Long> pods = new TreeMap<>();
      long delivered = 0;
      boolean b2Down = t >= 10 && t < 20;
      for (int p = 0; p < CHECKOUT_PODS.size(); p++) {
        if (b2Down && nodeOf(p).equals("node-b2") || p == 7 && t < 12) {
          continue;
        }
        long c = 50 + (t * 37 + p * 11) % 17 + (b2Down ? 12 : 0) + (p == 0 ? 25 : 0);
        pods.put(CHECKOUT_PODS.get(p), c);
        perPod[p] += c;
        delivered += c;
      }
      long fails = t == 10 ? 80 : t == 11 ? 40 : t == 12 ? 10 : 0;
      failed += fails;
      buckets.add(new TimelineBucket(t * SECOND, delivered, fails, pods));
    }
    long delivered = 0;
    List<PodResult> pods = new ArrayList<>();
    Map<String, Long> podConnectionsByNode = new TreeMap<>();
    for (int p = 0; p < perPod.length; p++) {
      delivered += perPod[p];
      String node = nodeOf(p);
      podConnectionsByNode.merge(node, perPod[p], Long::sum);
      pods.add(new PodResult(CHECKOUT_PODS.get(p), node, NODE_ZONES.get(node), perPod[p], perPod[p] * 3,
          0.2 + p * 0.05, p != 7 && !node.equals("node-b2"), micros(900 + p * 40, 1400 + p * 90, 5200 + p * 300)));
    }
    List<NodeResult> nodes = new ArrayList<>();
    long ingressLeft = delivered;
    int i = 0;
    for (String node : NODE_ZONES.keySet()) {
      long ingress = i == NODE_ZONES.size() - 1 ? ingressLeft : delivered / NODE_ZONES.size();
      ingressLeft -= ingress;
      nodes.add(new NodeResult(node, NODE_ZONES.get(node), ingress, podConnectionsByNode.getOrDefault(node, 0L)));
      i++;
    }
    long oneHop = delivered / 5;
    return new ServiceResult("shop/checkout", delivered + failed, delivered,
        Map.of(FailureReason.NODE_DOWN, failed), (delivered + failed) * 3, delivered * 3, failed * 3,
        Map.of(EntryPath.LOAD_BALANCER, new PathCount(delivered, 0)),
        Map.of(1, oneHop, 2, delivered - oneHop), delivered * 3 / 5, pods, nodes,
        micros(900, 1100, 1200, 1400, 1500, 2100, 2600, 4800, 7300, 12_400), buckets);
  }

  private static ServiceResult cart() {
    List<TimelineBucket> buckets = new ArrayList<>();
    long[] perPod = new long[3];
    for (int t = 0; t < 30; t++) {
      Map<String, Long> pods = new LinkedHashMap<>();
      long delivered = 0;
      for (int p = 0; p < 3; p++) {
        long c = 30 + (t * 13 + p * 7) % 9;
        pods.put("cart-0" + p, c);
        perPod[p] += c;
        delivered += c;
      }
      buckets.add(new TimelineBucket(t * SECOND, delivered, 0, pods));
    }
    long delivered = perPod[0] + perPod[1] + perPod[2];
    String[] node = {"node-a1", "node-b1", "node-c1"};
    List<PodResult> pods = new ArrayList<>();
    List<NodeResult> nodes = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      pods.add(new PodResult("cart-0" + p, node[p], NODE_ZONES.get(node[p]), perPod[p], perPod[p], 0.1, true,
          micros(400, 600, 900)));
    }
    for (String n : NODE_ZONES.keySet()) {
      int p = List.of(node).indexOf(n);
      nodes.add(new NodeResult(n, NODE_ZONES.get(n), p < 0 ? 0 : perPod[p], p < 0 ? 0 : perPod[p]));
    }
    return new ServiceResult("shop/cart", delivered, delivered, Map.of(), delivered, delivered, 0,
        Map.of(EntryPath.CLUSTER_IP, new PathCount(delivered, delivered)), Map.of(1, delivered), 0, pods, nodes,
        micros(400, 600, 900), buckets);
  }

  /** One Service with {@code n} pods, ten per node, over {@code n / 10} nodes in two zones. */
  static Report manyPods(int n) {
    List<PodResult> pods = new ArrayList<>();
    Map<String, Long> byNode = new TreeMap<>();
    long delivered = 0;
    for (int p = 0; p < n; p++) {
      String node = String.format(Locale.ROOT, "node-%03d", p / 10);
      long c = 100 + p % 7;
      pods.add(new PodResult(String.format(Locale.ROOT, "web-%03d", p), node, p / 10 % 2 == 0 ? "east" : "west", c, c, 0.3,
          true, micros(1000)));
      byNode.merge(node, c, Long::sum);
      delivered += c;
    }
    List<NodeResult> nodes = new ArrayList<>();
    for (Map.Entry<String, Long> e : byNode.entrySet()) {
      int index = Integer.parseInt(e.getKey().substring(5));
      nodes.add(new NodeResult(e.getKey(), index % 2 == 0 ? "east" : "west", e.getValue(), e.getValue()));
    }
    ServiceResult s = new ServiceResult("default/web", delivered, delivered, Map.of(), delivered, delivered, 0,
        Map.of(EntryPath.NODE_PORT, new PathCount(delivered, delivered)), Map.of(1, delivered), 0, pods, nodes,
        micros(1000), List.of(new TimelineBucket(0, delivered, 0, Map.of())));
    return Report.of(new RunResult("many-pods", 1, ProxyMode.NFTABLES, 0, SECOND, SECOND, List.of(s), List.of(),
        List.of(), 1, delivered), List.of());
  }

  /**
   * One Service with one pod called {@code pod} on a node called {@code node}, a warning and an
   * event naming them; no timeline rows when {@code timeline} is false.
   */
  static Report onePod(String pod, String node, boolean delivered, boolean timeline) {
    long c = delivered ? 10 : 0;
    ServiceResult s = new ServiceResult("default/one", 10, c,
        delivered ? Map.of() : Map.of(FailureReason.NO_ENDPOINTS, 10L), 10, c, 10 - c,
        delivered ? Map.of(EntryPath.CLUSTER_IP, new PathCount(c, c)) : Map.of(), Map.of(1, c), 0,
        List.of(new PodResult(pod, node, "zone-1", c, c, 0.5, delivered, micros())),
        List.of(new NodeResult(node, "zone-1", c, c)), micros(),
        timeline ? List.of(new TimelineBucket(0, c, 10 - c, delivered ? Map.of(pod, c) : Map.of())) : List.of());
    return Report.of(new RunResult("one-pod", 3, ProxyMode.IPTABLES, 0, SECOND, SECOND, List.of(s),
        List.of(new TimelineMark(SECOND / 2, "killPod", "pod/" + pod)), List.of("about " + pod + " on " + node),
        1, 10), List.of());
  }

  /** No Service at all. */
  static Report noServices() {
    return Report.of(new RunResult("quiet", 0, ProxyMode.IPTABLES, 0, SECOND, SECOND, List.of(), List.of(),
        List.of(), 0, 0), List.of());
  }
}
