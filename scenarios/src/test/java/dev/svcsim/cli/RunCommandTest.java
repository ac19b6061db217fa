package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcsim.models.cluster.Pod;
import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.reports.ReportFormat;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

  private static final String EXAMPLE = "examples/etp-local-imbalance.yaml";

  // ------------------------------------------------------------ without the data plane

  @Test
  void helpExplainsWhatARunReports() {
    CliRun o = CliRun.svcsim("help", "run");
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    String help = o.out().replaceAll("\\s+", " ");
    for (String expected : List.of(
        "Usage: svcsim run", "-o, --output=FORMAT",
        String.join(", ", ReportFormat.names()) + " (default: table)", "--out=FILE",
        "--interval=DURATION", "(default: 1s)", "kube-proxy balances connections, not requests",
        "failedBy", "replyDiscarded", "ecmpRehash", "Source IP", "Node hops", "Skew", "Jain's index",
        "Gini coefficient", "chi-square", "Exit codes:", "0 the run finished", "2 bad input or usage",
        "svcsim run scenarios/examples/etp-local-imbalance.yaml", "svcsim run -o json",
        "svcsim run -o html --out report.html")) {
      assertTrue(help.contains(expected), "the help should mention \"" + expected + "\":\n" + o.out());
    }
  }

  @Test
  void theTopHelpListsRun() {
    CliRun o = CliRun.svcsim("--help");
    assertTrue(o.out().contains("  run "), o.out());
  }

  @Test
  void aBadIntervalIsAUsageErrorBeforeAnythingIsLoaded() {
    for (String[] c : new String[][] {
        {"5", "bad duration \"5\": a bare number has no unit"},
        {"0s", "the interval must be longer than 0s"},
        {"-1s", "bad duration \"-1s\""},
        {"1 parsec", "bad duration \"1 parsec\""}}) {
      CliRun o = CliRun.of(withFakeRun(notCalled()), "fake-run", "--interval", c[0], "no-such-file.yaml");
      assertEquals(ExitCode.BAD_INPUT, o.exitCode(), "--interval " + c[0] + ": " + o.err());
      assertTrue(o.err().startsWith("svcsim: Invalid value for option '--interval': " + c[1]),
          "--interval " + c[0] + ": " + o.err());
      assertTrue(o.err().contains("Try 'svcsim run --help'"), o.err());
      assertEquals("", o.out(), "nothing on stdout");
    }
  }

  @Test
  void anUnknownFormatListsTheFormats() {
    CliRun o = CliRun.svcsim("run", "-o", "pdf", EXAMPLE);
    assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.err());
    assertTrue(o.err().startsWith("svcsim: Invalid value for option '--output': unknown report format \"pdf\";"
        + " the formats are " + String.join(", ", ReportFormat.names())), o.err());
  }

  @Test
  void aMissingFileIsAnErrorAndNothingRuns() {
    CliRun o = CliRun.of(withFakeRun(notCalled()), "fake-run", "no-such-file.yaml");
    assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.err());
    assertEquals("no-such-file.yaml:1:1: cannot read the file: no such file\n"
        + "svcsim: no-such-file.yaml: 1 error; nothing was simulated\n", o.err());
    assertEquals("", o.out());
    CliRun real = CliRun.svcsim("run", "no-such-file.yaml");
    assertEquals(ExitCode.BAD_INPUT, real.exitCode(), "the real command too: " + real.err());
  }

  @Test
  void scenarioErrorsArePrintedAsValidateDoesAndNothingRuns(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, String.join("\n",
        "apiVersion: svcsim.dev/v1",
        "kind: Scenario",
        "metadata: {name: bad}",
        "spec:",
        "  duration: 60s",
        "  seeed: 3",
        "  cluster: {nodes: [{name: n1}]}",
        ""));
    CliRun o = CliRun.of(withFakeRun(notCalled()), "fake-run", bad.toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.err());
    assertEquals(bad + ":6:3: spec.seeed: unknown field \"seeed\" (did you mean \"seed\"?)\n"
        + "svcsim: " + bad + ": 1 error; nothing was simulated\n", o.err());
    assertEquals("", o.out());
  }

  @Test
  void outMustNotBeAFolder(@TempDir Path dir) {
    CliRun o = CliRun.of(withFakeRun(notCalled()), "fake-run", "--out", dir.toString(), EXAMPLE);
    assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.err());
    assertEquals("svcsim: --out " + dir + " is a folder; name a file to write the report to\n", o.err());
  }

  // ------------------------------------------------ with a stand-in for the data plane

  @Test
  void theTableGoesToStandardOutput() {
    CliRun o = CliRun.of(withFakeRun(FAKE), "fake-run", EXAMPLE);
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertEquals("", o.err(), "the example loads without warnings");
    assertTrue(o.out().startsWith("Scenario etp-local-imbalance: seed 42, kube-proxy iptables, 60s measured"
        + " after a 5s warmup\n"), o.out());
    assertTrue(o.out().contains("\nService default/web\n"), o.out());
    assertTrue(o.out().contains("  PASS  source IP preserved: services[\"default/web\"].sourceIpPreserved"
        + " >= 0.99 (actual 1.0)\n"), o.out());
  }

  @Test
  void jsonWithTheScenariosExpectationsAndTheInterval() throws IOException {
    AtomicReference<RunOptions> seen = new AtomicReference<>();
    CliRun o = CliRun.of(withFakeRun((s, opts) -> {
      seen.set(opts);
      return FAKE.apply(s, opts);
    }), "fake-run", "-o", "json", "--interval", "250ms", EXAMPLE);
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertEquals(250_000_000L, seen.get().intervalNanos(), "--interval reaches the data plane");
    assertEquals(0, seen.get().replication());
    assertTrue(seen.get().progress() instanceof ProgressBar, "the run reports its progress to the bar");
    JsonNode root = new ObjectMapper().readTree(o.out());
    assertEquals("etp-local-imbalance", root.get("scenario").asText());
    assertEquals(0.25, root.get("intervalSeconds").asDouble(), 0.0);
    assertEquals(1, root.get("expectations").size(), "the example's one expectation");
    assertTrue(root.at("/expectations/0/passed").asBoolean(), root.toString());
    assertEquals(3, root.at("/services/default~1web/pods").size(), root.toString());
  }

  @Test
  void outWritesTheFileAndNothingElse(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sub/folder/report.json");
    CliRun o = CliRun.of(withFakeRun(FAKE), "fake-run", "-o", "json", "--out", file.toString(), EXAMPLE);
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertEquals("", o.out(), "nothing on stdout");
    assertEquals("", o.err(), "nothing on stderr");
    CliRun again = CliRun.of(withFakeRun(FAKE), "fake-run", "--output", "json", EXAMPLE);
    assertEquals(again.out(), Files.readString(file, StandardCharsets.UTF_8), "the same bytes as on stdout");
  }

  @Test
  void loadingWarningsGoToStandardErrorNotIntoTheReport(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("warned.yaml");
    Files.writeString(file, Files.readString(Path.of(EXAMPLE)) + String.join("\n",
        "---",
        "apiVersion: v1",
        "kind: Service",
        "metadata: {name: lonely, namespace: default}",
        "spec:",
        "  selector: {app: nobody}",
        "  ports: [{port: 80}]",
        ""));
    CliRun o = CliRun.of(withFakeRun(FAKE), "fake-run", "-o", "json", file.toString());
    assertEquals(ExitCode.OK, o.exitCode(), "warnings do not stop the run: " + o.err());
    assertTrue(o.err().contains(file + ":") && o.err().contains(": warning: "), o.err());
    JsonNode root = new ObjectMapper().readTree(o.out());
    assertEquals(0, root.get("warnings").size(), "load warnings stay on stderr: " + root.get("warnings"));
  }

  @Test
  void failedExpectationsDoNotChangeTheExitCode() {
    BiFunction<Scenario, RunOptions, RunResult> snat = (s, opts) -> fakeResult(s, opts, 0.0);
    CliRun o = CliRun.of(withFakeRun(snat), "fake-run", EXAMPLE);
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertTrue(o.out().contains("  FAIL  source IP preserved"), o.out());
  }

  private static CommandLine withFakeRun(BiFunction<Scenario, RunOptions, RunResult> dataPlane) {
    CommandLine cmd = Svcsim.commandLine();
    cmd.addSubcommand("fake-run", new RunCommand(dataPlane));
    return cmd;
  }

  private static BiFunction<Scenario, RunOptions, RunResult> notCalled() {
    return (s, o) -> fail("the data plane must not run");
  }

  private static final BiFunction<Scenario, RunOptions, RunResult> FAKE = (s, o) -> fakeResult(s, o, 1.0);

  /**
   * A plausible result for the example: 1000 connections per second, spread 25/25/50 over its
   * three pods, a fraction {@code preserved} of them keeping the client's source IP.
   */
  private static RunResult fakeResult(Scenario s, RunOptions options, double preserved) {
    long seconds = s.durationNanos() / 1_000_000_000L;
    long delivered = 1000 * seconds;
    List<ServiceResult.PodResult> pods = new ArrayList<>();
    long[] shares = {delivered / 4, delivered / 4, delivered / 2};
    Map<String, Long> perNode = new java.util.TreeMap<>();
    int i = 0;
    for (Pod p : s.pods()) {
      long n = shares[i++];
      Histogram h = new Histogram(3);
      h.recordValueWithCount(2000, n);
      pods.add(new ServiceResult.PodResult(p.name(), p.nodeName(), "zone-1", n, n, 0.3, true, h));
      perNode.merge(p.nodeName(), n, Long::sum);
    }
    List<ServiceResult.NodeResult> nodes = new ArrayList<>();
    perNode.forEach((node, n) -> nodes.add(new ServiceResult.NodeResult(node, "zone-1", n, n)));
    Histogram all = new Histogram(3);
    all.recordValueWithCount(2000, delivered);
    ServiceResult web = new ServiceResult("default/web", delivered, delivered, Map.of(), delivered, delivered, 0,
        Map.of(EntryPath.LOAD_BALANCER, new ServiceResult.PathCount(delivered, Math.round(delivered * preserved))),
        Map.of(1, delivered), 0, pods, nodes, all, List.of());
    return new RunResult(s.name(), s.seed(), s.cluster().kubeProxy().mode(), s.warmupNanos(), s.durationNanos(),
        options.intervalNanos(), List.of(web), List.of(), List.of(), 0, delivered);
  }

  // ------------------------------------------------------------ with the real data plane

  private static Boolean available;

  /** Whether {@link DataPlane#run} is implemented yet; the tests below start running once it is. */
  static synchronized boolean dataPlaneAvailable() {
    if (available == null) {
      LoadResult loaded = new ScenarioLoader().load(Path.of(EXAMPLE));
      assertTrue(loaded.ok(), "the example must load: " + loaded.problems());
      try {
        DataPlane.run(loaded.scenario(), RunOptions.DEFAULT);
        available = true;
      } catch (UnsupportedOperationException e) {
        available = false;
      }
    }
    return available;
  }

  @Test
  void theExampleRunsAndItsTableShowsTheImbalance() {
    Assumptions.assumeTrue(dataPlaneAvailable(), "the data plane is not implemented yet");
    CliRun o = CliRun.svcsim("run", EXAMPLE);
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertTrue(o.out().contains("\nService default/web\n"), o.out());
    assertTrue(o.out().contains("  PASS  source IP preserved"), o.out());
  }

  @Test
  void theExamplesJsonIsByteIdenticalForTheSameSeedAndHasTheContractsFigures() throws IOException {
    Assumptions.assumeTrue(dataPlaneAvailable(), "the data plane is not implemented yet");
    CliRun first = CliRun.svcsim("run", "-o", "json", EXAMPLE);
    CliRun second = CliRun.svcsim("run", "-o", "json", EXAMPLE);
    assertEquals(ExitCode.OK, first.exitCode(), first.err());
    assertEquals(first.out(), second.out(), "the same seed must give the same bytes");
    JsonNode root = new ObjectMapper().readTree(first.out());
    JsonNode web = root.at("/services/default~1web");
    assertFalse(web.isMissingNode(), root.toString());
    long generated = web.at("/connections/generated").asLong();
    long delivered = web.at("/connections/delivered").asLong();
    long failed = web.at("/connections/failed").asLong();
    assertTrue(generated > 0, "some connections: " + web);
    assertEquals(generated, delivered + failed, "generated = delivered + failed");
    assertEquals(3, web.get("pods").size(), "three pods: " + web.get("pods"));
    assertTrue(web.get("sourceIpPreserved").asDouble() >= 0.99, "Local keeps the source IP: " + web);
    // The load balancer splits per node: node-a's two pods get 25% each, node-b's one pod 50%.
    assertEquals(1.5, web.at("/skew/maxOverMean").asDouble(), 0.1, "skew: " + web.get("skew"));
    assertEquals(0.75, web.at("/skew/minOverMean").asDouble(), 0.1, "skew: " + web.get("skew"));
    assertTrue(root.at("/expectations/0/passed").asBoolean(), root.get("expectations").toString());
  }

  @Test
  void theTableHasColourOnlyWhenAskedAndNeverInAFile(@TempDir Path dir) throws IOException {
    CliRun always = CliRun.of(withFakeRun(FAKE), "fake-run", "--color=always", EXAMPLE);
    assertTrue(always.out().contains("\u001b["), "--color=always colours the table:\n" + always.out());
    CliRun auto = CliRun.of(withFakeRun(FAKE), "fake-run", EXAMPLE);
    assertFalse(auto.out().contains("\u001b"), "tests do not run on a terminal, so auto means none");
    CliRun json = CliRun.of(withFakeRun(FAKE), "fake-run", "--color=always", "-o", "json", EXAMPLE);
    assertFalse(json.out().contains("\u001b"), "only the table has colour");
    Path file = dir.resolve("report.txt");
    CliRun toFile = CliRun.of(withFakeRun(FAKE), "fake-run", "--color=always", "--out", file.toString(), EXAMPLE);
    assertEquals(ExitCode.OK, toFile.exitCode(), toFile.err());
    assertFalse(Files.readString(file).contains("\u001b"), "a file never gets escape codes");
  }
}
