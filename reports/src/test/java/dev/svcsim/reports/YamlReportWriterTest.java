package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.models.scenario.Expectation.Op;
import dev.svcsim.models.scenario.ProxyMode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReportWriterTest {

  private static final List<Expectation> EXPECTATIONS = List.of(
      new Expectation("source IP preserved", "services[\"default/web\"].sourceIpPreserved", Op.GE, 0.99, 0),
      new Expectation("typo", "services[\"default/webb\"].sourceIpPreserved", Op.GE, 0.99, 0));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static String write(ReportFormat format, Report report) throws IOException {
    StringWriter out = new StringWriter();
    format.writer().write(report, out);
    return out.toString();
  }

  private static Report fixture() {
    return Report.of(Fixtures.run(), EXPECTATIONS);
  }

  /** The YAML read back is the JSON read back: same values, same types, same key order. */
  private static void assertSameTree(Report report) throws IOException {
    JsonNode fromJson = JSON.readTree(write(ReportFormat.JSON, report));
    String yaml = write(ReportFormat.YAML, report);
    JsonNode fromYaml = YAML.readTree(yaml);
    assertEquals(fromJson, fromYaml, "the YAML holds another tree than the JSON:\n" + yaml);
    // JsonNode.equals ignores key order; the compact rendering does not.
    assertEquals(fromJson.toString(), fromYaml.toString(), "same keys in the same order, same number types");
    assertSameNumberTypes(fromJson, fromYaml, "");
  }

  private static void assertSameNumberTypes(JsonNode json, JsonNode yaml, String path) {
    assertEquals(json.getNodeType(), yaml.getNodeType(), path);
    if (json.isNumber()) {
      assertEquals(json.isIntegralNumber(), yaml.isIntegralNumber(), path + ": integer in one, not the other");
    }
    if (json.isContainerNode()) {
      List<String> names = new ArrayList<>();
      json.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        assertSameNumberTypes(json.get(name), yaml.get(name), path + "/" + name);
      }
      for (int i = 0; json.isArray() && i < json.size(); i++) {
        assertSameNumberTypes(json.get(i), yaml.get(i), path + "/" + i);
      }
    }
  }

  @Test
  void theFixtureReadsBackAsTheJsonDoes() throws IOException {
    assertSameTree(fixture());
  }

  @Test
  void oddStringsEdgeNumbersNullsAndEmptyCollectionsReadBackAsTheJsonDoes() throws IOException {
    assertSameTree(Fixtures.odd());
    JsonNode root = YAML.readTree(write(ReportFormat.YAML, Fixtures.odd()));
    List<String> pods = new ArrayList<>();
    root.at("/services/a: b~1#c/pods").fieldNames().forEachRemaining(pods::add);
    assertEquals(new java.util.TreeSet<>(Fixtures.ODD).stream().toList(), pods, "every odd pod name, sorted");
    List<String> warnings = new ArrayList<>();
    for (Iterator<JsonNode> it = root.get("warnings").elements(); it.hasNext(); ) {
      warnings.add(it.next().textValue());
    }
    assertEquals(Fixtures.ODD, warnings, "every odd string as a warning, unchanged");
  }

  @Test
  void noServicesAndNoRows() throws IOException {
    RunResult run = new RunResult("empty", 1, ProxyMode.IPVS, 0, Fixtures.SECOND, Fixtures.SECOND,
        List.of(), List.of(), List.of(), 0, 0);
    Report report = Report.of(run, List.of());
    assertSameTree(report);
    String yaml = write(ReportFormat.YAML, report);
    assertTrue(yaml.contains("\nservices: {}\ntimeline: []\nexpectations: []\nwarnings: []\n"), yaml);
  }

  @Test
  void blockStyleTwoSpacesPlainWhereSafe() throws IOException {
    String yaml = write(ReportFormat.YAML, fixture());
    assertEquals(yaml, write(ReportFormat.YAML, fixture()), "the same report gives the same bytes");
    assertTrue(yaml.startsWith("scenario: etp-local-imbalance\nseed: 42\nsimulatedSeconds: 2.0\n"
        + "kubeProxyMode: iptables\nservices:\n  default/api:\n    connections:\n      generated: 40\n"), yaml);
    for (String line : List.of(
        "      nodePort: null",
        "      \"1\": 10000",
        "    pods:",
        "      web-a-1:",
        "        node: node-a",
        "        readyWholeWindow: true",
        "      jain: 0.888888888889",
        "  - t: 0.0",
        "    service: default/api",
        "    pods: {}",
        "      web-a-1: 1250",
        "  - name: source IP preserved",
        "    metric: \"services[\\\"default/web\\\"].sourceIpPreserved\"",
        "    op: \">=\"",
        "    actual: null",
        "  - \"expectation 'typo': services[\\\"default/webb\\\"] names no service; services are default/api,"
            + " default/web\"",
        "  - t: -0.5",
        "    target: node/node-c")) {
      assertTrue(yaml.lines().anyMatch(line::equals), "no line\n" + line + "\nin\n" + yaml);
    }
    assertTrue(yaml.endsWith("  connectionsSimulated: 10050\n"), yaml);
    assertFalse(yaml.contains("\t"), "indented with spaces");
    assertTrue(yaml.lines().noneMatch(l -> l.endsWith(" ")), "no trailing spaces");
  }

  @Test
  void stringsArePlainOnlyWhenNothingElseCouldBeRead() {
    for (String plain : List.of("default/web", "web-7d9f-abcde", "node-a", "zone-1", "iptables", "a.b_c",
        "noLocalEndpoints", "yesterday", "nodes", "source IP preserved", "yes no")) {
      assertEquals(plain, YamlReportWriter.string(plain), "plain: " + plain);
    }
    for (String odd : Fixtures.ODD) {
      String s = YamlReportWriter.string(odd);
      assertTrue(s.startsWith("\"") && s.endsWith("\""), "quoted: " + odd + " as " + s);
    }
    assertEquals("\"nel\\u0085\"", YamlReportWriter.string("nel\u0085"), "NEL is a line break in YAML 1.1");
    assertEquals("\"bom\\ufeff\"", YamlReportWriter.string("bom\ufeff"));
    assertEquals("\"\u00e9 \u2713 \ud83d\ude00\"", YamlReportWriter.string("\u00e9 \u2713 \ud83d\ude00"),
        "printable non-ASCII stays as it is");
  }

  @Test
  void numbersAreTheJsonNumbersWithASignedExponent() throws IOException {
    assertEquals("1.0e+21", YamlReportWriter.number(1e21));
    assertEquals("3.6e-272", YamlReportWriter.number(3.6e-272));
    assertEquals("-1.5e+300", YamlReportWriter.number(-1.5e300));
    assertEquals("0.0000001", YamlReportWriter.number(1e-7));
    assertEquals("60.0", YamlReportWriter.number(60));
    assertTrue(YAML.readTree("x: 1.0e+21").get("x").isDouble(), "a YAML 1.1 reader sees a float");
  }

  @Test
  void aKeyTooLongForAnImplicitKeyIsWrittenExplicitly() throws IOException {
    String longName = "p".repeat(1500);
    JsonValue tree = JsonValue.object()
        .put("pods", JsonValue.object().put(longName, 1L).put("short", 2L).build())
        .put("rows", new JsonValue.Arr(List.of(JsonValue.object().put(longName, JsonValue.object()
            .put("x", true).build()).build())))
        .build();
    StringWriter out = new StringWriter();
    YamlReportWriter.write(tree, out);
    assertTrue(out.toString().contains("  ? " + longName + "\n  : 1\n  short: 2\n"), out.toString());
    StringWriter json = new StringWriter();
    JsonReportWriter.write(tree, json);
    assertEquals(JSON.readTree(json.toString()).toString(), YAML.readTree(out.toString()).toString());
  }
}
