package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CheckCommandTest {

  private static final String EXAMPLE = "examples/etp-local-imbalance.yaml";

  /** The example with its one expectation ("sourceIpPreserved >= 0.99") given other words. */
  private static Path variant(Path dir, String name, String expectations) throws IOException {
    String text = Files.readString(Path.of(EXAMPLE), StandardCharsets.UTF_8);
    String original = """
          expectations:
            - name: source IP preserved
              metric: services["default/web"].sourceIpPreserved
              op: ">="
              value: 0.99
        """;
    assertTrue(text.contains(original), "the example's expectations changed; update this test");
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, text.replace(original, expectations), StandardCharsets.UTF_8);
    return file;
  }

  private static final String FAILING = """
        expectations:
          - name: source IP preserved
            metric: services["default/web"].sourceIpPreserved
            op: ">="
            value: 0.99
          - name: even split
            metric: services["default/web"].skew.maxOverMean
            op: "<="
            value: 1.1
          - name: a typo
            metric: services["default/web"].skew.jian
            op: ">"
            value: 0.5
      """;

  @Test
  void passingScenariosExitZero() {
    CliRun o = CliRun.svcsim("check", "--color=never", EXAMPLE);
    assertEquals(ExitCode.OK, o.exitCode(), o.out() + o.err());
    assertTrue(o.out().startsWith("PASS examples/etp-local-imbalance.yaml (etp-local-imbalance): 1 of 1 expectation held\n"
        + "  PASS  source IP preserved: services[\"default/web\"].sourceIpPreserved >= 0.99: actual 1\n"), o.out());
    assertTrue(o.out().endsWith("\ncheck: 1 scenario, 1 expectation: 1 held, 0 failed\n"), o.out());
  }

  @Test
  void aFailedExpectationExitsOneAndSaysWhatItGot(@TempDir Path dir) throws IOException {
    Path file = variant(dir, "failing", FAILING);
    CliRun o = CliRun.svcsim("check", "--color=never", file.toString());
    assertEquals(ExitCode.CHECK_FAILED, o.exitCode(), o.out() + o.err());
    assertTrue(o.out().contains("FAIL " + file + " (etp-local-imbalance): 1 of 3 expectations held"), o.out());
    assertTrue(o.out().contains("  PASS  source IP preserved:"), o.out());
    assertTrue(o.out().contains("  FAIL  even split: services[\"default/web\"].skew.maxOverMean <= 1.1: actual 1.49"), o.out());
    assertTrue(o.out().contains("  FAIL  a typo: services[\"default/web\"].skew.jian > 0.5: actual none: "
        + "services[\"default/web\"].skew.jian names no field"), o.out());
    assertTrue(o.out().endsWith("check: 1 scenario, 3 expectations: 1 held, 2 failed\n"), o.out());
  }

  @Test
  void quietPrintsOnlyFailuresAndTheSummary(@TempDir Path dir) throws IOException {
    Path file = variant(dir, "failing", FAILING);
    CliRun o = CliRun.svcsim("check", "-q", EXAMPLE, file.toString());
    assertEquals(ExitCode.CHECK_FAILED, o.exitCode(), o.out() + o.err());
    assertFalse(o.out().contains("PASS"), o.out());
    assertEquals(2, o.out().split("  FAIL  ", -1).length - 1, o.out());
    assertTrue(o.out().endsWith("check: 2 scenarios, 4 expectations: 2 held, 2 failed\n"), o.out());
  }

  @Test
  void anInvalidScenarioExitsTwoButTheOthersAreStillChecked(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "apiVersion: svcsim.dev/v1\nkind: Scenario\nmetadata: {name: broken}\nspec: {}\n");
    Path failing = variant(dir, "failing", FAILING);
    CliRun o = CliRun.svcsim("check", "--color=never", broken.toString(), failing.toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode(), "invalid input wins over failed expectations: " + o.out());
    assertTrue(o.err().contains(broken + ":4:7: spec.duration: Required value"), o.err());
    assertTrue(o.out().contains("ERROR " + broken + ": 2 errors; nothing was simulated"), o.out());
    assertTrue(o.out().contains("FAIL " + failing), "the valid file was still checked: " + o.out());
    assertTrue(o.out().endsWith("; 1 scenario did not load\n"), o.out());
  }

  @Test
  void aScenarioWithoutExpectationsPassesAndSaysSo(@TempDir Path dir) throws IOException {
    Path file = variant(dir, "none", "");
    CliRun o = CliRun.svcsim("check", "--color=never", file.toString());
    assertEquals(ExitCode.OK, o.exitCode(), o.out() + o.err());
    assertTrue(o.out().contains("NONE " + file + " (etp-local-imbalance): no expectations, nothing to check"), o.out());
  }

  @Test
  void junitXmlHasASuitePerScenarioACasePerExpectationAndTheFailures(@TempDir Path dir) throws Exception {
    Path failing = variant(dir, "failing", FAILING);
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "kind: Scenario\n");
    Path xml = dir.resolve("out/junit.xml");
    CliRun o = CliRun.svcsim("check", "--junit", xml.toString(), EXAMPLE, failing.toString(), broken.toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.out() + o.err());
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    Element root = f.newDocumentBuilder().parse(xml.toFile()).getDocumentElement();
    assertEquals("5", root.getAttribute("tests"), "1 + 3 expectations + 1 load error");
    assertEquals("2", root.getAttribute("failures"));
    assertEquals("1", root.getAttribute("errors"));
    NodeList suites = root.getElementsByTagName("testsuite");
    assertEquals(3, suites.getLength());
    Element second = (Element) suites.item(1);
    assertEquals("etp-local-imbalance", second.getAttribute("name"));
    NodeList cases = second.getElementsByTagName("testcase");
    assertEquals("even split", ((Element) cases.item(1)).getAttribute("name"));
    Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
    assertTrue(failure.getAttribute("message").startsWith("expected services[\"default/web\"].skew.maxOverMean <= 1.1, actual 1.49"),
        failure.getAttribute("message"));
    Element third = (Element) suites.item(2);
    assertEquals("broken.yaml", third.getAttribute("name"));
    assertEquals(1, third.getElementsByTagName("error").getLength());
  }

  @Test
  void junitIntoAFolderIsAUsageError(@TempDir Path dir) {
    CliRun o = CliRun.svcsim("check", "--junit", dir.toString(), EXAMPLE);
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().contains("is a folder"), o.err());
  }

  @Test
  void colourOnlyWhenAsked(@TempDir Path dir) throws IOException {
    Path failing = variant(dir, "failing", FAILING);
    CliRun always = CliRun.svcsim("check", "--color=always", failing.toString());
    assertTrue(always.out().contains("\u001b[31mFAIL\u001b[0m"), always.out());
    CliRun auto = CliRun.svcsim("check", failing.toString());
    assertFalse(auto.out().contains("\u001b"), "tests do not run on a terminal, so auto means no colour");
    CliRun bad = CliRun.svcsim("check", "--color=sometimes", failing.toString());
    assertEquals(ExitCode.BAD_INPUT, bad.exitCode());
    assertTrue(bad.err().contains("--color must be auto, always or never"), bad.err());
  }

  @Test
  void helpTeachesTheExitCodesAndJunit() {
    CliRun o = CliRun.svcsim("help", "check");
    String help = o.out().replaceAll("\\s+", " ");
    for (String expected : new String[] {"Usage: svcsim check", "--junit=FILE", "1 some expectation failed",
        "2 bad input or usage", "one testsuite per scenario", "svcsim check scenarios/examples/*.yaml"}) {
      assertTrue(help.contains(expected), "missing \"" + expected + "\" in:\n" + o.out());
    }
  }

  /** The CI promise of the example library: {@code svcsim check scenarios/examples/*.yaml} exits 0. */
  @Test
  void everyBundledExamplePassesCheck() throws IOException {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("check", "-q", "--color", "never"));
    try (var files = Files.list(Path.of("examples"))) {
      files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> args.add(p.toString()));
    }
    assertTrue(args.size() > 20, "expected the example library, got " + args);
    CliRun r = CliRun.svcsim(args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), () -> "svcsim check over every example failed:\n" + r.out() + r.err());
  }
}
