package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTestsB.ALPHA;
import static dev.svcsim.dataplane.DataPlaneTestsB.assertNoOtherFailures;
import static dev.svcsim.dataplane.DataPlaneTestsB.failed;
import static dev.svcsim.dataplane.DataPlaneTestsB.load;
import static dev.svcsim.dataplane.DataPlaneTestsB.pod;
import static dev.svcsim.dataplane.DataPlaneTestsB.run;
import static dev.svcsim.dataplane.DataPlaneTestsB.service;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.Scenario;
import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/**
 * A pod as a queueing server, against closed forms: one pod with {@code c} workers, exponential
 * service times (mean 1 ms, so mu = 1000/s per worker), Poisson arrivals from a client pod on the
 * same node through the ClusterIP. The measured latency adds the constant network legs: 10 us
 * each way on the same node (the ClusterIP is handled on the client's own node, so there is no
 * other leg).
 *
 * <p>Confidence: the latency mean of one run is autocorrelated, so instead of a formula for its
 * variance each check runs {@value #REPLICATIONS} independent replications (the same scenario,
 * replications 0 to n-1 of its seed, each with a 1 s warmup) and applies a one-sample t-test to
 * their means at significance {@link DataPlaneTestsB#ALPHA}. Each check also shows that the test
 * has power: the same sample rejects a value 10% away from the true one.
 */
class QueueingTest {

  static final int REPLICATIONS = 16;
  /** The two same-node legs of a request, in microseconds. */
  static final double NETWORK_MICROS = 20;

  private static String scenario(String rate, int concurrency, String queueLimit) {
    return """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: queueing}
        spec:
          seed: 101
          warmup: 1s
          duration: 10s
          cluster:
            kubeProxy: {mode: iptables}
            nodes:
              - {name: node-a, zone: z1}
          traffic:
            - {name: t, from: pod/default/client, to: service/default/web:80, rate: %s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(rate)
        + (queueLimit == null
            ? pod("web", "node-a", "web", "svcsim.dev/service-time: exp(1ms)", "svcsim.dev/concurrency: " + concurrency)
            : pod("web", "node-a", "web", "svcsim.dev/service-time: exp(1ms)", "svcsim.dev/concurrency: " + concurrency,
                "svcsim.dev/queue-limit: " + queueLimit))
        + pod("client", "node-a", "client");
  }

  /** Per replication: mean time in system in ms (network legs removed) and the blocked fraction. */
  private record Sample(double[] sojournMillis, double[] blocked) {}

  private static Sample replicate(String yaml) {
    Scenario s = load(yaml);
    double[] w = new double[REPLICATIONS];
    double[] blocked = new double[REPLICATIONS];
    for (int i = 0; i < REPLICATIONS; i++) {
      ServiceResult r = service(run(s, new RunOptions(RunOptions.DEFAULT.intervalNanos(), i)), "default/web");
      assertNoOtherFailures(r, FailureReason.QUEUE_FULL);
      w[i] = (r.latencyMicros().getMean() - NETWORK_MICROS) / 1000;
      blocked[i] = (double) failed(r, FailureReason.QUEUE_FULL) / r.generated();
    }
    return new Sample(w, blocked);
  }

  /** Asserts that the replication means agree with {@code expected} and would reject 10% off. */
  private static void assertMean(String what, double expected, double[] sample) {
    TTest t = new TTest();
    String seen = what + ": closed form " + expected + ", replication means " + Arrays.toString(sample) + " (mean "
        + new Mean().evaluate(sample) + ", sd " + new StandardDeviation().evaluate(sample) + ")";
    assertFalse(t.tTest(expected, sample, ALPHA), seen + " - rejected by a t-test at " + ALPHA
        + " (p = " + t.tTest(expected, sample) + ")");
    assertTrue(t.tTest(expected * 1.1, sample, ALPHA) && t.tTest(expected * 0.9, sample, ALPHA),
        seen + " - the test lacks the power to tell 10% off");
  }

  /** M/M/1 at rho = 0.5: W = 1 / (mu - lambda) = 2 ms. */
  @Test
  void mm1MeanTimeInSystem() {
    double lambda = 500;
    double mu = 1000;
    Sample s = replicate(scenario("500/s", 1, null));
    assertMean("M/M/1 mean time in system (ms)", 1000 / (mu - lambda), s.sojournMillis());
  }

  /**
   * M/M/4 at rho = 0.75 (lambda 3000/s, mu 1000/s per worker): W = C(c, a) / (c mu - lambda) +
   * 1 / mu with Erlang's C formula, a = lambda / mu.
   */
  @Test
  void mmcMeanTimeInSystemFollowsErlangC() {
    int c = 4;
    double lambda = 3000;
    double mu = 1000;
    double a = lambda / mu;
    double sum = 0;
    double term = 1;
    for (int k = 0; k < c; k++) {
      sum += term;
      term *= a / (k + 1);
    }
    double top = term * c / (c - a);
    double erlangC = top / (sum + top);
    double w = (erlangC / (c * mu - lambda) + 1 / mu) * 1000;
    Sample s = replicate(scenario("3000/s", c, null));
    assertMean("M/M/4 mean time in system (ms), Erlang C = " + erlangC, w, s.sojournMillis());
  }

  /**
   * An overloaded pod with a queue limit: M/M/1/K with K = concurrency + queue-limit = 1 + 2 = 3
   * and rho = 1.5. By PASTA a Poisson arrival finds the system full with probability
   * P_K = (1 - rho) rho^K / (1 - rho^(K+1)) and fails queueFull; the requests that get in spend
   * W = L / (lambda (1 - P_K)) with L = rho / (1 - rho) - (K + 1) rho^(K+1) / (1 - rho^(K+1)).
   */
  @Test
  void queueLimitRejectsAsMm1kPredicts() {
    double lambda = 1500;
    double mu = 1000;
    int k = 3;
    double rho = lambda / mu;
    double pk = (1 - rho) * Math.pow(rho, k) / (1 - Math.pow(rho, k + 1));
    double l = rho / (1 - rho) - (k + 1) * Math.pow(rho, k + 1) / (1 - Math.pow(rho, k + 1));
    double w = l / (lambda * (1 - pk)) * 1000;
    Sample s = replicate(scenario("1500/s", 1, "2"));
    assertMean("M/M/1/3 fraction of connections failed queueFull", pk, s.blocked());
    assertMean("M/M/1/3 mean time in system of the admitted requests (ms)", w, s.sojournMillis());
  }
}
