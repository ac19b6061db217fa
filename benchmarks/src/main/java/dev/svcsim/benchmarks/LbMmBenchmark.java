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
 * lb-mm (1,000,000 requests, 4,000,000 events) on svcsim's engine and on a plain PriorityQueue
 * loop, in one JMH run. The score is events per second: each invocation runs the whole model and
 * counts as 4,000,000 operations.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LbMmBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LbMmBenchmark {

  private static final long ARRIVALS = 1_000_000;
  private static final int EVENTS = 4_000_000;

  @Param("1")
  public long seed;

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public double svcsimEngine() {
    return new LbMmSvcsim(LbMm.reference(ARRIVALS, seed)).run().sumResponseNanos();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public double priorityQueueLoop() {
    return new LbMmPriorityQueue(LbMm.reference(ARRIVALS, seed)).run().sumResponseNanos();
  }
}
