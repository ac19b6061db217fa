package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.scenario.sweep.SweepRunner.Counts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sweep's progress line: silent at first, then points done of the total, failures and ETA; erased at the end. */
class SweepProgressBarTest {

  private static final long S = 1_000_000_000L;

  @Test
  void silentForShortSweepsThenDrawsPointsFailuresAndAnEtaThenErasesItself() {
    AtomicLong wall = new AtomicLong(0);
    StringWriter text = new StringWriter();
    SweepProgressBar bar = new SweepProgressBar(new PrintWriter(text), wall::get, true, 4, 1, 20);
    bar.update(new Counts(true, 3, 0, 16, 0, 0));
    wall.set(S);
    bar.update(new Counts(false, 0, 0, 16, 0, 32));
    assertEquals("", text.toString(), "nothing in the first two seconds");
    wall.set(5 * S);
    bar.update(new Counts(false, 8, 1, 16, 16, 32));
    String drawn = text.toString();
    assertEquals("\rsvcsim sweep [████████████            ]  50%  points 12 of 20  2 failed  ETA 4s", drawn,
        "4 points were done before this run, 1 of them failed; the runs started at 1s, half done at 5s");
    wall.set(5 * S + 1000);
    bar.update(new Counts(false, 9, 1, 16, 18, 32));
    assertEquals(drawn, text.toString(), "no redraw within 200 ms");
    bar.close();
    assertTrue(text.toString().endsWith("\r" + " ".repeat(drawn.length() - 1) + "\r"), "erased: " + text);
  }

  @Test
  void checkingPointsComesFirst() {
    assertEquals("svcsim sweep: checking points 120 of 500",
        SweepProgressBar.checking(new Counts(true, 120, 3, 500, 0, 0)));
    assertEquals("svcsim sweep [" + "█".repeat(24) + "] 100%  points 10 of 10",
        SweepProgressBar.line(new Counts(false, 10, 0, 10, 30, 30), 0, 0, 10, 9 * S));
  }

  @Test
  void pointsThatFailedTheirCheckCountAsDone() {
    AtomicLong wall = new AtomicLong(0);
    StringWriter text = new StringWriter();
    SweepProgressBar bar = new SweepProgressBar(new PrintWriter(text), wall::get, true, 0, 0, 10);
    bar.alsoFinished(2, 2);
    wall.set(3 * S);
    bar.update(new Counts(false, 0, 0, 8, 0, 8));
    assertEquals("\rsvcsim sweep [                        ]   0%  points 2 of 10  2 failed", text.toString());
  }

  @Test
  void disabledDrawsNothing() {
    AtomicLong wall = new AtomicLong(0);
    StringWriter text = new StringWriter();
    try (SweepProgressBar bar = new SweepProgressBar(new PrintWriter(text), wall::get, false, 0, 0, 10)) {
      wall.set(100 * S);
      bar.update(new Counts(false, 5, 0, 10, 5, 10));
    }
    assertEquals("", text.toString());
  }
}
