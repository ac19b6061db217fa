package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.scenario.sweep.Seeds;
import dev.svcsim.scenario.sweep.SweepFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code svcsim sweep} on the command line: results, their independence of -j, failures and bad input. */
class SweepCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** 3 x 2 points, 2 replications: 12 runs of the tiny scenario. */
  static final String GRID = SweepFixtures.HEAD + """
        seed: 3
        replications: 2
        parameters:
          - path: deployment/default/web:spec.replicas
            values: [1, 2, 3]
          - path: spec.cluster.kubeProxy.mode
            values: [iptables, ipvs]
        metrics:
          - services["default/web"].skew.maxOverMean
          - services["default/web"].connections.delivered
        expectations:
          - {name: even, metric: 'services["default/web"].skew.maxOverMean', op: "<=", value: 1.3}
      """;

  @TempDir Path dir;

  private Path sweep(String text) {
    return SweepFixtures.write(dir, "sweep.yaml", text);
  }

  private static byte[] bytes(Path p) throws IOException {
    return Files.readAllBytes(p);
  }

  @Test
  void helpTeachesTheSweep() {
    CliRun o = CliRun.svcsim("help", "sweep");
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    String help = o.out().replaceAll("\\s+", " ");
    for (String expected : List.of("Usage: svcsim sweep", "-j, --jobs=N", "--out=DIR", "kind: Sweep",
        "docs/sweeps.md", "grid", "zip", "replications", "Runtime.availableProcessors()", "byte for byte",
        "spec.seed=SEED", "results.csv", "results.json", "Student's t", "Exit codes:", "1 some points failed",
        "svcsim sweep scenarios/examples/sweeps/etp-policy-by-replicas.yaml")) {
      assertTrue(help.contains(expected), "the help should mention \"" + expected + "\":\n" + o.out());
    }
    assertTrue(CliRun.svcsim("--help").out().contains("sweep"), "listed among the commands");
  }

  @Test
  void resultsAreTheSameBytesWhateverJ() throws IOException {
    Path file = sweep(GRID);
    CliRun one = CliRun.svcsim("sweep", "-j", "1", "--out", dir.resolve("one").toString(), file.toString());
    assertEquals(ExitCode.OK, one.exitCode(), one.err());
    CliRun four = CliRun.svcsim("sweep", "-j", "4", "--out", dir.resolve("four").toString(), file.toString());
    assertEquals(ExitCode.OK, four.exitCode(), four.err());
    for (String name : List.of("results.csv", "results.json", "report.html")) {
      assertArrayEquals(bytes(dir.resolve("one").resolve(name)), bytes(dir.resolve("four").resolve(name)), name);
    }
    List<String> csv = Files.readAllLines(dir.resolve("one/results.csv"));
    assertEquals(7, csv.size(), "a header and 6 points");
    assertTrue(csv.get(0).startsWith("point,deployment/default/web:spec.replicas,spec.cluster.kubeProxy.mode,"), csv.get(0));
    assertTrue(csv.get(0).endsWith(",expectation:even,error"), csv.get(0));
    assertTrue(csv.get(1).startsWith("0,1,iptables,1.0,0.0,1.0,1.0,2,"), "one pod: max/mean is 1: " + csv.get(1));
    assertTrue(csv.get(6).startsWith("5,3,ipvs,"), csv.get(6));
    assertTrue(one.out().contains("6 points: 6 ran, 0 failed; "), one.out());
    assertTrue(one.out().contains("wrote " + dir.resolve("one/results.csv")), one.out());
  }

  /** A point's seed is the documented one: svcsim run with it gives the sweep's figure. */
  @Test
  void aRunCanBeRepeatedAloneWithItsSeed() throws IOException {
    Path file = sweep(SweepFixtures.HEAD + """
          seed: 42
          parameters:
            - {path: deployment/default/web:spec.replicas, values: [2, 5]}
          metrics: ['services["default/web"].skew.maxOverMean']
        """);
    Path out = dir.resolve("out");
    assertEquals(ExitCode.OK, CliRun.svcsim("sweep", "--out", out.toString(), file.toString()).exitCode());
    JsonNode point = JSON.readTree(out.resolve("results.json").toFile()).path("points").get(1);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("deployment/default/web:spec.replicas", "5");
    long seed = Seeds.of(42, values, 0);
    CliRun run = CliRun.svcsim("run", "-o", "json", "--set", "deployment/default/web:spec.replicas=5",
        "--set", "spec.seed=" + seed, dir.resolve("tiny.yaml").toString());
    assertEquals(ExitCode.OK, run.exitCode(), run.err());
    JsonNode report = JSON.readTree(run.out());
    assertEquals(report.at("/services/default~1web/skew/maxOverMean").asText(),
        point.path("metrics").path("services[\"default/web\"].skew.maxOverMean").path("mean").asText());
    assertEquals(seed, report.path("seed").asLong());
  }

  @Test
  void aBadValueFailsItsPointOnlyAndExitsOne() throws IOException {
    Path file = sweep(SweepFixtures.HEAD + """
          parameters:
            - path: deployment/default/web:spec.replicas
              values: [2, -1, 3]
          metrics: ['services["default/web"].connections.delivered']
        """);
    Path out = dir.resolve("out");
    CliRun o = CliRun.svcsim("sweep", "--out", out.toString(), file.toString());
    assertEquals(ExitCode.CHECK_FAILED, o.exitCode(), o.err());
    assertTrue(o.out().contains("3 points: 2 ran, 1 failed"), o.out());
    assertTrue(o.err().contains("svcsim: point 1 (deployment/default/web:spec.replicas=-1) failed: " + file
        + ":8:19: spec.replicas: must be between 0 and 100000, inclusive (got -1)"), o.err());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertTrue(csv.get(1).matches("0,2,[0-9.]+,,,,1,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("1,-1,,,,,0,\"" + file + ":8:19: spec.replicas: must be between"), csv.get(2));
    assertTrue(csv.get(3).matches("2,3,[0-9.]+,,,,1,"), csv.get(3));
  }

  @Test
  void aPathThatNamesNothingIsTheSweepsErrorAndNothingRuns() {
    Path file = sweep(SweepFixtures.HEAD + """
          parameters:
            - path: deployment/default/webb:spec.replicas
              values: [2, 3]
          metrics: [seed]
        """);
    Path out = dir.resolve("out");
    CliRun o = CliRun.svcsim("sweep", "--out", out.toString(), file.toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertEquals(file + ":7:13: spec.parameters[0].path: no Deployment default/webb in this scenario (did you mean"
        + " deployment/default/web?); its Deployments: default/web\nsvcsim: " + file + ": 1 error; nothing was run\n", o.err());
    assertFalse(Files.exists(out.resolve("results.csv")));
  }

  @Test
  void aBadSweepFileIsExitTwoWithItsProblems() {
    Path file = sweep(SweepFixtures.HEAD + "  replication: 2\n  metrics: [seed]\n");
    CliRun o = CliRun.svcsim("sweep", "--out", dir.resolve("out").toString(), file.toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertEquals(file + ":6:3: spec.replication: unknown field \"replication\" (did you mean \"replications\"?)\n"
        + "svcsim: " + file + ": 1 error; nothing was run\n", o.err());
    assertFalse(Files.exists(dir.resolve("out")), "nothing is created");
  }

  @Test
  void usageErrors() {
    CliRun none = CliRun.svcsim("sweep");
    assertEquals(ExitCode.BAD_INPUT, none.exitCode());
    assertTrue(none.err().contains("Missing required parameter: 'FILE'"), none.err());
    CliRun zero = CliRun.svcsim("sweep", "-j", "0", sweep(GRID).toString());
    assertEquals(ExitCode.BAD_INPUT, zero.exitCode());
    assertTrue(zero.err().contains("-j must be at least 1, not 0"), zero.err());
  }

  // ------------------------------------------------------------------ nothing lost

  @Test
  void aSweepResumesFromItsPointFilesToTheSameResults() throws IOException {
    Path file = sweep(GRID);
    Path whole = dir.resolve("whole");
    assertEquals(ExitCode.OK, CliRun.svcsim("sweep", "-j", "2", "--out", whole.toString(), file.toString()).exitCode());
    // an interrupted run: its record, two finished points, and a point file half written
    Path part = dir.resolve("part");
    Files.createDirectories(part.resolve("points"));
    Files.copy(whole.resolve("sweep.json"), part.resolve("sweep.json"));
    for (String point : List.of("0.json", "3.json")) {
      Files.copy(whole.resolve("points").resolve(point), part.resolve("points").resolve(point));
    }
    Files.writeString(part.resolve("points/.4.json.123.tmp"), "{\"svcsimSweepPoint\": 1, \"fing");
    CliRun resumed = CliRun.svcsim("sweep", "-j", "3", "--out", part.toString(), file.toString());
    assertEquals(ExitCode.OK, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("resuming: 2 of 6 points were done already; running the other 4"), resumed.out());
    for (String name : List.of("results.csv", "results.json", "report.html", "sweep.json", "points/1.json", "points/4.json")) {
      assertArrayEquals(bytes(whole.resolve(name)), bytes(part.resolve(name)), name);
    }
    assertFalse(Files.exists(part.resolve("points/.4.json.123.tmp")), "the half-written file is gone");
    CliRun again = CliRun.svcsim("sweep", "--out", part.toString(), file.toString());
    assertEquals(ExitCode.OK, again.exitCode(), again.err());
    assertTrue(again.out().contains("resuming: 6 of 6 points were done already; nothing left to run"), again.out());
    assertArrayEquals(bytes(whole.resolve("results.csv")), bytes(part.resolve("results.csv")));
  }

  @Test
  void aFolderOfAnotherSweepIsRefused() throws IOException {
    Path file = sweep(GRID);
    Path out = dir.resolve("out");
    assertEquals(ExitCode.OK, CliRun.svcsim("sweep", "--out", out.toString(), file.toString()).exitCode());
    Files.writeString(file, GRID.replace("seed: 3", "seed: 4"));
    CliRun o = CliRun.svcsim("sweep", "--out", out.toString(), file.toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().startsWith("svcsim: " + out + " holds the points of another sweep (tiny-sweep, fingerprint "), o.err());
    assertTrue(o.err().contains("Use another --out, or delete " + out + " to start this sweep over"), o.err());
  }

  @Test
  void aFailedPointIsRecordedAndNotRunAgain() throws IOException {
    Path file = sweep(SweepFixtures.HEAD + """
          parameters:
            - path: deployment/default/web:spec.replicas
              values: [2, -1]
          metrics: [seed]
        """);
    Path out = dir.resolve("out");
    assertEquals(ExitCode.CHECK_FAILED, CliRun.svcsim("sweep", "--out", out.toString(), file.toString()).exitCode());
    String point = Files.readString(out.resolve("points/1.json"));
    assertTrue(point.contains("\"runs\": [],"), point);
    assertTrue(point.contains("\"error\": \"" + file + ":8:19: spec.replicas: must be between 0 and 100000"), point);
    CliRun again = CliRun.svcsim("sweep", "--out", out.toString(), file.toString());
    assertEquals(ExitCode.CHECK_FAILED, again.exitCode(), "still failed");
    assertTrue(again.out().contains("nothing left to run"), again.out());
  }

  @Test
  void aMetricWithNoValueInAnyRunIsWarnedOf() {
    Path file = sweep(SweepFixtures.HEAD + """
          parameters:
            - {path: deployment/default/web:spec.replicas, values: [1, 2]}
          metrics:
            - services["default/web"].skew.maxOverMaen
            - services["default/web"].skew.maxOverMean
        """);
    CliRun o = CliRun.svcsim("sweep", "--out", dir.resolve("out").toString(), file.toString());
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertTrue(o.err().contains("svcsim: warning: services[\"default/web\"].skew.maxOverMaen had no value in any run"
        + " (point 0: services[\"default/web\"].skew.maxOverMaen names no field; the fields of"
        + " services[\"default/web\"].skew are maxOverMean,"), o.err());
    assertFalse(o.err().contains("skew.maxOverMean had no value"), o.err());
  }

  /** A run that throws fails its point (with the replication, its seed and the error); the others run. */
  @Test
  void aRunThatThrowsFailsItsPointOnly() throws IOException {
    Path file = sweep(SweepFixtures.HEAD + """
          replications: 2
          parameters:
            - {path: deployment/default/web:spec.replicas, values: [4, 5, 6]}
          metrics: ['services["default/web"].connections.delivered']
        """);
    CommandLine cmd = new CommandLine(new SweepCommand((scenario, options) -> {
      if (scenario.pods().size() == 5 && scenario.seed() % 2 == 0) {
        throw new IllegalStateException("boom");
      }
      return DataPlane.run(scenario, options);
    }));
    Path out = dir.resolve("out");
    CliRun o = CliRun.of(cmd, "--out", out.toString(), file.toString());
    assertEquals(ExitCode.CHECK_FAILED, o.exitCode(), o.err());
    assertTrue(o.out().contains("3 points: 2 ran, 1 failed"), o.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertTrue(csv.get(1).matches("0,4,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,2,"), csv.get(1));
    assertTrue(csv.get(3).matches("2,6,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,2,"), csv.get(3));
    assertTrue(csv.get(2).matches("1,5,.*\"?replication [01] \\(seed [0-9]+\\): the run failed:"
        + " java.lang.IllegalStateException: boom\"?"), csv.get(2));
  }
}
