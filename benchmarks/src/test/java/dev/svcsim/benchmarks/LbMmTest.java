package dev.svcsim.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

class LbMmTest {

  private static final long ARRIVALS = 1_000_000;

  @Test
  void theoryIsThreePointFourEightThreeMilliseconds() {
    assertEquals(3.4833e6, LbMm.reference(1, 1).theoreticalMeanResponseNanos(), 0.05e3);
  }

  @Test
  void meanResponseTimeMatchesMm1TheoryPlusHops() {
    LbMm model = LbMm.reference(ARRIVALS, 20261123);
    LbMm.Result r = new LbMmSvcsim(model).run();
    assertEquals(ARRIVALS, r.completed());
    assertEquals(model.expectedEvents(), r.events(), "four events per request");

    // The 100 pods are independent M/M/1 queues (a uniform random split of a Poisson stream is
    // 100 independent Poisson streams), so their mean response times are independent estimates;
    // their spread gives the standard error of the overall mean whatever the autocorrelation
    // inside each queue.
    SummaryStatistics perPodMeans = new SummaryStatistics();
    for (int pod = 0; pod < model.pods(); pod++) {
      perPodMeans.addValue(r.perPodSumNanos()[pod] / r.perPodCount()[pod]);
    }
    double standardError = perPodMeans.getStandardDeviation() / Math.sqrt(model.pods());
    double theory = model.theoreticalMeanResponseNanos();
    double mean = r.meanResponseNanos();
    // 4 standard errors: a correct model fails this less than once in 15,000 seeds. The bound
    // must stay tight enough to catch a model that forgot the hops (150 us, 4.3% of theory).
    double tolerance = 4 * standardError;
    assertTrue(
        tolerance < 0.04 * theory,
        "the standard error is too large for a meaningful check: 4 SE = " + tolerance + " ns");
    assertEquals(
        theory,
        mean,
        tolerance,
        () -> "mean response " + mean + " ns vs theory " + theory + " ns, SE " + standardError);
  }

  @Test
  void svcsimAndThePriorityQueueLoopProduceIdenticalRuns() {
    LbMm model = LbMm.reference(50_000, 7);
    LbMm.Result a = new LbMmSvcsim(model).run();
    LbMm.Result b = new LbMmPriorityQueue(model).run();
    assertEquals(a.completed(), b.completed());
    assertEquals(a.events(), b.events());
    assertEquals(a.endNanos(), b.endNanos());
    assertEquals(a.sumResponseNanos(), b.sumResponseNanos(), 0.0);
    assertArrayEquals(a.perPodCount(), b.perPodCount());
  }
}
