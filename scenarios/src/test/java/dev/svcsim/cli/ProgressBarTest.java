package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.cli.Terminal.ColorMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static final long S = 1_000_000_000L;

  @Test
  void silentForShortRunsThenDrawsWithAnEtaThenErasesItself() {
    AtomicLong wall = new AtomicLong(0);
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), wall::get, true);
    wall.set(S);
    bar.simulated(30 * S, 60 * S);
    assertEquals("", text.toString(), "nothing in the first two seconds");
    wall.set(3 * S);
    bar.simulated(30 * S, 60 * S);
    String drawn = text.toString();
    assertTrue(drawn.startsWith("\rsvcsim [████████████            ]  50%  simulated 30.0s of 60.0s  ETA 3s"), drawn);
    wall.set(3 * S + 1000);
    bar.simulated(31 * S, 60 * S);
    assertEquals(drawn, text.toString(), "no redraw within 200 ms");
    bar.close();
    assertTrue(text.toString().endsWith("\r" + " ".repeat(drawn.length() - 1) + "\r"), "erased: " + text);
  }

  @Test
  void disabledDrawsNothing() {
    AtomicLong wall = new AtomicLong(0);
    StringWriter text = new StringWriter();
    try (ProgressBar bar = new ProgressBar(new PrintWriter(text), wall::get, false)) {
      wall.set(100 * S);
      bar.simulated(S, 2 * S);
    }
    assertEquals("", text.toString());
  }

  @Test
  void theBarFillsInEighths() {
    assertTrue(ProgressBar.line(1, 192, 0).startsWith("svcsim [▏"), ProgressBar.line(1, 192, 0));
    assertTrue(ProgressBar.line(60 * S, 60 * S, 5 * S).startsWith("svcsim [" + "█".repeat(24) + "] 100%"),
        ProgressBar.line(60 * S, 60 * S, 5 * S));
    assertTrue(ProgressBar.line(6 * S, 60 * S, 400 * S).endsWith("ETA 1h00m"), ProgressBar.line(6 * S, 60 * S, 400 * S));
  }

  @Test
  void colourFollowsNoColorAndTheTerminal() {
    assertTrue(Terminal.colour(ColorMode.AUTO, true, Map.of()));
    assertTrue(!Terminal.colour(ColorMode.AUTO, false, Map.of()), "not a terminal");
    assertTrue(!Terminal.colour(ColorMode.AUTO, true, Map.of("NO_COLOR", "1")), "NO_COLOR set");
    assertTrue(Terminal.colour(ColorMode.AUTO, true, Map.of("NO_COLOR", "")), "NO_COLOR empty counts as unset");
    assertTrue(!Terminal.colour(ColorMode.AUTO, true, Map.of("TERM", "dumb")), "a dumb terminal");
    assertTrue(Terminal.colour(ColorMode.ALWAYS, false, Map.of("NO_COLOR", "1")), "always is always");
    assertTrue(!Terminal.colour(ColorMode.NEVER, true, Map.of()), "never is never");
  }
}
