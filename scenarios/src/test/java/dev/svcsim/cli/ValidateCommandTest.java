package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {



  @Test
  void aValidExamplePrintsItsSummaryAndExitsZero() {
    CliRun o = CliRun.svcsim("validate", "examples/etp-local-imbalance.yaml");
    assertEquals(0, o.exitCode(), o.err());
    assertEquals(
        "examples/etp-local-imbalance.yaml: ok: 2 nodes, 3 pods, 1 service, 1 traffic source, 0 events\n",
        o.out());
    assertEquals("", o.err());
  }

  @Test
  void listShowsGeneratedPodsAndAllocatedPorts() {
    CliRun o = CliRun.svcsim("validate", "--list", "examples/etp-local-imbalance.yaml");
    assertEquals(0, o.exitCode(), o.err());
    assertTrue(o.out().contains("  node     node-a "), o.out());
    assertTrue(o.out().matches("(?s).*pod      default/web-a-[4-9bcdf]+-[a-z0-9]{5} +10\\.244\\.0\\.2 .*"), o.out());
    assertTrue(o.out().matches("(?s).*service  default/web +10\\.\\S+ +LoadBalancer \\[http:80/TCP->http nodePort 3\\d{4}\\] healthCheckNodePort 3\\d{4}.*"), o.out());
  }

  @Test
  void everyProblemIsPrintedAndTheExitCodeIsTwo(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        String.join(
            "\n",
            "apiVersion: svcsim.dev/v1",
            "kind: Scenario",
            "metadata: {name: bad}",
            "spec:",
            "  duration: 60",
            "  seeed: 3",
            "  cluster: {nodes: [{name: n1}]}",
            ""));
    CliRun o = CliRun.svcsim("validate", bad.toString(), "examples/etp-local-imbalance.yaml");
    assertEquals(2, o.exitCode());
    assertEquals(
        bad + ":5:13: spec.duration: " + durationMessage() + "\n"
            + bad + ":6:3: spec.seeed: unknown field \"seeed\" (did you mean \"seed\"?)\n",
        o.err());
    assertEquals(
        bad + ": 2 errors\nexamples/etp-local-imbalance.yaml: ok: 2 nodes, 3 pods, 1 service, 1 traffic source, 0 events\n",
        o.out());
  }

  private static String durationMessage() {
    try {
      dev.svcsim.engine.units.Durations.parseNanos("60");
      throw new AssertionError("a bare number must not parse");
    } catch (dev.svcsim.engine.units.UnitParseException e) {
      return e.getMessage();
    }
  }

  @Test
  void aMissingFileIsAnError() {
    CliRun o = CliRun.svcsim("validate", "no-such-file.yaml");
    assertEquals(2, o.exitCode());
    assertEquals("no-such-file.yaml:1:1: cannot read the file: no such file\n", o.err());
  }

  @Test
  void helpExplainsTheCommand() {
    CliRun o = CliRun.svcsim("help", "validate");
    assertEquals(0, o.exitCode());
    assertTrue(o.out().replaceAll("\\s+", " ").contains("FILE:LINE:COLUMN: FIELD: MESSAGE"), o.out());
    assertTrue(o.out().contains("--list"), o.out());
  }
}
