package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.scenario.sweep.SweepFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Shards and their merge: for N shards of a sweep of 7 points (one of which fails), merging the
 * N shard folders gives the files of an unsharded run, byte for byte; and what merge refuses.
 */
class SweepShardTest {

  /** 7 points (the last fails: -1 replicas), 2 replications each. */
  private static final String SWEEP = SweepFixtures.HEAD + """
        seed: 5
        replications: 2
        parameters:
          - path: deployment/default/web:spec.replicas
            values: [1, 2, 3, 4, 5, 6, -1]
        metrics:
          - services["default/web"].skew.maxOverMean
          - services["default/web"].connections.delivered
        expectations:
          - {name: even, metric: 'services["default/web"].skew.maxOverMean', op: "<", value: 1.3}
      """;

  /** The sweep file and its unsharded run, shared by the tests (which leave both as they are). */
  @TempDir static Path shared;
  private static Path file;
  private static Path whole;

  @TempDir Path dir;

  @BeforeAll
  static void unsharded() {
    file = SweepFixtures.write(shared, "sweep.yaml", SWEEP);
    whole = shared.resolve("whole");
    CliRun o = CliRun.svcsim("sweep", "-j", "2", "--out", whole.toString(), file.toString());
    assertEquals(ExitCode.CHECK_FAILED, o.exitCode(), "point 6 fails: " + o.err());
  }

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {1, 2, 3, 7})
  void mergedShardsAreTheUnshardedRunByteForByte(int n) throws IOException {
    List<String> folders = new ArrayList<>();
    int points = 0;
    for (int i = 0; i < n; i++) {
      Path shard = dir.resolve("shard-" + i);
      CliRun o = CliRun.svcsim("sweep", "-j", "2", "--shard", i + "/" + n, "--out", shard.toString(), file.toString());
      boolean hasTheBadPoint = 6 % n == i;
      assertEquals(hasTheBadPoint ? ExitCode.CHECK_FAILED : ExitCode.OK, o.exitCode(), o.err());
      points += pointFiles(shard).size();
      folders.add(shard.toString());
    }
    assertEquals(7, points, "every point in exactly one shard");
    assertSameAsUnsharded(merge(folders));
  }

  /**
   * Shards as separate processes, as a Kubernetes Indexed Job runs them, the index from
   * JOB_COMPLETION_INDEX; N = 1, 2, 3 and 7 over 7 points (point 6 fails), merged.
   */
  @ParameterizedTest(name = "{0} shard processes")
  @ValueSource(ints = {1, 2, 3, 7})
  void shardsRunAsProcessesWithJobCompletionIndex(int n) throws Exception {
    List<Process> processes = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path shard = dir.resolve("job-" + i);
      folders.add(shard.toString());
      ProcessBuilder pb = new ProcessBuilder(SweepKillTest.javaCommand(), "-cp", SweepKillTest.classPath(),
          Main.class.getName(), "sweep", "-j", "1", "--shards", Integer.toString(n), "--out", shard.toString(),
          file.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("job-" + i + ".log").toFile());
      pb.environment().put("JOB_COMPLETION_INDEX", Integer.toString(i));
      processes.add(pb.start());
    }
    for (int i = 0; i < n; i++) {
      Process p = processes.get(i);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "shard " + i + " finished");
      assertEquals(6 % n == i ? ExitCode.CHECK_FAILED : ExitCode.OK, p.exitValue(),
          Files.readString(dir.resolve("job-" + i + ".log")));
    }
    if (n == 3) {
      assertTrue(Files.readString(dir.resolve("job-1.log")).contains("shard 1/3: 2 of 7 points"));
    }
    assertSameAsUnsharded(merge(folders));
  }

  @Test
  void shardsComeFromJobCompletionIndexWithShards() throws IOException {
    CommandLine cmd = Svcsim.commandLine();
    ((SweepCommand) cmd.getSubcommands().get("sweep").getCommand()).env = Map.of("JOB_COMPLETION_INDEX", "2");
    CliRun o = CliRun.of(cmd, "sweep", "--shards", "4", "--out", dir.resolve("s2").toString(), file.toString());
    assertEquals(ExitCode.CHECK_FAILED, o.exitCode(), "point 6 fails: " + o.err());
    assertTrue(o.out().contains("shard 2/4: 2 of 7 points x 2 replications"), o.out());
    assertTrue(o.out().contains("shard 2/4: 2 points: 1 ran, 1 failed"), o.out());
    assertEquals(List.of("2.json", "6.json"), pointFiles(dir.resolve("s2")));
  }

  @Test
  void badShardOptionsAreUsageErrors() {
    assertUsage("shards are counted from 0 to 2, so there is no shard 3 of 3", "--shard", "3/3");
    assertUsage("write the shard as I/N, e.g. 0/4 for the first of 4 shards, not \"2\"", "--shard", "2");
    assertUsage("write the shard as I/N with whole numbers, e.g. 0/4, not \"a/b\"", "--shard", "a/b");
    assertUsage("give --shard I/N or --shards N, not both", "--shard", "0/2", "--shards", "2");
    CommandLine cmd = Svcsim.commandLine();
    ((SweepCommand) cmd.getSubcommands().get("sweep").getCommand()).env = Map.of();
    CliRun o = CliRun.of(cmd, "sweep", "--shards", "3", file.toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().contains("--shards 3 takes this shard's number from the environment variable"
        + " JOB_COMPLETION_INDEX, which is not set"), o.err());
    cmd = Svcsim.commandLine();
    ((SweepCommand) cmd.getSubcommands().get("sweep").getCommand()).env = Map.of("JOB_COMPLETION_INDEX", "5");
    o = CliRun.of(cmd, "sweep", "--shards", "3", file.toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().contains("JOB_COMPLETION_INDEX is 5: shards are counted from 0 to 2, so there is no shard 5 of 3"),
        o.err());
  }

  private void assertUsage(String message, String... options) {
    List<String> args = new ArrayList<>(List.of("sweep"));
    args.addAll(List.of(options));
    args.add(file.toString());
    CliRun o = CliRun.svcsim(args.toArray(String[]::new));
    assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.err());
    assertTrue(o.err().contains(message), o.err());
  }

  @Test
  void aShardsFolderIsNotResumedAsAnotherShard() {
    Path shard = dir.resolve("s");
    CliRun.svcsim("sweep", "--shard", "0/2", "--out", shard.toString(), file.toString());
    CliRun o = CliRun.svcsim("sweep", "--shard", "1/2", "--out", shard.toString(), file.toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertEquals("svcsim: " + shard + " holds shard 0/2 of this sweep, and this run is shard 1/2; use another --out"
        + " for it (svcsim sweep merge combines shard folders)\n", o.err());
  }

  @Test
  void mergeRefusesMissingDuplicatedAndForeignPoints() throws IOException {
    Path s0 = dir.resolve("s0");
    Path s1 = dir.resolve("s1");
    Path s2 = dir.resolve("s2");
    CliRun.svcsim("sweep", "--shard", "0/3", "--out", s0.toString(), file.toString());
    CliRun.svcsim("sweep", "--shard", "1/3", "--out", s1.toString(), file.toString());
    CliRun.svcsim("sweep", "--shard", "2/3", "--out", s2.toString(), file.toString());

    CliRun missing = CliRun.svcsim("sweep", "merge", "--out", dir.resolve("m1").toString(), s0.toString(), s2.toString());
    assertEquals(ExitCode.BAD_INPUT, missing.exitCode());
    assertEquals("svcsim: 2 of 7 points of tiny-sweep are missing: 1, 4. No folder holds shard 1/3: run it (svcsim"
        + " sweep FILE --shard I/N), then merge all 3 folders\n", missing.err());

    CliRun twice = CliRun.svcsim("sweep", "merge", "--out", dir.resolve("m2").toString(), s0.toString(), s1.toString(),
        s2.toString(), s1.toString());
    assertEquals(ExitCode.BAD_INPUT, twice.exitCode());
    assertEquals("svcsim: point 1 is in both " + s1 + " and " + s1 + "; merge each shard's folder once\n", twice.err());

    Path otherFile = SweepFixtures.write(dir, "other.yaml", SWEEP.replace("seed: 5", "seed: 6"));
    Path other = dir.resolve("other");
    CliRun.svcsim("sweep", "--shard", "1/3", "--out", other.toString(), otherFile.toString());
    CliRun foreign = CliRun.svcsim("sweep", "merge", "--out", dir.resolve("m3").toString(), s0.toString(),
        other.toString(), s2.toString());
    assertEquals(ExitCode.BAD_INPUT, foreign.exitCode());
    assertTrue(foreign.err().startsWith("svcsim: " + other + " holds another sweep than " + s0 + " (tiny-sweep,"
        + " fingerprint "), foreign.err());

    CliRun notASweep = CliRun.svcsim("sweep", "merge", "--out", dir.resolve("m4").toString(), dir.toString());
    assertEquals(ExitCode.BAD_INPUT, notASweep.exitCode());
    assertEquals("svcsim: " + dir + " holds no sweep.json: it is not the folder of a svcsim sweep\n", notASweep.err());

    CliRun intoItself = CliRun.svcsim("sweep", "merge", "--out", s0.toString(), s0.toString(), s1.toString(), s2.toString());
    assertEquals(ExitCode.BAD_INPUT, intoItself.exitCode());
    assertEquals("svcsim: --out " + s0 + " is one of the folders to merge; merge into a new folder\n", intoItself.err());

    CliRun intoTheWhole = CliRun.svcsim("sweep", "merge", "--out", whole.toString(), s0.toString(), s1.toString(),
        s2.toString());
    assertEquals(ExitCode.BAD_INPUT, intoTheWhole.exitCode());
    assertEquals("svcsim: --out " + whole + " holds points of this sweep already; merge into a new folder\n",
        intoTheWhole.err());
  }

  // ------------------------------------------------------------------ helpers

  private Path merge(List<String> folders) {
    Path merged = dir.resolve("merged-" + folders.size() + "-" + System.nanoTime());
    List<String> args = new ArrayList<>(List.of("sweep", "merge", "--out", merged.toString()));
    args.addAll(folders);
    CliRun o = CliRun.svcsim(args.toArray(String[]::new));
    assertEquals(ExitCode.CHECK_FAILED, o.exitCode(), "point 6 failed: " + o.err());
    assertTrue(o.out().contains("merged " + folders.size() + (folders.size() == 1 ? " folder" : " folders")
        + ": 7 points of tiny-sweep, into " + merged), o.out());
    assertTrue(o.out().contains("7 points: 6 ran, 1 failed; "), o.out());
    return merged;
  }

  private void assertSameAsUnsharded(Path merged) throws IOException {
    for (String name : List.of("results.csv", "results.json", "report.html", "sweep.json")) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(name)), Files.readAllBytes(merged.resolve(name)), name);
    }
    assertEquals(pointFiles(whole), pointFiles(merged));
    for (String p : pointFiles(whole)) {
      assertArrayEquals(Files.readAllBytes(whole.resolve("points").resolve(p)),
          Files.readAllBytes(merged.resolve("points").resolve(p)), p);
    }
  }

  private static List<String> pointFiles(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out.resolve("points"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
