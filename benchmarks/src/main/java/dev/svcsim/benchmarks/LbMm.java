package dev.svcsim.benchmarks;

/**
 * The reference model "lb-mm": Poisson arrivals pass two constant-latency hops, pick one of
 * {@code pods} pods uniformly at random and are served FIFO by that pod's single server with
 * exponential service times. Four events per request: arrival, end of hop 1, end of hop 2,
 * service completion.
 *
 * <p>The default parameters (70,000 arrivals/s, hops of 100 us and 50 us, 100 pods, mean service
 * 1 ms) make each pod an M/M/1 queue at utilisation 0.7, so the mean response time is
 * 1/(1000 - 700) s + 150 us = 3.4833 ms.
 *
 * @param arrivals how many requests arrive in all
 * @param rateHz arrival rate, requests per second
 * @param hop1Nanos latency of the first hop
 * @param hop2Nanos latency of the second hop
 * @param pods how many pods share the load
 * @param meanServiceNanos mean of the exponential service time
 * @param seed master seed of the random streams
 */
public record LbMm(
    long arrivals,
    double rateHz,
    long hop1Nanos,
    long hop2Nanos,
    int pods,
    double meanServiceNanos,
    long seed) {

  /** The reference parameters with {@code arrivals} requests. */
  public static LbMm reference(long arrivals, long seed) {
    return new LbMm(arrivals, 70_000, 100_000, 50_000, 100, 1_000_000, seed);
  }

  /** Events the model fires: four per request. */
  public long expectedEvents() {
    return 4 * arrivals;
  }

  /** Mean response time predicted by M/M/1 theory plus the two hops, in nanoseconds. */
  public double theoreticalMeanResponseNanos() {
    double mu = 1e9 / meanServiceNanos;
    double lambdaPerPod = rateHz / pods;
    return 1e9 / (mu - lambdaPerPod) + hop1Nanos + hop2Nanos;
  }

  /**
   * What one run measured.
   *
   * @param completed requests served
   * @param events events fired
   * @param sumResponseNanos sum of response times, for the mean
   * @param perPodSumNanos sum of response times per pod
   * @param perPodCount completed requests per pod
   * @param endNanos simulated time of the last event
   */
  public record Result(
      long completed,
      long events,
      double sumResponseNanos,
      double[] perPodSumNanos,
      long[] perPodCount,
      long endNanos) {

    /** Mean response time in nanoseconds. */
    public double meanResponseNanos() {
      return sumResponseNanos / completed;
    }
  }
}
