package dev.svcsim.scenario.sweep;

import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.reports.ExpectationEvaluator;
import dev.svcsim.reports.JsonValue;
import dev.svcsim.reports.Report;
import dev.svcsim.reports.ReportTree;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.SetOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs a sweep's points on a fixed pool of threads: first checks each point (by loading it), then
 * runs every replication of every point as an independent simulation (its own load of the
 * scenario, with the point's values and the replication's seed set, its own data plane run and
 * report), and hands each point to a {@link PointSink} as soon as all its replications are done.
 *
 * <p>Nothing is shared between runs but immutable values (the sweep, the scenario's bytes): the
 * loader and the data plane keep no static mutable state, so the outcomes do not depend on the
 * number of threads or on which run finishes first. Replications are queued point by point, a
 * few more than there are threads, so at any moment only about as many points as threads are in
 * progress: an interruption loses at most those.
 */
public final class SweepRunner {

  /** How often the waiting thread reports progress. */
  static final long TICK_MILLIS = 200;

  private final Sweep sweep;
  private final int threads;
  private final BiFunction<Scenario, RunOptions, RunResult> dataPlane;
  private final List<String> collected;

  /**
   * @param threads how many simulations run at once, at least 1
   * @param dataPlane runs a loaded scenario ({@code DataPlane::run}; another in tests)
   */
  public SweepRunner(Sweep sweep, int threads, BiFunction<Scenario, RunOptions, RunResult> dataPlane) {
    this.sweep = Objects.requireNonNull(sweep, "sweep");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.threads = threads;
    this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
    this.collected = SweepInfo.of(sweep).collected();
  }

  /** Receives each finished point, one at a time, from whichever thread finished it. */
  public interface PointSink {
    /** A point whose replications have all finished (or that did not load). */
    void finished(PointOutcome outcome) throws IOException;
  }

  /** Told how far the sweep has got, from the thread that called {@link #check} or {@link #run}. */
  public interface Progress {
    /** Counts so far (called about every {@value #TICK_MILLIS} ms, and once at the end of each phase). */
    void update(Counts counts);

    /** Reports nothing. */
    Progress NONE = counts -> {};
  }

  /**
   * Progress counts.
   *
   * @param checking true while points are being checked, before any runs
   * @param done points finished (in the check phase: points checked)
   * @param failed points finished with an error
   * @param total points to finish in this phase
   * @param runsDone replications finished
   * @param runsTotal replications to run
   */
  public record Counts(boolean checking, int done, int failed, int total, long runsDone, long runsTotal) {}

  /**
   * What checking the points found.
   *
   * @param sweepErrors the sweep file's problems (parameter paths that name nothing), in reading
   *     order, each once
   * @param pointErrors the points that do not load, by index, with why
   */
  public record Checked(List<Problem> sweepErrors, SortedMap<Integer, String> pointErrors) {}

  /** Checks the points {@code indexes} by loading each, on the pool. */
  public Checked check(List<Integer> indexes, Progress progress) {
    Map<Integer, PointCheck.Outcome> outcomes = new ConcurrentHashMap<>();
    AtomicInteger failed = new AtomicInteger();
    try (Pool pool = new Pool(progress)) {
      for (int index : indexes) {
        pool.submit(() -> {
          PointCheck.Outcome o = PointCheck.check(sweep, sweep.point(index));
          outcomes.put(index, o);
          if (!o.ok()) {
            failed.incrementAndGet();
          }
        }, () -> new Counts(true, outcomes.size(), failed.get(), indexes.size(), 0, 0));
      }
      pool.await(() -> new Counts(true, outcomes.size(), failed.get(), indexes.size(), 0, 0));
    }
    Set<Problem> sweepErrors = new LinkedHashSet<>();
    SortedMap<Integer, String> pointErrors = new TreeMap<>();
    for (Map.Entry<Integer, PointCheck.Outcome> e : new TreeMap<>(outcomes).entrySet()) {
      sweepErrors.addAll(e.getValue().sweepErrors());
      if (!e.getValue().error().isEmpty()) {
        pointErrors.put(e.getKey(), e.getValue().error());
      }
    }
    List<Problem> sorted = new ArrayList<>(sweepErrors);
    sorted.sort(Problem.READING_ORDER);
    return new Checked(sorted, pointErrors);
  }

  /**
   * Runs every replication of the points {@code indexes} (in that order), handing each finished
   * point to {@code sink}.
   *
   * @throws UncheckedIOException when the sink could not write a point (the sweep stops: what is
   *     not written would be lost)
   */
  public void run(List<Integer> indexes, PointSink sink, Progress progress) {
    int replications = sweep.replications();
    long runsTotal = (long) indexes.size() * replications;
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicLong runsDone = new AtomicLong();
    Object sinkLock = new Object();
    Supplier<Counts> counts =
        () -> new Counts(false, done.get(), failed.get(), indexes.size(), runsDone.get(), runsTotal);
    try (Pool pool = new Pool(progress)) {
      for (int index : indexes) {
        SweepPoint point = sweep.point(index);
        RunOutcome[] runs = new RunOutcome[replications];
        AtomicInteger left = new AtomicInteger(replications);
        for (int r = 0; r < replications; r++) {
          int replication = r;
          pool.submit(() -> {
            runs[replication] = runOne(point, replication);
            runsDone.incrementAndGet();
            if (left.decrementAndGet() == 0) {
              PointOutcome outcome = outcome(point, List.of(runs));
              synchronized (sinkLock) {
                try {
                  sink.finished(outcome);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
              if (!outcome.ok()) {
                failed.incrementAndGet();
              }
              done.incrementAndGet();
            }
          }, counts);
        }
      }
      pool.await(counts);
    }
  }

  /** A point that did not load: no runs, the loader's problems as its error. */
  public static PointOutcome failed(SweepPoint point, String error) {
    return new PointOutcome(point.index(), point.assignment(), List.of(), error);
  }

  private static PointOutcome outcome(SweepPoint point, List<RunOutcome> runs) {
    String error = runs.stream().filter(r -> !r.ok())
        .map(r -> "replication " + r.replication() + " (seed " + r.seed() + "): " + r.error())
        .collect(Collectors.joining("; "));
    return new PointOutcome(point.index(), point.assignment(), runs, error);
  }

  /** One replication of one point: load it with its seed, simulate, read the metrics. */
  RunOutcome runOne(SweepPoint point, int replication) {
    long seed = point.seed(sweep, replication);
    List<SetOverride> overrides = new ArrayList<>(point.overrides());
    overrides.add(SetOverride.parse("spec.seed=" + seed));
    LoadResult loaded = sweep.scenario().load(overrides);
    if (!loaded.ok()) {
      return new RunOutcome(replication, seed, Map.of(), Map.of(), "did not load: "
          + loaded.errors().stream().map(Problem::toString).collect(Collectors.joining("; ")));
    }
    JsonValue.Obj tree;
    try {
      RunResult result = dataPlane.apply(loaded.scenario(), RunOptions.DEFAULT);
      tree = ReportTree.of(Report.of(result, List.of()));
    } catch (RuntimeException | StackOverflowError e) {
      return new RunOutcome(replication, seed, Map.of(), Map.of(), "the run failed: " + e);
    }
    Map<String, Number> metrics = new LinkedHashMap<>();
    Map<String, String> noValue = new LinkedHashMap<>();
    for (String metric : collected) {
      ExpectationEvaluator.Lookup found = ExpectationEvaluator.lookup(tree, metric);
      metrics.put(metric, found.value());
      if (found.value() == null) {
        noValue.put(metric, found.problem());
      }
    }
    return new RunOutcome(replication, seed, metrics, noValue, "");
  }

  // ------------------------------------------------------------------ the pool

  /**
   * A fixed pool of daemon threads (an interrupted svcsim exits without waiting for them) that
   * takes tasks a few at a time, so that tasks run roughly in the order given, and stops at the
   * first task that throws.
   */
  private final class Pool implements AutoCloseable {
    private final ExecutorService executor;
    private final Semaphore slots = new Semaphore(threads * 2);
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final Progress progress;
    private long lastTick;

    Pool(Progress progress) {
      this.progress = progress;
      this.lastTick = System.nanoTime();
      AtomicInteger n = new AtomicInteger();
      ThreadFactory factory = r -> {
        Thread t = new Thread(r, "svcsim-sweep-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      executor = Executors.newFixedThreadPool(threads, factory);
    }

    /** Queues a task, waiting (and reporting progress) while the queue is full. */
    void submit(Runnable task, Supplier<Counts> counts) {
      try {
        while (!slots.tryAcquire(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
          rethrow();
          tick(counts);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while queueing sweep runs", e);
      }
      rethrow();
      tick(counts);
      executor.execute(() -> {
        try {
          if (fatal.get() == null) {
            task.run();
          }
        } catch (RuntimeException | Error e) {
          fatal.compareAndSet(null, e);
        } finally {
          slots.release();
        }
      });
    }

    /** Waits for every task, reporting progress, then reports once more. */
    void await(Supplier<Counts> counts) {
      executor.shutdown();
      try {
        while (!executor.awaitTermination(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
          rethrow();
          tick(counts);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for sweep runs", e);
      }
      rethrow();
      progress.update(counts.get());
    }

    /** Reports progress if the last report is {@value #TICK_MILLIS} ms old. */
    private void tick(Supplier<Counts> counts) {
      long now = System.nanoTime();
      if (now - lastTick >= TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS)) {
        lastTick = now;
        progress.update(counts.get());
      }
    }

    private void rethrow() {
      Throwable t = fatal.get();
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
