package dev.svcsim.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The timeout-heavy model {@link Timeouts} (1,000,000 requests) on svcsim's engine and on a
 * PriorityQueue loop with lazy cancellation, in one JMH run. The score is requests per second:
 * each invocation runs the whole model and counts as 1,000,000 operations (about 2,000,000 events
 * fired, 1,000,000 far timeouts scheduled and 950,000 of them cancelled).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TimeoutsBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TimeoutsBenchmark {

  private static final int REQUESTS = 1_000_000;

  @Param("1")
  public long seed;

  @Benchmark
  @OperationsPerInvocation(REQUESTS)
  public long svcsimEngine() {
    return new TimeoutsSvcsim(Timeouts.reference(REQUESTS, seed)).run().checksum();
  }

  @Benchmark
  @OperationsPerInvocation(REQUESTS)
  public long priorityQueueLoop() {
    return new TimeoutsPriorityQueue(Timeouts.reference(REQUESTS, seed)).run().checksum();
  }
}
