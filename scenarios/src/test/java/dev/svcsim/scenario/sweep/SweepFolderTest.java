package dev.svcsim.scenario.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.scenario.load.SweepLoadResult;
import dev.svcsim.scenario.load.SweepLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep's folder: sweep.json, point files written whole and read back, and the folders it refuses. */
class SweepFolderTest {

  private static final String M = "services[\"default/web\"].skew.maxOverMean";
  private static final SweepInfo INFO = new SweepInfo("s", 7, 2, List.of("p"), List.of(M),
      List.of(new Expectation("even", M, Expectation.Op.LE, 1.25, 0.01)), 3);

  @TempDir Path dir;

  private static PointOutcome point(int index) {
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put(M, 1.0 / 3);
    metrics.put("engine.eventsFired", 123456789012L);
    Map<String, Number> none = new HashMap<>();
    none.put(M, null);
    return new PointOutcome(index, Map.of("p", "v" + index), List.of(
        new RunOutcome(0, Long.MAX_VALUE, metrics, Map.of(), ""),
        new RunOutcome(1, 0, none, Map.of(M, "why \"not\"\nnewline"), ""),
        new RunOutcome(2, 5, Map.of(), Map.of(), "the run failed: java.lang.IllegalStateException: x")),
        "replication 2 (seed 5): the run failed: java.lang.IllegalStateException: x");
  }

  @Test
  void pointsAreReadBackAsTheyWereWritten() throws IOException {
    Path out = dir.resolve("out");
    SweepFolder f = SweepFolder.open(out, "abc", INFO, null);
    assertFalse(Files.exists(out), "opening creates nothing");
    f.prepare();
    assertTrue(Files.isRegularFile(out.resolve("sweep.json")));
    f.write(point(2));
    f.write(point(0));
    SortedMap<Integer, PointOutcome> back = SweepFolder.open(out, "abc", INFO, null).points();
    assertEquals(List.of(0, 2), List.copyOf(back.keySet()));
    PointOutcome p = back.get(2);
    assertEquals(point(2).values(), p.values());
    assertEquals(point(2).error(), p.error());
    assertEquals(0.333333333333, p.runs().get(0).metrics().get(M), "doubles keep 12 significant digits");
    assertEquals(123456789012L, p.runs().get(0).metrics().get("engine.eventsFired"), "integers stay integers");
    assertEquals(Long.MAX_VALUE, p.runs().get(0).seed());
    assertTrue(p.runs().get(1).metrics().containsKey(M));
    assertEquals(null, p.runs().get(1).metrics().get(M));
    assertEquals("why \"not\"\nnewline", p.runs().get(1).noValue().get(M));
    assertEquals(point(2).runs().get(2), p.runs().get(2));
    SweepFolder read = SweepFolder.read(out);
    assertEquals(INFO, read.info());
    assertEquals("abc", read.fingerprint());
    assertEquals(null, read.shard());
  }

  @Test
  void temporaryFilesOfAKilledRunAreRemovedAndTheRestIgnored() throws IOException {
    Path out = dir.resolve("out");
    SweepFolder f = SweepFolder.open(out, "abc", INFO, null);
    f.prepare();
    f.write(point(1));
    Files.writeString(out.resolve("points/.0.json.12345.tmp"), "{\"half");
    Files.writeString(out.resolve("points/notes.txt"), "mine");
    SweepFolder again = SweepFolder.open(out, "abc", INFO, null);
    again.prepare();
    assertFalse(Files.exists(out.resolve("points/.0.json.12345.tmp")));
    assertTrue(Files.exists(out.resolve("points/notes.txt")));
    assertEquals(List.of(1), List.copyOf(again.points().keySet()));
  }

  @Test
  void temporaryFilesOfKilledResultWritesAreRemovedToo() throws IOException {
    Path out = dir.resolve("out");
    SweepFolder.open(out, "abc", INFO, null).prepare();
    Files.writeString(out.resolve(".results.csv.12345.tmp"), "point,p");
    Files.writeString(out.resolve(".report.html.12345.tmp"), "<!doctype");
    Files.writeString(out.resolve(".mine.tmp"), "mine");
    SweepFolder.open(out, "abc", INFO, null).prepare();
    assertFalse(Files.exists(out.resolve(".results.csv.12345.tmp")));
    assertFalse(Files.exists(out.resolve(".report.html.12345.tmp")));
    assertTrue(Files.exists(out.resolve(".mine.tmp")), "only svcsim's own temporary files go");
  }

  @Test
  void aFolderWhoseFirstPrepareWasKilledIsTakenUp() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.createDirectories(out.resolve("points"));
    Files.writeString(out.resolve(".sweep.json.12345.tmp"), "{\"svcsim");
    SweepFolder f = SweepFolder.open(out, "abc", INFO, null);
    f.prepare();
    assertFalse(Files.exists(out.resolve(".sweep.json.12345.tmp")));
    assertEquals("abc", SweepFolder.read(out).fingerprint());
  }

  @Test
  void anotherSweepsFolderIsRefused() throws IOException {
    Path out = dir.resolve("out");
    SweepFolder.open(out, "abcdef0123456789", INFO, null).prepare();
    SweepFolder.FolderException e = assertThrows(SweepFolder.FolderException.class,
        () -> SweepFolder.open(out, "0123456789abcdef", INFO, null));
    assertEquals(out + " holds the points of another sweep (s, fingerprint abcdef012345), or of this one before its"
        + " file or its scenario changed (fingerprint now 0123456789ab); svcsim will not mix them. Use another --out,"
        + " or delete " + out + " to start this sweep over", e.getMessage());
    e = assertThrows(SweepFolder.FolderException.class, () -> SweepFolder.open(out, "abcdef0123456789", INFO, "1/3"));
    assertEquals(out + " holds the whole sweep of this sweep, and this run is shard 1/3; use another --out for it"
        + " (svcsim sweep merge combines shard folders)", e.getMessage());
  }

  @Test
  void aFolderWithOtherThingsOrAFileIsRefused() throws IOException {
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(other.resolve("x"), "");
    assertEquals(other + " is not empty and holds no sweep.json, so it is not a sweep's folder; use another --out,"
            + " or empty it",
        assertThrows(SweepFolder.FolderException.class, () -> SweepFolder.open(other, "a", INFO, null)).getMessage());
    Path file = Files.writeString(dir.resolve("file"), "");
    assertEquals(file + " is a file; name a folder for the sweep's results",
        assertThrows(SweepFolder.FolderException.class, () -> SweepFolder.open(file, "a", INFO, null)).getMessage());
    Path empty = Files.createDirectories(dir.resolve("empty"));
    SweepFolder.open(empty, "a", INFO, null).prepare();
  }

  @Test
  void aDamagedPointFileSaysWhatToDo() throws IOException {
    Path out = dir.resolve("out");
    SweepFolder f = SweepFolder.open(out, "abc", INFO, null);
    f.prepare();
    Files.writeString(out.resolve("points/1.json"), "{\"svcsimSweepPoint\": 1, \"fingerprint\": \"abc\", \"point\": 2}");
    SweepFolder.FolderException e = assertThrows(SweepFolder.FolderException.class, f::points);
    assertEquals(out.resolve("points/1.json") + " is not a file svcsim can read back (it holds point 2, not 1);"
        + " delete it, or the whole folder, to run its points again", e.getMessage());
    f.write(point(1));
    Files.writeString(out.resolve("points/1.json"), Files.readString(out.resolve("points/1.json")).replace("abc", "xyz"));
    e = assertThrows(SweepFolder.FolderException.class, f::points);
    assertTrue(e.getMessage().startsWith(out.resolve("points/1.json") + " belongs to another sweep"), e.getMessage());
  }

  @Test
  void theFingerprintCoversTheSweepAndTheScenarioButNotTheLayout() throws IOException {
    String spec = """
          parameters:
            - {path: deployment/default/web:spec.replicas, values: [1, 2]}
          metrics: [seed]
        """;
    Sweep a = load("a.yaml", SweepFixtures.HEAD + spec);
    Sweep b = load("b.yaml", "# a comment\n" + SweepFixtures.HEAD + spec.replace("[1, 2]", "[1,   2]"));
    assertEquals(Fingerprint.of(a), Fingerprint.of(b), "comments and layout do not count");
    Sweep c = load("c.yaml", SweepFixtures.HEAD + spec.replace("[1, 2]", "[1, 3]"));
    assertFalse(Fingerprint.of(a).equals(Fingerprint.of(c)), "values count");
    Sweep d = load("d.yaml", SweepFixtures.HEAD + spec.replace("[1, 2]", "[1, \"2\"]"));
    assertFalse(Fingerprint.of(a).equals(Fingerprint.of(d)), "a string is not an integer");
    Files.writeString(dir.resolve("tiny.yaml"), SweepFixtures.TINY.replace("seed: 5", "seed: 6"));
    Path e = dir.resolve("e.yaml");
    Files.writeString(e, SweepFixtures.HEAD + spec);
    Sweep changed = new SweepLoader().load(e).sweep();
    assertFalse(Fingerprint.of(a).equals(Fingerprint.of(changed)), "the scenario's bytes count");
  }

  @Test
  void theFingerprintCoversTheManifestFilesTheScenarioNames() throws IOException {
    Path manifests = Files.createDirectories(dir.resolve("manifests"));
    String scenario = SweepFixtures.TINY.substring(0, SweepFixtures.TINY.indexOf("---"))
        .replace("  duration: 2s\n", "  duration: 2s\n  manifests: [manifests/]\n");
    Files.writeString(manifests.resolve("m.yaml"), SweepFixtures.TINY.substring(SweepFixtures.TINY.indexOf("---") + 4));
    Files.writeString(dir.resolve("split.yaml"), scenario);
    Path s = dir.resolve("s.yaml");
    Files.writeString(s, SweepFixtures.HEAD.replace("tiny.yaml", "split.yaml") + "  metrics: [seed]\n");
    SweepLoadResult r = new SweepLoader().load(s);
    assertEquals(List.of(), r.problems());
    String before = Fingerprint.of(r.sweep());
    assertEquals(List.of(manifests.resolve("m.yaml")), Fingerprint.manifestFiles(r.sweep().scenario()));
    Files.writeString(manifests.resolve("m.yaml"), Files.readString(manifests.resolve("m.yaml")).replace("replicas: 3", "replicas: 4"));
    assertFalse(before.equals(Fingerprint.of(new SweepLoader().load(s).sweep())));
  }

  private Sweep load(String name, String text) throws IOException {
    Files.writeString(dir.resolve("tiny.yaml"), SweepFixtures.TINY);
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    SweepLoadResult r = new SweepLoader().load(f);
    assertEquals(List.of(), r.problems());
    return r.sweep();
  }
}
