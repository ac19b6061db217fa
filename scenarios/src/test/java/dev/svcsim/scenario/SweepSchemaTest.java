package dev.svcsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.svcsim.scenario.load.SweepLoadResult;
import dev.svcsim.scenario.load.SweepLoader;
import dev.svcsim.scenario.sweep.SweepFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sweep document's part of {@code scenario.schema.json} against {@link SweepLoader}: a sweep
 * using every field of the schema loads, every object the schema closes is closed in the loader,
 * bad input is rejected by both, and the example sweeps and the sweeps of docs/sweeps.md conform.
 */
class SweepSchemaTest {

  private static final String RESOURCE = "/dev/svcsim/scenario/scenario.schema.json";
  private static final String UNKNOWN = "zzUnknownField";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  /** A sweep with every field of the schema. */
  private static final String FULL =
      """
      apiVersion: svcsim.dev/v1
      kind: Sweep
      metadata:
        name: full
        description: every field
        labels: {team: network}
        annotations: {owner: capacity}
      spec:
        scenario: tiny.yaml
        seed: 3
        replications: 2
        combine: grid
        parameters:
          - path: spec.cluster.kubeProxy.mode
            values: [iptables, ipvs]
          - path: spec.traffic[0].rate
            range: {from: 100, to: 200, step: 100, suffix: /s}
        metrics:
          - services["default/web"].skew.maxOverMean
        expectations:
          - {name: even, metric: 'services["default/web"].skew.maxOverMean', op: "<=", value: 1.5, tolerance: 0}
      """;

  private static JsonNode schemaNode;
  private static JsonSchema schema;

  @TempDir Path dir;

  @BeforeAll
  static void readSchema() throws IOException {
    try (InputStream in = SweepSchemaTest.class.getResourceAsStream(RESOURCE)) {
      assertNotNull(in, RESOURCE + " is on the class path");
      schemaNode = JSON.readTree(in);
    }
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaNode);
  }

  @Test
  void theRootChecksASweepOnlyWhenItsKindIsSweep() {
    assertEquals("Sweep", schemaNode.at("/else/if/properties/kind/const").asText());
    assertEquals("#/definitions/sweep", schemaNode.at("/else/then/$ref").asText());
    ObjectNode notASweep = (ObjectNode) yaml("kind: Something\nspec: {whatever: 1}\n");
    assertEquals(Set.of(), schema.validate(notASweep));
    ObjectNode sweepWithoutSpec = (ObjectNode) yaml("apiVersion: svcsim.dev/v1\nkind: Sweep\nmetadata: {name: x}\n");
    assertFalse(schema.validate(sweepWithoutSpec).isEmpty());
  }

  @Test
  void aSweepWithEveryFieldConformsAndLoads() throws IOException {
    JsonNode doc = yaml(FULL);
    assertEquals(Set.of(), schema.validate(doc));
    SweepLoadResult r = load(FULL);
    assertEquals(List.of(), r.problems(), "the loader takes every field of the schema");
    Set<String> unused = new TreeSet<>();
    walk(schemaNode.at("/definitions/sweep"), doc, "", (s, instances, path) -> {
      Iterator<String> names = s.path("properties").fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (instances.stream().noneMatch(i -> i.has(name))) {
          unused.add(path + "." + name);
        }
      }
    });
    assertEquals(Set.of(), unused, "fields of the schema FULL does not use");
  }

  @Test
  void everyObjectTheSchemaClosesIsClosedInTheLoader() throws IOException {
    JsonNode doc = yaml(FULL);
    List<String> closed = new ArrayList<>();
    walk(schemaNode.at("/definitions/sweep"), doc, "", (s, instances, path) -> {
      if (s.path("additionalProperties").isBoolean() && !s.path("additionalProperties").asBoolean()) {
        closed.add(path);
      }
    });
    assertTrue(closed.size() >= 6, "closed objects: " + closed);
    for (String path : closed) {
      ObjectNode copy = doc.deepCopy();
      ((ObjectNode) copy.at(pointer(path))).put(UNKNOWN, "x");
      assertFalse(schema.validate(copy).isEmpty(), "the schema rejects " + path + "." + UNKNOWN);
      String field = (path.isEmpty() ? "" : path.substring(1) + ".") + UNKNOWN;
      SweepLoadResult r = load(YAML.writeValueAsString(copy));
      assertTrue(r.errors().stream().anyMatch(p -> p.path().equals(field) && p.message().startsWith("unknown field")),
          "the loader rejects " + field + ": " + r.problems());
    }
  }

  @Test
  void badInputIsRejectedByTheSchemaAndTheLoader() throws IOException {
    record Bad(String what, String replace, String with, String field) {}
    List<Bad> bad = List.of(
        new Bad("a step of 0", "step: 100", "step: 0", "spec.parameters[1].range.step"),
        new Bad("combine in capitals", "combine: grid", "combine: Grid", "spec.combine"),
        new Bad("no replications", "replications: 2", "replications: 0", "spec.replications"),
        new Bad("empty values", "values: [iptables, ipvs]", "values: []", "spec.parameters[0].values"),
        new Bad("no values", "\n      values: [iptables, ipvs]", "", "spec.parameters[0].values"),
        new Bad("values and a range", "values: [iptables, ipvs]", "values: [iptables]\n      range: {from: 1, to: 2, step: 1}",
            "spec.parameters[0].range"),
        new Bad("a range without to", "to: 200, ", "", "spec.parameters[1].range.to"),
        new Bad("a name with capitals", "name: full", "name: Full", "metadata.name"),
        new Bad("a metric that is a number", "- services[\"default/web\"].skew.maxOverMean", "- 3", "spec.metrics[0]"),
        new Bad("an unknown op", "op: \"<=\"", "op: \"=<\"", "spec.expectations[0].op"),
        new Bad("no scenario", "scenario: tiny.yaml", "seed2: 1", "spec.scenario"));
    for (Bad b : bad) {
      assertTrue(FULL.contains(b.replace()), b.what());
      String text = FULL.replace(b.replace(), b.with());
      assertFalse(schema.validate(yaml(text)).isEmpty(), "the schema rejects " + b.what());
      SweepLoadResult r = load(text);
      assertTrue(r.errors().stream().anyMatch(p -> p.path().equals(b.field())),
          "the loader rejects " + b.what() + " at " + b.field() + ": " + r.problems());
    }
  }

  @Test
  void theExampleSweepsConform() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("examples/sweeps"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "scenarios/examples/sweeps holds examples");
    for (Path f : files) {
      assertEquals(Set.of(), schema.validate(yaml(Files.readString(f))), f.toString());
      assertEquals(List.of(), new SweepLoader().load(f).problems(), f + " loads");
    }
  }

  /** The whole Sweep documents of docs/sweeps.md conform; the bad example must not. */
  @Test
  void theSweepsOfTheDocsConform() throws IOException {
    Path docs = Path.of("..", "docs", "sweeps.md");
    if (!Files.exists(docs)) {
      return; // built outside the source tree
    }
    Matcher m = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(Files.readString(docs));
    int checked = 0;
    while (m.find()) {
      for (JsonNode d : YAML.readValues(YAML.createParser(m.group(1)), JsonNode.class).readAll()) {
        if (d == null || !d.path("kind").asText().equals("Sweep")) {
          continue;
        }
        Set<ValidationMessage> problems = schema.validate(d);
        if (d.at("/metadata/name").asText().equals("bad-example")) {
          assertFalse(problems.isEmpty(), "the docs' bad example is bad");
        } else {
          assertEquals(Set.of(), problems, "docs example:\n" + m.group(1));
        }
        checked++;
      }
    }
    assertTrue(checked >= 3, "checked " + checked + " sweeps");
  }

  // ------------------------------------------------------------------ helpers

  private SweepLoadResult load(String text) throws IOException {
    return new SweepLoader().load(SweepFixtures.write(dir, "full.yaml", text));
  }

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code .spec.parameters[1].range} as a JSON pointer. */
  private static String pointer(String path) {
    return path.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
  }

  private interface Visitor {
    void visit(JsonNode schemaObject, List<JsonNode> instances, String path);
  }

  /**
   * Visits each object schema with properties, with the instances the document has of it (every
   * item of a list) and the field path of the first, e.g. {@code .spec.parameters[0]}.
   */
  private static void walk(JsonNode s, JsonNode instance, String path, Visitor visitor) {
    walk(s, List.of(instance), List.of(path), visitor);
  }

  private static void walk(JsonNode s, List<JsonNode> instances, List<String> paths, Visitor visitor) {
    if (s.has("$ref")) {
      s = schemaNode.at(s.get("$ref").asText().substring(1));
    }
    if (instances.isEmpty()) {
      return;
    }
    if (s.has("properties")) {
      visitor.visit(s, instances, paths.get(0));
      for (Iterator<Map.Entry<String, JsonNode>> it = s.get("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        List<JsonNode> sub = new ArrayList<>();
        List<String> subPaths = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
          if (instances.get(i).has(p.getKey())) {
            sub.add(instances.get(i).get(p.getKey()));
            subPaths.add(paths.get(i) + "." + p.getKey());
          }
        }
        walk(p.getValue(), sub, subPaths, visitor);
      }
    }
    if (s.has("items")) {
      List<JsonNode> items = new ArrayList<>();
      List<String> itemPaths = new ArrayList<>();
      for (int i = 0; i < instances.size(); i++) {
        JsonNode list = instances.get(i);
        for (int k = 0; k < list.size(); k++) {
          items.add(list.get(k));
          itemPaths.add(paths.get(i) + "[" + k + "]");
        }
      }
      walk(s.get("items"), items, itemPaths, visitor);
    }
  }
}
