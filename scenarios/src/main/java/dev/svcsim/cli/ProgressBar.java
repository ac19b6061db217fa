package dev.svcsim.cli;

import dev.svcsim.models.dataplane.RunProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error: how much simulated time is done, the simulated
 * clock, and an estimate of the wall-clock time left. It appears only when enabled (standard
 * error is a terminal) and only once the run has taken {@link #QUIET_NANOS} of wall-clock time,
 * so short runs and redirected output show nothing. It redraws at most every
 * {@link #REDRAW_NANOS} and erases itself when closed.
 */
final class ProgressBar implements RunProgress, AutoCloseable {

  /** No bar for runs shorter than this (wall-clock). */
  static final long QUIET_NANOS = 2_000_000_000L;
  /** The shortest time between two redraws (wall-clock). */
  static final long REDRAW_NANOS = 200_000_000L;
  private static final int BAR_CELLS = 24;
  private static final char[] EIGHTHS = {' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'};

  private final PrintWriter err;
  private final LongSupplier wallNanos;
  private final boolean enabled;
  private final long startNanos;
  private long lastDrawNanos;
  private int drawnWidth;

  /**
   * @param err where to draw (standard error)
   * @param wallNanos a monotonic clock (System::nanoTime; a fake one in tests)
   * @param enabled false draws nothing at all
   */
  ProgressBar(PrintWriter err, LongSupplier wallNanos, boolean enabled) {
    this.err = err;
    this.wallNanos = wallNanos;
    this.enabled = enabled;
    this.startNanos = wallNanos.getAsLong();
  }

  @Override
  public void simulated(long nowNanos, long endNanos) {
    if (!enabled || endNanos <= 0) {
      return;
    }
    long wall = wallNanos.getAsLong();
    long elapsed = wall - startNanos;
    if (elapsed < QUIET_NANOS || (drawnWidth > 0 && wall - lastDrawNanos < REDRAW_NANOS && nowNanos < endNanos)) {
      return;
    }
    lastDrawNanos = wall;
    String line = line(nowNanos, endNanos, elapsed);
    int pad = Math.max(0, drawnWidth - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    drawnWidth = line.length();
  }

  /** The bar's text for a fraction done, e.g. {@code [█████▌      ]  46%  sim 27.6s of 60s  ETA 3s}. */
  static String line(long nowNanos, long endNanos, long elapsedNanos) {
    double done = Math.min(1.0, Math.max(0.0, (double) nowNanos / endNanos));
    StringBuilder b = new StringBuilder("svcsim ").append(bar(done));
    b.append("  simulated ").append(seconds(nowNanos)).append(" of ").append(seconds(endNanos));
    if (done > 0 && done < 1) {
      long left = (long) (elapsedNanos * (1 - done) / done);
      b.append("  ETA ").append(wall(left));
    }
    return b.toString();
  }

  /** {@code [█████▌      ]  46%} for a fraction done, in eighths of a cell. */
  static String bar(double done) {
    int eighths = (int) Math.round(done * BAR_CELLS * 8);
    StringBuilder b = new StringBuilder("[");
    b.append("█".repeat(eighths / 8));
    if (eighths / 8 < BAR_CELLS) {
      b.append(EIGHTHS[eighths % 8]);
      b.append(" ".repeat(BAR_CELLS - eighths / 8 - 1));
    }
    return b.append("] ").append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(done * 100))).toString();
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
  }

  /** A wall-clock duration: {@code 42s}, {@code 3m02s}, {@code 1h05m}. */
  static String wall(long nanos) {
    long s = Math.round(nanos / 1e9);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
    return s / 3600 + "h" + String.format(Locale.ROOT, "%02d", s % 3600 / 60) + "m";
  }

  /** Erases the bar, if one was drawn, so that what follows starts on a clean line. */
  @Override
  public void close() {
    if (drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      err.flush();
      drawnWidth = 0;
    }
  }
}
