package dev.svcsim.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * Shared helpers of the data-plane behaviour tests (set B: affinity, rotation, terminating
 * endpoints, health-check lag, topology, the timeline, MetalLB, determinism, queueing).
 *
 * <p>Every run goes through {@link #run}, which asserts the accounting invariants of the report
 * contract on every Service, so that each test also checks that nothing generated went missing.
 *
 * <p>Statistical assertions use {@link #ALPHA}: the probability that a correct simulator fails
 * one of them for a random seed. The seeds are fixed, so the tests are not flaky; the bounds are
 * what a correct model would meet with probability {@code 1 - ALPHA}, and a wrong model (a
 * different share, a missing lag, a different formula) lands outside them.
 */
final class DataPlaneTestsB {

  /** Significance of each statistical assertion (two-sided). */
  static final double ALPHA = 1e-4;

  private DataPlaneTestsB() {}

  // ------------------------------------------------------------------ loading and running

  /** Loads scenario text, insisting on no errors. */
  static Scenario load(String yaml) {
    LoadResult r = new ScenarioLoader().load("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), null);
    if (!r.ok() || !r.errors().isEmpty()) {
      fail("the scenario did not load:\n"
          + r.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")) + "\n---\n" + yaml);
    }
    return r.scenario();
  }

  /** Loads and runs with one-second timeline buckets; checks the invariants. */
  static RunResult run(String yaml) {
    return run(yaml, RunOptions.DEFAULT);
  }

  /** Loads and runs; checks the invariants. */
  static RunResult run(String yaml, RunOptions options) {
    return run(load(yaml), options);
  }

  /** Runs a loaded scenario; checks the invariants. */
  static RunResult run(Scenario scenario, RunOptions options) {
    RunResult r = DataPlane.run(scenario, options);
    for (ServiceResult s : r.services()) {
      checkConservation(s);
    }
    return r;
  }

  /** The accounting every run must satisfy: {@link DataPlaneTests#assertConserved}. */
  static void checkConservation(ServiceResult s) {
    DataPlaneTests.assertConserved(s);
  }

  // ------------------------------------------------------------------ reading results

  static ServiceResult service(RunResult r, String key) {
    return DataPlaneTests.service(r, key);
  }

  /** Delivered connections per pod name, sorted by name. */
  static Map<String, Long> byPod(ServiceResult s) {
    return DataPlaneTests.podConnections(s);
  }

  /** Delivered connections per node where the pod ran, sorted by node name. */
  static Map<String, Long> byPodNode(ServiceResult s) {
    Map<String, Long> m = new TreeMap<>();
    for (ServiceResult.NodeResult n : s.nodes()) {
      m.put(n.name(), n.podConnections());
    }
    return m;
  }

  /** Delivered connections per node where they entered the cluster, sorted by node name. */
  static Map<String, Long> byIngressNode(ServiceResult s) {
    Map<String, Long> m = new TreeMap<>();
    for (ServiceResult.NodeResult n : s.nodes()) {
      m.put(n.name(), n.ingressConnections());
    }
    return m;
  }

  static long failed(ServiceResult s, FailureReason reason) {
    return s.failedBy().get(reason);
  }

  /** The failures other than {@code allowed}, as "reason=count" text (empty when none). */
  static String otherFailures(ServiceResult s, FailureReason... allowed) {
    java.util.Set<FailureReason> ok = java.util.EnumSet.noneOf(FailureReason.class);
    ok.addAll(java.util.List.of(allowed));
    return s.failedBy().entrySet().stream().filter(e -> e.getValue() > 0 && !ok.contains(e.getKey()))
        .map(e -> e.getKey().key() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }

  static void assertNoOtherFailures(ServiceResult s, FailureReason... allowed) {
    String other = otherFailures(s, allowed);
    assertEquals("", other, s.service() + ": expected no failures other than " + java.util.List.of(allowed)
        + ", got " + s.failedBy());
  }

  // ------------------------------------------------------------------ statistics

  /** The two-sided {@code 1 - alpha} acceptance range of a Binomial(n, p) count. */
  static long[] binomialRange(int n, double p, double alpha) {
    if (p <= 0) {
      return new long[] {0, 0};
    }
    if (p >= 1) {
      return new long[] {n, n};
    }
    BinomialDistribution d = new BinomialDistribution(null, n, p);
    return new long[] {d.inverseCumulativeProbability(alpha / 2), d.inverseCumulativeProbability(1 - alpha / 2)};
  }

  /** The lower {@code alpha/2} quantile of a Poisson(mean) count. */
  static long poissonLow(double mean, double alpha) {
    return mean <= 0 ? 0 : new PoissonDistribution(null, mean, PoissonDistribution.DEFAULT_EPSILON,
        PoissonDistribution.DEFAULT_MAX_ITERATIONS).inverseCumulativeProbability(alpha / 2);
  }

  /** The upper {@code 1 - alpha/2} quantile of a Poisson(mean) count. */
  static long poissonHigh(double mean, double alpha) {
    return mean <= 0 ? 0 : new PoissonDistribution(null, mean, PoissonDistribution.DEFAULT_EPSILON,
        PoissonDistribution.DEFAULT_MAX_ITERATIONS).inverseCumulativeProbability(1 - alpha / 2);
  }

  /** Asserts {@code lo <= actual <= hi}, saying what was expected and what came out. */
  static void assertBetween(String what, long lo, long hi, long actual) {
    assertTrue(actual >= lo && actual <= hi,
        what + ": expected between " + lo + " and " + hi + ", got " + actual);
  }

  /** Asserts {@code lo <= actual <= hi}, saying what was expected and what came out. */
  static void assertBetween(String what, double lo, double hi, double actual) {
    assertTrue(actual >= lo && actual <= hi,
        what + ": expected between " + lo + " and " + hi + ", got " + actual);
  }

  // ------------------------------------------------------------------ manifests

  /**
   * A Deployment document (starting with {@code ---}) whose pods carry {@code app: <app>}, listen
   * on a container port named {@code http} (8080), and optionally run on one node.
   *
   * @param annotations {@code key: value} lines for the pod template, e.g.
   *     {@code "svcsim.dev/service-time: exp(1ms)"}
   */
  static String deployment(String name, int replicas, String app, String nodeName, String... annotations) {
    return "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + ", namespace: default}\n"
        + "spec:\n  replicas: " + replicas + "\n  selector:\n    matchLabels: {app: " + app + ", deploy: " + name + "}\n"
        + "  template:\n    metadata:\n      labels: {app: " + app + ", deploy: " + name + "}\n"
        + annotationBlock("      ", annotations)
        + "    spec:\n" + (nodeName == null ? "" : "      nodeName: " + nodeName + "\n")
        + "      containers:\n        - name: c\n          image: x\n          ports:\n"
        + "            - {name: http, containerPort: 8080}\n";
  }

  /** A bare Pod document on {@code nodeName} with label {@code app: <app>}. */
  static String pod(String name, String nodeName, String app, String... annotations) {
    return "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: default\n"
        + "  labels: {app: " + app + "}\n" + annotationBlock("  ", annotations)
        + "spec:\n  nodeName: " + nodeName + "\n"
        + "  containers:\n    - name: c\n      image: x\n      ports:\n        - {name: http, containerPort: 8080}\n";
  }

  private static String annotationBlock(String indent, String... annotations) {
    if (annotations.length == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder(indent).append("annotations:\n");
    for (String a : annotations) {
      int colon = a.indexOf(':');
      b.append(indent).append("  ").append(a, 0, colon).append(": \"").append(a.substring(colon + 1).trim()).append("\"\n");
    }
    return b.toString();
  }
}
