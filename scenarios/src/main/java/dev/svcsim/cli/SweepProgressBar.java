package dev.svcsim.cli;

import dev.svcsim.scenario.sweep.SweepRunner;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * The progress of a sweep on standard error, one line redrawn in place: while points are
 * checked, how many; then a bar of the runs done, the points done of the total (those finished
 * by an earlier, interrupted run included), the failed points and an estimate of the time left,
 * e.g. {@code svcsim sweep [█████▌      ]  23%  points 12 of 50  1 failed  ETA 3m02s}. Like
 * {@link ProgressBar}, it draws only when enabled (standard error is a terminal), only once the
 * sweep has taken {@link ProgressBar#QUIET_NANOS}, at most every {@link ProgressBar#REDRAW_NANOS},
 * and erases itself when closed.
 */
final class SweepProgressBar implements SweepRunner.Progress, AutoCloseable {

  private final PrintWriter err;
  private final LongSupplier wallNanos;
  private final boolean enabled;
  private int alreadyDone;
  private int alreadyFailed;
  private final int total;
  private final long startNanos;
  private long runStartNanos = -1;
  private long lastDrawNanos;
  private int drawnWidth;

  /**
   * @param err where to draw (standard error)
   * @param wallNanos a monotonic clock (System::nanoTime; a fake one in tests)
   * @param enabled false draws nothing at all
   * @param alreadyDone points of this run's share finished before it started (resumed)
   * @param alreadyFailed of those, how many failed
   * @param total the points of this run's share
   */
  SweepProgressBar(PrintWriter err, LongSupplier wallNanos, boolean enabled, int alreadyDone, int alreadyFailed,
      int total) {
    this.err = err;
    this.wallNanos = wallNanos;
    this.enabled = enabled;
    this.alreadyDone = alreadyDone;
    this.alreadyFailed = alreadyFailed;
    this.total = total;
    this.startNanos = wallNanos.getAsLong();
  }

  /** Counts {@code done} more points as finished before the runs, {@code failed} of them failed. */
  synchronized void alsoFinished(int done, int failed) {
    alreadyDone += done;
    alreadyFailed += failed;
  }

  @Override
  public synchronized void update(SweepRunner.Counts counts) {
    if (!enabled) {
      return;
    }
    long wall = wallNanos.getAsLong();
    if (!counts.checking() && runStartNanos < 0) {
      runStartNanos = wall;
    }
    if (wall - startNanos < ProgressBar.QUIET_NANOS
        || (drawnWidth > 0 && wall - lastDrawNanos < ProgressBar.REDRAW_NANOS)) {
      return;
    }
    lastDrawNanos = wall;
    String line = counts.checking() ? checking(counts) : line(counts, alreadyDone, alreadyFailed, total,
        wall - runStartNanos);
    int pad = Math.max(0, drawnWidth - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    drawnWidth = line.length();
  }

  /** {@code svcsim sweep: checking points 120 of 500}. */
  static String checking(SweepRunner.Counts c) {
    return "svcsim sweep: checking points " + c.done() + " of " + c.total();
  }

  /** The line while runs go on; {@code elapsedNanos} since the first run started. */
  static String line(SweepRunner.Counts c, int alreadyDone, int alreadyFailed, int total, long elapsedNanos) {
    double done = c.runsTotal() == 0 ? 1.0 : Math.min(1.0, (double) c.runsDone() / c.runsTotal());
    StringBuilder b = new StringBuilder("svcsim sweep ").append(ProgressBar.bar(done));
    b.append("  points ").append(alreadyDone + c.done()).append(" of ").append(total);
    int failed = alreadyFailed + c.failed();
    if (failed > 0) {
      b.append("  ").append(failed).append(" failed");
    }
    if (done > 0 && done < 1) {
      b.append("  ETA ").append(ProgressBar.wall((long) (elapsedNanos * (1 - done) / done)));
    }
    return b.toString();
  }

  /** Erases the line, if one was drawn, so that what follows starts on a clean line. */
  @Override
  public synchronized void close() {
    if (drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      err.flush();
      drawnWidth = 0;
    }
  }
}
