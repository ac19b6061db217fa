package dev.svcsim.scenario.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.reports.Report;
import dev.svcsim.reports.ReportTree;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.sweep.Sweep;
import dev.svcsim.scenario.sweep.SweepFixtures;
import dev.svcsim.scenario.yaml.YamlScalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SweepLoader}: the Sweep document of docs/sweeps.md, every field as written there, its
 * defaults, ranges computed exactly, and a precise error (file:line:column: field: message) for
 * each kind of mistake.
 */
class SweepLoaderTest {

  @TempDir Path dir;

  private SweepLoadResult load(String sweep) {
    return new SweepLoader().load(SweepFixtures.write(dir, "s.yaml", sweep));
  }

  private Sweep ok(String sweep) {
    SweepLoadResult r = load(sweep);
    assertEquals(List.of(), problems(r), "no problems");
    assertNotNull(r.sweep());
    return r.sweep();
  }

  /** The problems as printed, the temporary folder left out of the file names. */
  private List<String> problems(SweepLoadResult r) {
    return r.problems().stream().map(Problem::toString).map(s -> s.replace(dir + "/", "")).toList();
  }

  private List<String> errors(String sweep) {
    SweepLoadResult r = load(sweep);
    assertNull(r.sweep(), "no sweep when there are errors");
    assertFalse(r.errors().isEmpty());
    return problems(r);
  }

  private static List<String> texts(Sweep.Parameter p) {
    return p.values().stream().map(Sweep.Value::text).toList();
  }

  // ------------------------------------------------------------------ what loads

  @Test
  void theBundledExampleLoadsWithEveryFieldAsWritten() {
    SweepLoadResult r = new SweepLoader().load(Path.of("examples/sweeps/etp-policy-by-replicas.yaml"));
    assertEquals(List.of(), r.problems());
    Sweep s = r.sweep();
    assertEquals("etp-policy-by-replicas", s.name());
    assertEquals("examples/etp-local-imbalance.yaml", s.scenario().display(), "relative to the sweep file, normalised");
    assertEquals(7, s.seed());
    assertEquals(3, s.replications());
    assertEquals(Sweep.Combine.GRID, s.combine());
    assertEquals(2, s.parameters().size());
    assertEquals("service/default/web:spec.externalTrafficPolicy", s.parameters().get(0).path());
    assertEquals(List.of("Cluster", "Local"), texts(s.parameters().get(0)));
    assertEquals(List.of("1", "2", "3"), texts(s.parameters().get(1)));
    assertEquals(List.of("services[\"default/web\"].skew.maxOverMean", "services[\"default/web\"].sourceIpPreserved",
        "services[\"default/web\"].latencyMs.p99"), s.metrics());
    assertEquals(List.of(new Expectation("no pod gets more than 1.2x the mean", "services[\"default/web\"].skew.maxOverMean",
        Expectation.Op.LE, 1.2, 0)), s.expectations());
  }

  @Test
  void defaultsAreSeed1OneReplicationAndAGrid() {
    Sweep s = ok(SweepFixtures.HEAD + """
          parameters:
            - {path: spec.cluster.kubeProxy.mode, values: [iptables, ipvs]}
          metrics: [seed]
        """);
    assertEquals(1, s.seed());
    assertEquals(1, s.replications());
    assertEquals(Sweep.Combine.GRID, s.combine());
    assertEquals("", s.description());
    assertEquals(List.of(), s.expectations());
    assertEquals("s.yaml", s.file().replace(dir + "/", ""));
  }

  @Test
  void noParametersIsOnePointTheScenarioAsWritten() {
    Sweep s = ok(SweepFixtures.HEAD + "  replications: 4\n  metrics: [seed]\n");
    assertEquals(List.of(), s.parameters());
  }

  @Test
  void valuesAreAnyYamlAndShowAsWritten() {
    Sweep s = ok(SweepFixtures.HEAD + """
          parameters:
            - path: deployment/default/web:spec.template.spec.nodeSelector
              values: [null, {disktype: ssd}, {"a b": "x, y"}]
            - path: spec.traffic[name=users].rate
              values: [100/s, "250/s", 1e3/s]
          metrics: [seed]
        """);
    assertEquals(List.of("null", "{disktype: ssd}", "{a b: \"x, y\"}"), texts(s.parameters().get(0)));
    assertEquals(List.of("100/s", "250/s", "1e3/s"), texts(s.parameters().get(1)));
    Sweep.Value v = s.parameters().get(1).values().get(0);
    assertEquals(10, v.node().location().line(), "a value keeps where the sweep file writes it");
  }

  @Test
  void rangesAreExactInDecimalAndIncludeToWhenTheyLandOnIt() {
    Sweep s = ok(SweepFixtures.HEAD + """
          parameters:
            - {path: deployment/default/web:spec.replicas, range: {from: 2, to: 20, step: 2}}
            - {path: spec.cluster.kubeProxy.masqueradeAll, values: [false]}
            - {path: "spec.traffic[0].rate", range: {from: 0.1, to: 0.5, step: 0.1, suffix: /s}}
            - {path: spec.loadBalancer.healthCheck.unhealthyThreshold, range: {from: 1, to: 2, step: 0.3}}
            - {path: spec.loadBalancer.healthCheck.healthyThreshold, range: {from: 5, to: 5, step: 1}}
            - {path: "spec.cluster.nodes[0].count", range: {from: -1.5, to: 1, step: 1.25}}
          metrics: [seed]
        """);
    List<Sweep.Parameter> p = s.parameters();
    assertEquals(List.of("2", "4", "6", "8", "10", "12", "14", "16", "18", "20"), texts(p.get(0)));
    // 0.1 + 2 * 0.1 is 0.30000000000000004 in binary floating point, 0.3 here
    assertEquals(List.of("0.1/s", "0.2/s", "0.3/s", "0.4/s", "0.5/s"), texts(p.get(2)));
    assertEquals(List.of("1", "1.3", "1.6", "1.9"), texts(p.get(3)), "2 is not a step away from 1");
    assertEquals(List.of("5"), texts(p.get(4)));
    assertEquals(List.of("-1.5", "-0.25", "1"), texts(p.get(5)));
    assertEquals(YamlScalar.Type.INTEGER, ((YamlScalar) p.get(0).values().get(0).node()).type());
    assertEquals(YamlScalar.Type.STRING, ((YamlScalar) p.get(2).values().get(0).node()).type(), "a suffix makes a string");
    assertEquals(YamlScalar.Type.FLOAT, ((YamlScalar) p.get(3).values().get(1).node()).type());
    assertEquals(YamlScalar.Type.INTEGER, ((YamlScalar) p.get(3).values().get(0).node()).type());
  }

  @Test
  void zipTakesListsOfTheSameLength() {
    Sweep s = ok(SweepFixtures.HEAD + """
          combine: zip
          parameters:
            - {path: deployment/default/web:spec.replicas, values: [1, 2, 3]}
            - {path: "spec.traffic[0].rate", range: {from: 100, to: 300, step: 100, suffix: /s}}
          metrics: [seed]
        """);
    assertEquals(Sweep.Combine.ZIP, s.combine());
  }

  // ------------------------------------------------------------------ what does not

  @Test
  void unknownFieldsAreErrorsWithDidYouMean() {
    assertEquals(List.of(
            "s.yaml:6:3: spec.replication: unknown field \"replication\" (did you mean \"replications\"?)",
            "s.yaml:8:7: spec.parameters[0].values: Required value: the parameter's values, as values: [...] or range: {from, to, step}",
            "s.yaml:8:43: spec.parameters[0].value: unknown field \"value\" (did you mean \"values\"?)"),
        errors(SweepFixtures.HEAD + """
              replication: 3
              parameters:
                - {path: spec.cluster.kubeProxy.mode, value: [ipvs]}
              metrics: [seed]
            """));
  }

  @Test
  void zipWithListsOfDifferentLengthsSaysWhichAndHowLong() {
    assertEquals(List.of("s.yaml:10:13: spec.parameters[1]: combine: zip takes the i-th value of every parameter"
            + " together, so each needs as many values: spec.parameters[0] has 3, this one has 2"),
        errors(SweepFixtures.HEAD + """
              combine: zip
              parameters:
                - path: deployment/default/web:spec.replicas
                  values: [1, 2, 3]
                - path: spec.cluster.kubeProxy.mode
                  values: [iptables, ipvs]
              metrics: [seed]
            """));
  }

  @Test
  void emptyValuesBothOrNeitherAreErrors() {
    assertEquals(List.of(
            "s.yaml:7:60: spec.parameters[0].values: must not be empty: give at least one value",
            "s.yaml:8:59: spec.parameters[1].range: give the values either as a list (values) or as a range, not both",
            "s.yaml:9:7: spec.parameters[2].values: Required value: the parameter's values, as values: [...] or range: {from, to, step}"),
        errors(SweepFixtures.HEAD + """
              parameters:
                - {path: deployment/default/web:spec.replicas, values: []}
                - {path: spec.cluster.kubeProxy.mode, values: [ipvs], range: {from: 1, to: 2, step: 1}}
                - {path: spec.seed2}
              metrics: [seed]
            """));
  }

  @Test
  void badRangesAreErrors() {
    assertEquals(List.of(
            "s.yaml:7:94: spec.parameters[0].range.step: must be greater than 0 (got 0): a range counts up from from to to",
            "s.yaml:8:92: spec.parameters[1].range.step: must be greater than 0 (got -1): a range counts up from from to to",
            "s.yaml:9:73: spec.parameters[2].range.to: must not be less than from (5): a range counts up by step",
            "s.yaml:10:57: spec.parameters[3].range.from: must be a number such as 2 or 0.5, not the string \"two\"",
            "s.yaml:11:45: spec.parameters[4].range.to: Required value: the last value (included when the steps land on it)",
            "s.yaml:12:74: spec.parameters[5].range.step: the range has 2000001 values; at most 1000000"),
        errors(SweepFixtures.HEAD + """
              parameters:
                - {path: spec.loadBalancer.healthCheck.unhealthyThreshold, range: {from: 1, to: 2, step: 0}}
                - {path: spec.loadBalancer.healthCheck.healthyThreshold, range: {from: 1, to: 2, step: -1}}
                - {path: deployment/default/web:spec.replicas, range: {from: 5, to: 2, step: 1}}
                - {path: spec.cluster.kubeProxy.mode, range: {from: two, to: 2, step: 1}}
                - {path: "spec.traffic[0].rate", range: {from: 1, step: 1}}
                - {path: "spec.traffic[0].clients", range: {from: 0, to: 2000, step: 0.001}}
              metrics: [seed]
            """));
  }

  @Test
  void badPathsAreErrorsAtThePath() {
    assertEquals(List.of(
            "s.yaml:7:13: spec.parameters[0].path: unknown kind \"deploy\"; the kinds are service,"
                + " pod, node, deployment, statefulset, daemonset, endpoints, endpointslice",
            "s.yaml:9:13: spec.parameters[1].path: the sweep sets spec.seed itself: each replication's seed derives from"
                + " the Sweep's spec.seed and the point's values (docs/sweeps.md, \"Seeds\"); to run a point more often,"
                + " raise spec.replications",
            "s.yaml:12:14: spec.parameters[3].path: the path spec.cluster.kubeProxy.mode is already a parameter at"
                + " spec.parameters[2]; give each path once, with all its values",
            "s.yaml:13:14: spec.parameters[4].path: a path has no \"=\" outside brackets: the values go in values or"
                + " range, not after the path",
            "s.yaml:14:14: spec.parameters[5].path: bad path at offset 12: missing ']'"),
        errors(SweepFixtures.HEAD + """
              parameters:
                - path: deploy/default/web:spec.replicas
                  values: [1]
                - path: spec.seed
                  values: [1]
                - {path: spec.cluster.kubeProxy.mode, values: [ipvs]}
                - {path: spec.cluster.kubeProxy.mode, values: [nftables]}
                - {path: spec.cluster.kubeProxy.mode=ipvs, values: [ipvs]}
                - {path: "spec.traffic[0.rate", values: [1/s]}
              metrics: [seed]
            """));
  }

  @Test
  void badMetricsAreErrors() {
    assertEquals(List.of(
            "s.yaml:7:7: spec.metrics[0]: the report has no \"service\" (did you mean \"services\"?) (see docs/report.md)",
            "s.yaml:8:7: spec.metrics[1]: the scenario tiny.yaml has no Service \"web\" (did you mean \"default/web\"?);"
                + " report keys are <namespace>/<name>: default/web",
            "s.yaml:9:7: spec.metrics[2]: bad metric path \"services[\"default/web\"\" at offset 8: missing ']'",
            "s.yaml:11:7: spec.metrics[4]: expectations: a metric names a figure of the report, not its expectations or warnings",
            "s.yaml:12:7: spec.metrics[5]: must be a report metric path such as services[\"default/web\"].skew.maxOverMean,"
                + " not an integer (3)",
            "s.yaml:13:7: spec.metrics[6]: the metric seed is already listed at spec.metrics[3]",
            "s.yaml:16:15: spec.expectations[0].metric: the scenario tiny.yaml has no Service \"default/db\" (did you mean"
                + " \"default/web\"?); report keys are <namespace>/<name>: default/web",
            "s.yaml:19:14: spec.expectations[1].name: another expectation, spec.expectations[0], has this name; give each its own"),
        errors(SweepFixtures.HEAD.replace("  scenario: tiny.yaml\n", "  scenario: ./tiny.yaml\n") + """
              metrics:
                - service["default/web"].skew.maxOverMean
                - services["web"].skew.maxOverMean
                - services["default/web"
                - seed
                - expectations[0].actual
                - 3
                - seed
              expectations:
                - name: skew
                  metric: services["default/db"].skew.maxOverMean
                  op: "<"
                  value: 1.2
                - {name: skew, metric: seed, op: ">", value: 0}
            """));
  }

  @Test
  void noMetricsAndNoExpectationsIsAnError() {
    assertEquals(List.of("s.yaml:5:3: spec.metrics: Required value: the report metrics to collect, e.g."
            + " services[\"default/web\"].skew.maxOverMean"),
        errors(SweepFixtures.HEAD));
    assertEquals(List.of("s.yaml:6:12: spec.metrics: must not be empty: list the report metrics to collect, e.g."
            + " services[\"default/web\"].skew.maxOverMean (or give expectations)"),
        errors(SweepFixtures.HEAD + "  metrics: []\n"));
  }

  @Test
  void theScenarioMustBeThere() {
    assertEquals(List.of("s.yaml:5:13: spec.scenario: no such file: \"nope.yaml\" (the path is relative to the sweep"
            + " file, so it names " + dir.resolve("nope.yaml").toString().replace(dir + "/", "") + ")"),
        errors(SweepFixtures.HEAD.replace("tiny.yaml", "nope.yaml") + "  metrics: [seed]\n"));
    assertEquals(List.of("s.yaml:5:3: spec.scenario: Required value"),
        errors(SweepFixtures.HEAD.replace("  scenario: tiny.yaml\n", "") + "  metrics: [seed]\n"));
  }

  @Test
  void theScenariosOwnErrorsComeAfterTheSweepsAndStopIt() throws IOException {
    Files.writeString(dir.resolve("broken.yaml"), SweepFixtures.TINY.replace("duration: 2s", "duration: 2"));
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, SweepFixtures.HEAD.replace("tiny.yaml", "broken.yaml") + "  metrics: [seed]\n");
    SweepLoadResult r = new SweepLoader().load(file);
    assertNull(r.sweep());
    List<String> p = problems(r);
    assertEquals(2, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("s.yaml:5:13: spec.scenario: the scenario "), p.get(0));
    assertTrue(p.get(1).startsWith("broken.yaml:6:13: spec.duration: "), p.get(1));
  }

  @Test
  void aSweepFileHoldsOneSweepAndNothingElse() {
    assertEquals(List.of("s.yaml:2:7: kind: this is a Scenario document; a sweep file holds only the Sweep, which"
            + " names its scenario file in spec.scenario (run a scenario with `svcsim run s.yaml`)"),
        errors(SweepFixtures.TINY.substring(0, SweepFixtures.TINY.indexOf("---"))).stream()
            .map(s -> s.replace(dir + "/", "")).toList());
    assertEquals(List.of("s.yaml:1:1: no `kind: Sweep` document in this file; add one (see docs/sweeps.md)"),
        errors("# nothing\n"));
    assertEquals(List.of("s.yaml:1:13: apiVersion: Unsupported value: \"svcsim.dev/v2\": supported values: \"svcsim.dev/v1\"",
            "s.yaml:3:18: metadata.name: Invalid value: \"Tiny_Sweep\": a lowercase RFC 1123 label must consist of lower"
                + " case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g."
                + " 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
        errors(SweepFixtures.HEAD.replace("v1\nkind", "v2\nkind").replace("tiny-sweep", "Tiny_Sweep") + "  metrics: [seed]\n"));
  }

  @Test
  void aGridOfMoreThanAMillionPointsIsRefused() {
    List<String> e = errors(SweepFixtures.HEAD + """
          parameters:
            - {path: "spec.traffic[0].clients", range: {from: 1, to: 1000, step: 1}}
            - {path: "spec.traffic[0].rate", range: {from: 1, to: 1000, step: 1, suffix: /s}}
            - {path: spec.cluster.kubeProxy.mode, values: [iptables, ipvs]}
          metrics: [seed]
        """);
    assertEquals(List.of("s.yaml:7:5: spec.parameters: the grid has more than 1000000 points (1000 x 1000 x 2); split"
        + " the sweep, or zip parameters that go together (combine: zip)"), e);
  }

  /** docs/sweeps.md shows a bad sweep and its errors: the loader gives exactly those. */
  @Test
  void theDocsBadExampleGivesTheErrorsTheDocsShow() throws IOException {
    Path docs = Path.of("..", "docs", "sweeps.md");
    if (!Files.exists(docs)) {
      return; // built outside the source tree
    }
    String text = Files.readString(docs);
    Matcher m = Pattern
        .compile("(?s)```yaml\\n(apiVersion[^`]*?name: bad-example.*?)```\\s*gives\\s*```\\n(.*?)```").matcher(text);
    assertTrue(m.find(), "docs/sweeps.md has the bad example and its errors");
    Files.writeString(dir.resolve("base.yaml"), SweepFixtures.TINY.replace("namespace: default", "namespace: shop")
        .replace("service/default/web", "service/shop/web"));
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, m.group(1));
    SweepLoadResult r = new SweepLoader().load(bad);
    assertEquals(m.group(2).strip(), String.join("\n", problems(r)));
  }

  /** The report keys a metric may start with are the JSON report's, less expectations and warnings. */
  @Test
  void theReportKeysAreTheReports() {
    LoadResult tiny = new ScenarioLoader().load("tiny.yaml", SweepFixtures.TINY.getBytes(StandardCharsets.UTF_8), null);
    Report report = Report.of(DataPlane.run(tiny.scenario(), RunOptions.DEFAULT), List.of());
    List<String> keys = new ArrayList<>(ReportTree.of(report).fields().keySet());
    keys.removeAll(List.of("expectations", "warnings"));
    assertEquals(keys, SweepLoader.REPORT_KEYS);
  }
}
