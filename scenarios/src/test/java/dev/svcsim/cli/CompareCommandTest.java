package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

  private static final String LB = "examples/etp-local-vs-cluster-lb.yaml";
  private static final String TO_LOCAL = "service/default/web-cluster:spec.externalTrafficPolicy=Local";

  @Test
  void aWhatIfOnOneFileShowsTheChangeItMade() {
    CliRun o = CliRun.svcsim("compare", "--color=never", LB, "--set", TO_LOCAL);
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertTrue(o.out().contains("  A  " + LB + "\n  B  " + LB + " --set " + TO_LOCAL + "\n"), o.out());
    assertTrue(o.out().matches("(?s).*\n\\* Cluster masquerades every connection +PASS \\(0\\) +FAIL \\(1\\)\n.*"), o.out());
    assertTrue(o.out().matches(
        "(?s).*\n\\* services\\[\"default/web-cluster\"]\\.sourceIpPreserved +0 +1 +\\+1\n.*"), o.out());
    assertTrue(o.out().matches(
        "(?s).*\n  services\\[\"default/web-cluster\"]\\.connections\\.generated +(\\d+) +\\1 *\n.*"),
        "the same traffic, unmarked: " + o.out());
  }

  @Test
  void onlyChangedLeavesOutTheSameAndJsonCarriesBoth() throws Exception {
    CliRun o = CliRun.svcsim("compare", "-o", "json", "--only-changed", LB, "--set", TO_LOCAL);
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    JsonNode root = new ObjectMapper().readTree(o.out());
    assertEquals(LB + " --set " + TO_LOCAL, root.get("b").asText());
    for (JsonNode f : root.get("figures")) {
      assertTrue(f.get("differs").asBoolean(), f.toString());
    }
    boolean found = false;
    for (JsonNode f : root.get("figures")) {
      if (f.get("metric").asText().equals("services[\"default/web-cluster\"].sourceIpPreserved")) {
        assertEquals(0.0, f.get("a").asDouble());
        assertEquals(1.0, f.get("b").asDouble());
        assertEquals(1.0, f.get("delta").asDouble());
        found = true;
      }
    }
    assertTrue(found, o.out());
  }

  @Test
  void twoFilesCompareAndSetAppliesToTheSecond(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("copy.yaml");
    Files.copy(Path.of(LB), copy);
    CliRun same = CliRun.svcsim("compare", "--color=never", "--only-changed", LB, copy.toString());
    assertEquals(ExitCode.OK, same.exitCode(), same.err());
    assertTrue(same.out().contains("Figures (0 of "), "the same file twice differs nowhere: " + same.out());
    CliRun setA = CliRun.svcsim("compare", "--color=never", "--only-changed", "--set-a", TO_LOCAL, LB, copy.toString());
    assertTrue(setA.out().contains("  A  " + LB + " --set-a " + TO_LOCAL), setA.out());
    assertTrue(setA.out().matches("(?s).*\n\\* services\\[\"default/web-cluster\"]\\.sourceIpPreserved +1 +0 +-1 \\(-100\\.0%\\)\n.*"),
        setA.out());
  }

  @Test
  void markdownForAPullRequest() {
    CliRun o = CliRun.svcsim("compare", "-o", "md", "--only-changed", LB, "--set", TO_LOCAL);
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertTrue(o.out().startsWith("### svcsim compare\n"), o.out());
    assertTrue(o.out().contains("| **`services[\"default/web-cluster\"].sourceIpPreserved`** | 0 | 1 | +1 |"), o.out());
  }

  @Test
  void nothingToCompareOrABadPathIsAUsageError() {
    CliRun none = CliRun.svcsim("compare", LB);
    assertEquals(ExitCode.BAD_INPUT, none.exitCode());
    assertTrue(none.err().contains("nothing to compare: give a second FILE, or --set PATH=VALUE"), none.err());
    CliRun bad = CliRun.svcsim("compare", LB, "--set", "service/default/nope:spec.externalTrafficPolicy=Local");
    assertEquals(ExitCode.BAD_INPUT, bad.exitCode());
    assertTrue(bad.err().contains("svcsim: " + LB + ": 1 error in B; nothing was simulated"), bad.err());
    CliRun format = CliRun.svcsim("compare", "-o", "html", LB, "--set", TO_LOCAL);
    assertEquals(ExitCode.BAD_INPUT, format.exitCode());
    assertTrue(format.err().contains("compare writes table, json or md"), format.err());
  }

  @Test
  void writesToAFile(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("cmp/out.md");
    CliRun o = CliRun.svcsim("compare", "-o", "md", "--out", out.toString(), LB, "--set", TO_LOCAL);
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertEquals("", o.out());
    assertTrue(Files.readString(out).startsWith("### svcsim compare"));
  }

  @Test
  void labelsQuoteWhatAShellWouldSplit() {
    assertEquals("a.yaml --set 'spec.traffic[name=x].rate=5/s'", CompareCommand.label(Path.of("a.yaml"),
        List.of(dev.svcsim.scenario.load.SetOverride.parse("spec.traffic[name=x].rate=5/s")), "--set"));
    assertFalse(CompareCommand.label(Path.of("a.yaml"), List.of(), "--set").contains("--set"));
  }
}
