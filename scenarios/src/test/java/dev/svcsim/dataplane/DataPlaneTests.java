package dev.svcsim.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Shared helpers for the behavioural data-plane tests: a small builder for scenario YAML, a
 * runner that insists the scenario loads cleanly and that every Service's counts are conserved,
 * lookups into the result, and statistical assertions at stated significance levels.
 *
 * <p>Every run is seeded, so every test is deterministic; the significance levels are there so
 * that a correct model passes with overwhelming probability for <em>any</em> seed, while a wrong
 * one still fails.
 */
final class DataPlaneTests {

  /** The level below which a goodness-of-fit p-value means "the model does not fit". */
  static final double FIT_P = 1e-4;
  /** The level a wrong hypothesis must be rejected at, so that the fit test has shown power. */
  static final double REJECT_P = 1e-6;
  /** Two-sided significance of binomial bounds. */
  static final double BINOMIAL_ALPHA = 1e-6;

  /** The kube-proxy modes as the scenario names them. */
  static final String IPTABLES = "iptables";
  static final String NFTABLES = "nftables";
  static final String IPVS = "ipvs";
  static final String USERSPACE = "userspace";

  private DataPlaneTests() {}

  // ------------------------------------------------------------------------------ building

  /** A fresh scenario: seed 1, 10 s measured with no warmup, iptables, no nodes yet. */
  static Yaml scenario(String name) {
    return new Yaml(name);
  }

  /** Scenario YAML built piece by piece; every manifest is written out in full. */
  static final class Yaml {
    private final String name;
    private long seed = 1;
    private String duration = "10s";
    private String warmup = "0s";
    private String mode = IPTABLES;
    private boolean masqueradeAll;
    private String loadBalancer = "";
    private final List<String> nodes = new ArrayList<>();
    private final List<String> traffic = new ArrayList<>();
    private final List<String> manifests = new ArrayList<>();

    private Yaml(String name) {
      this.name = name;
    }

    Yaml seed(long seed) {
      this.seed = seed;
      return this;
    }

    Yaml duration(String duration) {
      this.duration = duration;
      return this;
    }

    Yaml warmup(String warmup) {
      this.warmup = warmup;
      return this;
    }

    /** spec.cluster.kubeProxy.mode. */
    Yaml mode(String mode) {
      this.mode = mode;
      return this;
    }

    Yaml masqueradeAll(boolean on) {
      this.masqueradeAll = on;
      return this;
    }

    /** spec.loadBalancer, e.g. {@code provider: cloud} plus health-check lines, indented by 4. */
    Yaml loadBalancer(String body) {
      this.loadBalancer = body;
      return this;
    }

    Yaml node(String nodeName, String zone) {
      nodes.add("      - name: " + nodeName + "\n        zone: " + zone + "\n");
      return this;
    }

    /**
     * A bare Pod pinned to a node, labelled {@code app: <app>}, with a container port named
     * {@code http} (8080), a fast constant service time and plenty of workers, so that queueing
     * never gets in the way of what a test measures.
     */
    Yaml pod(String podName, String nodeName, String app) {
      return manifest("""
          apiVersion: v1
          kind: Pod
          metadata:
            name: %s
            namespace: default
            labels: {app: %s}
            annotations:
              svcsim.dev/service-time: const(100us)
              svcsim.dev/concurrency: "64"
          spec:
            nodeName: %s
            containers:
              - name: main
                image: nginx
                ports:
                  - name: http
                    containerPort: 8080
          """.formatted(podName, app, nodeName));
    }

    /**
     * A Service {@code default/<name>} on port 80 (named http, targetPort http) selecting
     * {@code app: <app>}. {@code etp} is left out when null (it is invalid on a plain ClusterIP
     * Service); {@code itp} likewise.
     */
    Yaml service(String svcName, String type, String etp, String itp, String app) {
      StringBuilder b = new StringBuilder();
      b.append("apiVersion: v1\nkind: Service\nmetadata:\n  name: ").append(svcName)
          .append("\n  namespace: default\nspec:\n  type: ").append(type).append('\n');
      if (etp != null) {
        b.append("  externalTrafficPolicy: ").append(etp).append('\n');
      }
      if (itp != null) {
        b.append("  internalTrafficPolicy: ").append(itp).append('\n');
      }
      b.append("  selector: {app: ").append(app).append("}\n");
      b.append("  ports:\n    - name: http\n      port: 80\n      targetPort: http\n");
      return manifest(b.toString());
    }

    /**
     * A traffic source to {@code service/default/<svc>:80}. {@code via} may be null (the loader's
     * default). Each extra line is a {@code key: value} pair of the traffic entry, e.g.
     * {@code "nodes: [node-b]"} or {@code "requestsPerConnection: 10"}.
     */
    Yaml traffic(String trafficName, String from, String svc, String via, String rate, String... extra) {
      StringBuilder b = new StringBuilder();
      b.append("    - name: ").append(trafficName).append('\n');
      b.append("      from: ").append(from).append('\n');
      b.append("      to: service/default/").append(svc).append(":80\n");
      if (via != null) {
        b.append("      via: ").append(via).append('\n');
      }
      b.append("      rate: ").append(rate).append('\n');
      for (String line : extra) {
        b.append("      ").append(line).append('\n');
      }
      traffic.add(b.toString());
      return this;
    }

    /** Any Kubernetes manifest, as YAML text (one document). */
    Yaml manifest(String yaml) {
      manifests.add(yaml);
      return this;
    }

    String text() {
      StringBuilder b = new StringBuilder();
      b.append("apiVersion: svcsim.dev/v1\nkind: Scenario\nmetadata:\n  name: ").append(name).append('\n');
      b.append("spec:\n  seed: ").append(seed).append('\n');
      b.append("  duration: ").append(duration).append('\n');
      b.append("  warmup: ").append(warmup).append('\n');
      b.append("  cluster:\n    kubeProxy:\n      mode: ").append(mode).append('\n');
      b.append("      masqueradeAll: ").append(masqueradeAll).append('\n');
      b.append("    nodes:\n");
      nodes.forEach(b::append);
      if (!loadBalancer.isEmpty()) {
        b.append("  loadBalancer:\n").append(loadBalancer.stripTrailing()).append('\n');
      }
      b.append("  traffic:\n");
      traffic.forEach(b::append);
      for (String m : manifests) {
        b.append("---\n").append(m.stripTrailing()).append('\n');
      }
      return b.toString();
    }

    /** Loads and runs the scenario; see {@link DataPlaneTests#run(String)}. */
    RunResult run() {
      return DataPlaneTests.run(text());
    }
  }

  // ------------------------------------------------------------------------------ running

  /**
   * Loads {@code yaml} (asserting that loading found no errors), runs it with the default options
   * and asserts conservation on every Service: generated == delivered + sum(failedBy),
   * requestsGenerated == completed + failed, and the per-pod connections, the nodeHops counts
   * and the per-path delivered counts each add up to delivered.
   */
  static RunResult run(String yaml) {
    LoadResult loaded = new ScenarioLoader().load("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), null);
    assertTrue(loaded.errors().isEmpty(), () -> "expected the scenario to load without errors, got:\n"
        + loaded.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"))
        + "\n--- scenario ---\n" + yaml);
    RunResult result = DataPlane.run(loaded.scenario(), RunOptions.DEFAULT);
    for (ServiceResult s : result.services()) {
      assertConserved(s);
    }
    return result;
  }

  /**
   * The report contract's accounting: generated == delivered + sum(failedBy), requests
   * generated == completed + failed, and the delivered connections add up per pod, per hop
   * count, per node (where they entered and where they were served) and per timeline bucket and per entry path; one latency sample per completed request.
   */
  static void assertConserved(ServiceResult s) {
    String k = s.service() + ": ";
    long failedSum = s.failedBy().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(s.generated(), s.delivered() + failedSum,
        k + "generated must equal delivered + sum(failedBy); delivered " + s.delivered() + ", failedBy " + s.failedBy());
    assertEquals(s.requestsGenerated(), s.requestsCompleted() + s.requestsFailed(),
        k + "requests generated must equal completed + failed");
    long pods = s.pods().stream().mapToLong(ServiceResult.PodResult::connections).sum();
    long outside = s.outside().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(s.delivered(), pods + outside, k + "the pods' connections and those to backends outside the cluster"
        + " must add up to delivered; pods " + podConnections(s) + ", outside " + s.outside());
    long hops = s.nodeHops().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(s.delivered(), hops, k + "nodeHops must add up to delivered; nodeHops " + s.nodeHops());
    long podSide = s.nodes().stream().mapToLong(ServiceResult.NodeResult::podConnections).sum();
    if (outside == 0) {
      assertEquals(s.delivered(), podSide, k + "the nodes' podConnections must add up to delivered; " + s.nodes());
    } else {
      // a backend outside the cluster counts on a node only when its address names one
      assertTrue(podSide >= s.delivered() - outside && podSide <= s.delivered(),
          k + "the nodes' podConnections must cover every pod connection and at most the outside ones; " + s.nodes());
    }
    long ingress = s.nodes().stream().mapToLong(ServiceResult.NodeResult::ingressConnections).sum();
    assertTrue(ingress <= s.delivered(), k + "ingress connections " + ingress + " cannot exceed delivered " + s.delivered());
    long forwarded = 0;
    java.util.Set<String> nodeNames = new java.util.HashSet<>();
    s.nodes().forEach(n -> nodeNames.add(n.name()));
    for (ServiceResult.NodeResult n : s.nodes()) {
      for (Map.Entry<String, Long> f : n.forwardedTo().entrySet()) {
        assertTrue(!f.getKey().equals(n.name()) && nodeNames.contains(f.getKey()) && f.getValue() > 0,
            k + n.name() + " forwards to another known node, a positive count: " + n.forwardedTo());
        forwarded += f.getValue();
      }
    }
    assertEquals(s.nodeHops().getOrDefault(2, 0L), forwarded,
        k + "the connections forwarded node to node must be nodeHops[2]; nodes " + s.nodes());
    long bucketDelivered = s.timeline().stream().mapToLong(ServiceResult.TimelineBucket::delivered).sum();
    long bucketFailed = s.timeline().stream().mapToLong(ServiceResult.TimelineBucket::failed).sum();
    assertEquals(s.delivered(), bucketDelivered, k + "the timeline's delivered must add up to delivered");
    assertEquals(s.failed(), bucketFailed, k + "the timeline's failed must add up to failed");
    for (ServiceResult.TimelineBucket b : s.timeline()) {
      long perPod = b.podConnections().values().stream().mapToLong(Long::longValue).sum();
      if (outside == 0) {
        assertEquals(b.delivered(), perPod, k + "bucket at " + b.startNanos() + " ns: pod counts " + b.podConnections()
            + " must add up to its delivered " + b.delivered());
      } else {
        assertTrue(perPod <= b.delivered(), k + "bucket at " + b.startNanos() + " ns: pod counts exceed delivered");
      }
    }
    long pathSum = s.byPath().values().stream().mapToLong(ServiceResult.PathCount::delivered).sum();
    assertEquals(s.delivered(), pathSum, k + "byPath delivered must add up to delivered; byPath " + s.byPath());
    assertEquals(s.requestsCompleted(), s.latencyMicros().getTotalCount(),
        k + "one latency sample per completed request");
  }

  // ------------------------------------------------------------------------------ reading

  static ServiceResult service(RunResult r, String key) {
    return r.services().stream().filter(s -> s.service().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("expected a result for Service " + key + ", got "
            + r.services().stream().map(ServiceResult::service).toList()));
  }

  /** Delivered connections per pod name, sorted by name. */
  static Map<String, Long> podConnections(ServiceResult s) {
    Map<String, Long> m = new TreeMap<>();
    for (ServiceResult.PodResult p : s.pods()) {
      m.put(p.name(), p.connections());
    }
    return m;
  }

  /** One pod's delivered connections (0 when it never was an endpoint in the window). */
  static long podConnections(ServiceResult s, String pod) {
    return s.pods().stream().filter(p -> p.name().equals(pod)).mapToLong(ServiceResult.PodResult::connections).sum();
  }

  static ServiceResult.PodResult pod(ServiceResult s, String pod) {
    return s.pods().stream().filter(p -> p.name().equals(pod)).findFirst()
        .orElseThrow(() -> new AssertionError("expected pod " + pod + " in " + s.service() + ", got " + podConnections(s).keySet()));
  }

  static ServiceResult.NodeResult node(ServiceResult s, String node) {
    return s.nodes().stream().filter(n -> n.name().equals(node)).findFirst()
        .orElseThrow(() -> new AssertionError("expected node " + node + " in " + s.service()));
  }

  /** Per-node ingress connections, sorted by node name. */
  static Map<String, Long> ingress(ServiceResult s) {
    Map<String, Long> m = new TreeMap<>();
    for (ServiceResult.NodeResult n : s.nodes()) {
      m.put(n.name(), n.ingressConnections());
    }
    return m;
  }

  static long hops(ServiceResult s, int hops) {
    return s.nodeHops().getOrDefault(hops, 0L);
  }

  static ServiceResult.PathCount path(ServiceResult s, EntryPath p) {
    ServiceResult.PathCount c = s.byPath().get(p);
    if (c == null) {
      fail(s.service() + ": expected delivered connections on path " + p + ", got byPath " + s.byPath()
          + " and failedBy " + nonZeroFailures(s));
    }
    return c;
  }

  /** The failure reasons that occurred, for messages. */
  static Map<FailureReason, Long> nonZeroFailures(ServiceResult s) {
    Map<FailureReason, Long> m = new LinkedHashMap<>();
    s.failedBy().forEach((k, v) -> {
      if (v != 0) {
        m.put(k, v);
      }
    });
    return m;
  }

  /** A one-line summary of a Service's result, for failure messages. */
  static String summary(ServiceResult s) {
    return s.service() + " generated " + s.generated() + ", delivered " + s.delivered() + ", failedBy "
        + nonZeroFailures(s) + ", byPath " + s.byPath() + ", nodeHops " + s.nodeHops() + ", crossZone "
        + s.crossZone() + ", pods " + podConnections(s) + ", ingress " + ingress(s);
  }

  /** Asserts that nothing failed and something was delivered. */
  static void assertAllDelivered(ServiceResult s) {
    assertTrue(s.generated() > 0, () -> "expected connections to be generated; " + summary(s));
    assertEquals(s.generated(), s.delivered(), () -> "expected every connection delivered; " + summary(s));
  }

  /** Asserts that every generated connection failed for {@code reason}. */
  static void assertAllFailed(ServiceResult s, FailureReason reason) {
    assertTrue(s.generated() > 0, () -> "expected connections to be generated; " + summary(s));
    assertEquals(s.generated(), s.failedBy().get(reason),
        () -> "expected all " + s.generated() + " connections to fail with " + reason.key() + "; " + summary(s));
  }

  // ------------------------------------------------------------------------------ statistics

  /** Pearson's chi-square p-value of {@code observed} against {@code shares} (which sum to 1). */
  static double chiSquareP(double[] shares, long[] observed) {
    long n = Arrays.stream(observed).sum();
    double[] expected = new double[shares.length];
    for (int i = 0; i < shares.length; i++) {
      expected[i] = shares[i] * n;
    }
    return new ChiSquareTest().chiSquareTest(expected, observed);
  }

  /** Asserts that {@code observed} fits {@code shares}: chi-square p above {@link #FIT_P}. */
  static void assertFits(String what, double[] shares, long[] observed) {
    double p = chiSquareP(shares, observed);
    assertTrue(p > FIT_P, () -> what + ": expected counts fitting shares " + Arrays.toString(shares)
        + " (chi-square p > " + FIT_P + "), got " + Arrays.toString(observed) + " with p = " + p);
  }

  /** Asserts that {@code observed} clearly does not fit {@code shares}: p below {@link #REJECT_P}. */
  static void assertRejects(String what, double[] shares, long[] observed) {
    double p = chiSquareP(shares, observed);
    assertTrue(p < REJECT_P, () -> what + ": expected counts clearly NOT fitting shares " + Arrays.toString(shares)
        + " (chi-square p < " + REJECT_P + "), got " + Arrays.toString(observed) + " with p = " + p);
  }

  /**
   * Asserts that {@code k} successes of {@code n} trials are consistent with probability
   * {@code p}: both exact binomial tails above {@link #BINOMIAL_ALPHA}/2.
   */
  static void assertBinomial(String what, long k, long n, double p) {
    BinomialDistribution d = new BinomialDistribution(null, Math.toIntExact(n), p);
    double lower = d.cumulativeProbability((int) k);
    double upper = k == 0 ? 1.0 : 1.0 - d.cumulativeProbability((int) k - 1);
    assertTrue(lower > BINOMIAL_ALPHA / 2 && upper > BINOMIAL_ALPHA / 2,
        () -> what + ": expected about " + p + " x " + n + " = " + Math.round(p * n) + " (binomial, two-sided alpha "
            + BINOMIAL_ALPHA + "), got " + k + " (P[X<=k] = " + lower + ", P[X>=k] = " + upper + ")");
  }
}
