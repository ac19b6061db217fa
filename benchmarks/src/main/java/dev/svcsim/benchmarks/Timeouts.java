package dev.svcsim.benchmarks;

/**
 * The reference model "timeouts": a timeout-heavy workload, the classic weakness of calendar
 * queues. {@code clients} clients each send requests with exponential think times; every request
 * arms a far timeout (uniform between {@code minTimeoutNanos} and {@code maxTimeoutNanos}) and,
 * unless the reply is lost (probability {@code lossProbability}), gets a reply after an
 * exponential latency, which cancels the timeout. Lost replies let their timeouts fire.
 *
 * <p>With the reference parameters (1,000 clients, mean think time 10 ms, so 100,000 requests/s;
 * replies after 200 us on average; timeouts of 1 to 30 s; 5% of replies lost) the event list
 * holds about 1,000 near events, tens of thousands of far timeouts, and sees 95% of all far
 * timeouts cancelled. Per request: one request event, 0.95 reply events and cancels, 0.05 timeout
 * events, one far timeout scheduled.
 *
 * @param requests how many requests are sent in all
 * @param clients how many clients send them
 * @param meanThinkNanos mean of the exponential time between two requests of one client
 * @param meanReplyNanos mean of the exponential reply latency
 * @param minTimeoutNanos shortest timeout
 * @param maxTimeoutNanos longest timeout
 * @param lossProbability probability that a reply is lost and its timeout fires
 * @param seed master seed of the random streams
 */
public record Timeouts(
    long requests,
    int clients,
    double meanThinkNanos,
    double meanReplyNanos,
    long minTimeoutNanos,
    long maxTimeoutNanos,
    double lossProbability,
    long seed) {

  /** The reference parameters with {@code requests} requests. */
  public static Timeouts reference(long requests, long seed) {
    return new Timeouts(requests, 1_000, 10_000_000, 200_000, 1_000_000_000L, 30_000_000_000L,
        0.05, seed);
  }

  /**
   * What one run measured.
   *
   * @param requests requests sent
   * @param replies replies received (each cancelled a timeout)
   * @param timeouts timeouts that fired
   * @param events events fired
   * @param endNanos simulated time of the last event
   * @param checksum sum of the times of all fired timeouts, to compare runs
   */
  public record Result(
      long requests, long replies, long timeouts, long events, long endNanos, long checksum) {}
}
