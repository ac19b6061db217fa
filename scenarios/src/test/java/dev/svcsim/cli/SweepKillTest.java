package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.svcsim.scenario.sweep.SweepFixtures;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost: {@code svcsim sweep} started as a process of its own, killed (SIGKILL, no chance
 * to tidy up) once its first point file is there, then run again on the same folder, gives the
 * results of an uninterrupted run, byte for byte.
 */
class SweepKillTest {

  /** 10 points of 20,000 connections each, one replication: long enough to kill it in the middle. */
  private static final String SWEEP = SweepFixtures.HEAD + """
        seed: 9
        parameters:
          - path: deployment/default/web:spec.replicas
            range: {from: 1, to: 10, step: 1}
        metrics:
          - services["default/web"].skew.maxOverMean
          - services["default/web"].connections.delivered
      """;

  @TempDir Path dir;

  @Test
  void aKilledSweepResumesToTheResultsOfAnUninterruptedOne() throws Exception {
    Path file = SweepFixtures.write(dir, "sweep.yaml", SWEEP);
    Files.writeString(dir.resolve("tiny.yaml"), SweepFixtures.TINY.replace("rate: 200/s", "rate: 10000/s"));
    Path whole = dir.resolve("whole");
    CliRun uninterrupted = CliRun.svcsim("sweep", "-j", "2", "--out", whole.toString(), file.toString());
    assertEquals(ExitCode.OK, uninterrupted.exitCode(), uninterrupted.err());

    Path killed = dir.resolve("killed");
    Path log = dir.resolve("killed.log");
    Process p = new ProcessBuilder(javaCommand(), "-cp", classPath(), Main.class.getName(),
        "sweep", "-j", "1", "--out", killed.toString(), file.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (pointFiles(killed).isEmpty()) {
        if (!p.isAlive()) {
          fail("svcsim sweep ended (exit " + p.exitValue() + ") before writing a point:\n" + Files.readString(log));
        }
        if (System.nanoTime() > deadline) {
          fail("no point file after 120 s:\n" + Files.readString(log));
        }
        Thread.sleep(5);
      }
    } finally {
      p.destroyForcibly();
      p.waitFor(60, TimeUnit.SECONDS);
    }
    int saved = pointFiles(killed).size();
    assertTrue(saved >= 1 && saved < 10, saved + " of 10 points were saved when it was killed");
    assertFalse(Files.exists(killed.resolve("results.csv")), "a killed sweep writes no results");

    CliRun resumed = CliRun.svcsim("sweep", "-j", "2", "--out", killed.toString(), file.toString());
    assertEquals(ExitCode.OK, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("resuming: "), resumed.out());
    for (String name : List.of("results.csv", "results.json", "report.html", "sweep.json")) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(name)), Files.readAllBytes(killed.resolve(name)), name);
    }
    assertEquals(pointFiles(whole), pointFiles(killed));
    for (String point : pointFiles(whole)) {
      assertArrayEquals(Files.readAllBytes(whole.resolve("points").resolve(point)),
          Files.readAllBytes(killed.resolve("points").resolve(point)), point);
    }
  }

  /** The names of the finished point files, sorted; temporary files left out. */
  private static List<String> pointFiles(Path out) throws IOException {
    Path points = out.resolve("points");
    if (!Files.isDirectory(points)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(points)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("[0-9]+\\.json")).sorted().toList();
    }
  }

  static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The tests' class path. Surefire may run tests from a jar whose manifest lists the class path;
   * {@code java -cp} that jar works too, since the JVM follows a jar's Class-Path.
   */
  static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    if (surefire != null && !surefire.isBlank()) {
      return surefire;
    }
    List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    return String.join(File.pathSeparator, entries);
  }
}
