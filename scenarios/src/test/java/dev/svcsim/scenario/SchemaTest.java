package dev.svcsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.svcsim.engine.random.Distribution;
import dev.svcsim.engine.units.Durations;
import dev.svcsim.engine.units.Rates;
import dev.svcsim.models.scenario.ClusterConfig;
import dev.svcsim.models.scenario.IntOrPercent;
import dev.svcsim.models.scenario.Origin;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.scenario.TimelineEvent;
import dev.svcsim.models.scenario.TrafficSource;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON Schema of the Scenario document ({@code scenario.schema.json}) against the loader, both
 * ways: a scenario generated from the schema (every field, sample values from the schema itself)
 * loads without an unknown field, every object the schema closes is closed in the loader too, the
 * bundled examples conform, and the unit patterns accept exactly what the unit parsers accept.
 */
class SchemaTest {

  private static final String RESOURCE = "/dev/svcsim/scenario/scenario.schema.json";
  private static final String UNKNOWN = "zzUnknownField";
  /** The Sweep document's part of the schema: SweepSchemaTest checks it against the sweep loader. */
  private static final String SWEEP = "/definitions/sweep";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The manifests the generated scenario refers to (its examples name these objects). */
  private static final String MANIFESTS =
      """
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: default}
      spec:
        type: LoadBalancer
        selector: {app: web}
        ports:
          - {name: http, port: 80, targetPort: 8080}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        replicas: 2
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers: [{name: db, image: postgres}]
      """;

  private static JsonNode schemaNode;
  private static JsonSchema schema;

  @TempDir Path dir;

  @BeforeAll
  static void readSchema() throws IOException {
    try (InputStream in = SchemaTest.class.getResourceAsStream(RESOURCE)) {
      assertNotNull(in, RESOURCE + " is on the class path");
      schemaNode = JSON.readTree(in);
    }
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaNode);
  }

  // ------------------------------------------------------------------ the schema itself

  @Test
  void isValidJsonAndAValidDraft07Schema() throws IOException {
    byte[] bytes;
    try (InputStream in = SchemaTest.class.getResourceAsStream(RESOURCE)) {
      bytes = in.readAllBytes();
    }
    for (byte b : bytes) {
      assertTrue(b >= 0, "the schema file is plain ASCII (non-ASCII characters are \\u escapes)");
    }
    assertEquals("http://json-schema.org/draft-07/schema#", schemaNode.path("$schema").asText());
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    JsonSchema meta = factory.getSchema(SchemaLocation.of(SchemaId.V7));
    Set<ValidationMessage> problems = meta.validate(schemaNode);
    assertTrue(problems.isEmpty(), "the schema conforms to the draft-07 meta-schema: " + problems);
    for (String ref : collect(schemaNode, "", (n, p, out) -> {
      if (n.has("$ref")) {
        out.add(n.get("$ref").asText());
      }
    })) {
      assertTrue(ref.startsWith("#/"), ref);
      assertFalse(schemaNode.at(ref.substring(1)).isMissingNode(), "$ref " + ref + " resolves");
    }
  }

  @Test
  void theRootLetsManifestsThroughAndSaysWhy() {
    assertTrue(schemaNode.path("description").asText().contains("if/then"), "the root documents its if/then");
    assertEquals("Scenario", schemaNode.at("/if/properties/kind/const").asText());
    for (String manifest : MANIFESTS.split("(?m)^---$")) {
      assertEquals(Set.of(), validate(readYaml(manifest)), manifest);
    }
    assertEquals(Set.of(), validate(readYaml("apiVersion: v1\nkind: List\nitems: []\nextra: {any: thing}\n")));
    assertEquals(Set.of(), validate(NODES.nullNode()), "an empty document");
  }

  @Test
  void everyFieldHasADescriptionAndStrictObjectsAreClosed() {
    List<String> missing = collect(schemaNode, "", (n, p, out) -> {
      if (n.has("properties") && !p.contains("/if")) {
        n.get("properties").fields().forEachRemaining(e -> {
          if (!e.getValue().has("description")) {
            out.add(p + "/properties/" + e.getKey());
          }
        });
      }
    });
    assertEquals(List.of(), missing, "properties without a description");
    List<String> open = collect(schemaNode, "", (n, p, out) -> {
      if (n.has("properties") && !p.contains("/if") && !p.contains("/then")
          && !n.path("additionalProperties").isBoolean()) {
        out.add(p);
      }
    });
    assertEquals(List.of(), open, "the loader is strict everywhere in the Scenario, so the schema is too");
  }

  // ------------------------------------------------------------------ (a) a maximal scenario

  @Test
  void aScenarioWithEveryFieldOfTheSchemaLoadsWithoutProblems() throws IOException {
    Generator g = new Generator();
    ObjectNode doc = g.scenario();

    Set<String> allProperties = new TreeSet<>(collect(schemaNode, "", (n, p, out) -> {
      if (n.has("properties") && !p.contains("/if") && !p.startsWith(SWEEP)) {
        n.get("properties").fieldNames().forEachRemaining(k -> out.add(p + "/properties/" + k));
      }
    }));
    allProperties.removeAll(g.covered);
    assertEquals(Set.of(), allProperties, "fields of the schema the generated scenario does not use");

    assertEquals(Set.of(), validate(doc), "the generated scenario conforms to the schema\n" + YAML.writeValueAsString(doc));
    LoadResult r = load(doc);
    List<Problem> unknown = r.problems().stream().filter(p -> p.message().contains("unknown field")).toList();
    assertEquals(List.of(), unknown, "the loader knows every field of the schema\n" + YAML.writeValueAsString(doc));
    assertEquals(List.of(), r.errors(), "the schema's examples make a valid scenario\n" + YAML.writeValueAsString(doc));
    Scenario s = r.scenario();
    assertEquals(ScenarioLoaderActions.ALL, s.events().stream().map(e -> ScenarioLoaderActions.word(e.action())).toList(),
        "one event per action, in the schema's order");
  }

  /** The action words of the schema's enum, and of each timeline action. */
  private static final class ScenarioLoaderActions {
    static final List<String> ALL = List.of(
        "deletePod", "killPod", "scale", "rollout", "failNode", "recoverNode", "drainNode", "patch", "setRate");

    static String word(TimelineEvent.Action a) {
      String simple = a.getClass().getSimpleName();
      return switch (simple) {
        case "PatchService", "PatchWorkload" -> "patch";
        default -> Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
      };
    }
  }

  @Test
  void theActionEnumIsTheLoadersListOfActions() {
    List<String> actions = new ArrayList<>();
    schemaNode.at("/definitions/scenario/properties/spec/properties/events/items/properties/action/enum")
        .forEach(a -> actions.add(a.asText()));
    assertEquals(ScenarioLoaderActions.ALL, actions);
  }

  // ------------------------------------------------------------------ (b) closed objects

  @Test
  void everyObjectTheSchemaClosesIsClosedInTheLoader() throws IOException {
    Generator g = new Generator();
    ObjectNode doc = g.scenario();
    List<String> strict = collect(schemaNode, "", (n, p, out) -> {
      if (n.path("additionalProperties").isBoolean() && !n.path("additionalProperties").asBoolean()
          && !p.startsWith(SWEEP)) {
        out.add(p);
      }
    });
    assertFalse(strict.isEmpty());
    for (String pointer : strict) {
      List<Object> at = g.instances.get(pointer);
      assertNotNull(at, "the generated scenario has an instance of " + pointer);
      ObjectNode copy = doc.deepCopy();
      ((ObjectNode) navigate(copy, at)).put(UNKNOWN, "x");
      String field = fieldPath(at, UNKNOWN);
      assertFalse(validate(copy).isEmpty(), "the schema rejects " + field);
      LoadResult r = load(copy);
      assertTrue(
          r.errors().stream().anyMatch(p -> p.path().equals(field) && p.message().startsWith("unknown field \"" + UNKNOWN + "\"")),
          "the loader rejects " + field + " (" + pointer + "): " + r.problems());
    }
  }

  @Test
  void eachEventActionTakesOnlyItsOwnFieldsInBothTheSchemaAndTheLoader() throws IOException {
    Generator g = new Generator();
    ObjectNode doc = g.scenario();
    ArrayNode events = (ArrayNode) doc.at("/spec/events");
    Map<String, JsonNode> sample = new LinkedHashMap<>();
    for (JsonNode e : events) {
      e.fields().forEachRemaining(f -> sample.putIfAbsent(f.getKey(), f.getValue()));
    }
    JsonNode eventSchema = schemaNode.at("/definitions/scenario/properties/spec/properties/events/items");
    int checked = 0;
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      for (String field : iterable(eventSchema.get("properties").fieldNames())) {
        if (event.has(field)) {
          continue;
        }
        ObjectNode copy = doc.deepCopy();
        ((ObjectNode) copy.at("/spec/events/" + i)).set(field, sample.get(field));
        String path = "spec.events[" + i + "]." + field;
        assertFalse(validate(copy).isEmpty(), "the schema rejects " + field + " on " + event.get("action"));
        LoadResult r = load(copy);
        assertTrue(
            r.errors().stream().anyMatch(p -> p.path().equals(path) && p.message().startsWith("unknown field")),
            "the loader rejects " + field + " on " + event.get("action") + ": " + r.problems());
        checked++;
      }
    }
    assertTrue(checked > 40, "checked " + checked + " misplaced fields");
  }

  // ------------------------------------------------------------------ (c) examples and bad input

  @Test
  void theBundledExamplesConform() throws IOException {
    Path examples = Path.of("examples");
    List<Path> files;
    try (Stream<Path> s = Files.list(examples)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "scenarios/examples holds examples");
    for (Path f : files) {
      List<JsonNode> docs = readYamlDocuments(Files.readString(f));
      assertTrue(docs.stream().anyMatch(d -> d.path("kind").asText().equals("Scenario")), f + " has a Scenario");
      for (int i = 0; i < docs.size(); i++) {
        assertEquals(Set.of(), validate(docs.get(i)), f + " document " + (i + 1));
      }
    }
  }

  /**
   * The Scenario examples of docs/scenario-format.md conform too: whole documents as they are,
   * snippets of spec (or of its sections) inside a minimal Scenario. The one bad example must not.
   */
  @Test
  void theUserDocsExamplesConform() throws IOException {
    Path docs = Path.of("..", "docs", "scenario-format.md");
    if (!Files.exists(docs)) {
      return; // built outside the source tree
    }
    java.util.regex.Matcher m = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(Files.readString(docs));
    int checked = 0;
    while (m.find()) {
      for (JsonNode d : readYamlDocuments(m.group(1))) {
        if (!d.isObject() || (d.has("kind") && !d.path("kind").asText().equals("Scenario"))) {
          continue;
        }
        ObjectNode doc;
        if (d.has("kind")) {
          doc = (ObjectNode) d;
        } else {
          doc = NODES.objectNode().put("apiVersion", "svcsim.dev/v1").put("kind", "Scenario");
          doc.putObject("metadata").put("name", "snippet");
          doc.set("spec", d.has("spec") ? d.get("spec") : d);
        }
        if (!doc.has("spec")) {
          doc.putObject("spec");
        }
        if (!doc.get("spec").has("duration")) {
          ((ObjectNode) doc.get("spec")).put("duration", "60s");
        }
        Set<ValidationMessage> problems = validate(doc);
        if (doc.at("/metadata/name").asText().equals("bad-example")) {
          assertFalse(problems.isEmpty(), "the docs' bad example is bad");
        } else {
          assertEquals(Set.of(), problems, "docs example:\n" + m.group(1));
        }
        checked++;
      }
    }
    assertTrue(checked >= 15, "checked " + checked + " examples");
  }

  @Test
  void badInputIsRejectedByTheSchemaAndTheLoader() throws IOException {
    record Bad(String what, String pointer, JsonNode value, String field) {}
    List<Bad> bad = List.of(
        new Bad("bare number duration", "/spec/duration", NODES.numberNode(60), "spec.duration"),
        new Bad("units out of order", "/spec/duration", text("1s1m"), "spec.duration"),
        new Bad("space in a duration", "/spec/warmup", text("5 s"), "spec.warmup"),
        new Bad("unit spelt out", "/spec/cluster/kubeProxy/syncDelay", text("1sec"), "spec.cluster.kubeProxy.syncDelay"),
        new Bad("unknown field", "/spec/durration", text("60s"), "spec.durration"),
        new Bad("unknown mode", "/spec/cluster/kubeProxy/mode", text("ipvs2"), "spec.cluster.kubeProxy.mode"),
        new Bad("mode in capitals", "/spec/cluster/kubeProxy/mode", text("IPVS"), "spec.cluster.kubeProxy.mode"),
        new Bad("rate without unit", "/spec/traffic/0/rate", text("100"), "spec.traffic[0].rate"),
        new Bad("via in lower case", "/spec/traffic/0/via", text("nodeport"), "spec.traffic[0].via"),
        new Bad("distribution without unit", "/spec/cluster/network/latency/external", text("exp(5)"),
            "spec.cluster.network.latency.external"),
        new Bad("fractional count", "/spec/traffic/0/requestsPerConnection", text("uniform(1.5,3)"),
            "spec.traffic[0].requestsPerConnection"),
        new Bad("count zero", "/spec/traffic/0/requestsPerConnection", NODES.numberNode(0),
            "spec.traffic[0].requestsPerConnection"),
        new Bad("percent as a number", "/spec/events/3/maxSurge", NODES.numberNode(0.5), "spec.events[3].maxSurge"),
        new Bad("unknown op", "/spec/expectations/0/op", text("=>"), "spec.expectations[0].op"),
        new Bad("a name and a group", "/spec/cluster/nodes/0/namePrefix", text("worker"), "spec.cluster.nodes[0].namePrefix"),
        new Bad("a count without namePrefix", "/spec/cluster/nodes/0/count", NODES.numberNode(3), "spec.cluster.nodes[0].count"),
        new Bad("a name with capitals", "/metadata/name", text("My-Scenario"), "metadata.name"),
        new Bad("wrong apiVersion", "/apiVersion", text("svcsim.dev/v2"), "apiVersion"));
    ObjectNode base = new Generator().scenario();
    assertEquals(List.of(), load(base).errors(), "the base scenario is valid");
    for (Bad b : bad) {
      ObjectNode copy = base.deepCopy();
      String parent = b.pointer().substring(0, b.pointer().lastIndexOf('/'));
      String key = b.pointer().substring(b.pointer().lastIndexOf('/') + 1);
      ((ObjectNode) copy.at(parent)).set(key, b.value());
      assertFalse(validate(copy).isEmpty(), "the schema rejects " + b.what());
      LoadResult r = load(copy);
      assertTrue(r.errors().stream().anyMatch(p -> p.path().equals(b.field())),
          "the loader rejects " + b.what() + " at " + b.field() + ": " + r.problems());
    }
    ObjectNode noSpec = base.deepCopy();
    noSpec.remove("spec");
    assertFalse(validate(noSpec).isEmpty(), "spec is required");
  }

  // ------------------------------------------------------------------ patterns against the parsers

  @Test
  void theDurationPatternAcceptsWhatDurationsAccepts() {
    Pattern p = definitionPattern("duration");
    List<String> corpus = List.of(
        "1h", "1m30s", "10s", "250ms", "50us", "100ns", "1.5s", ".5s", "5.s", "1h2m3.5s", "2\u00b5s",
        "2\u03bcs", "0s", " 5s ", "1h0m0s", "0.5us", "1h1ns", "3m0.5s",
        "", "60", "0", "1s1m", "1m1m", "5 s", "-5s", "+5s", "5sec", "1d", "1e3ms", "s", "5..5s",
        "1.2.3s", "5S", "ms", "1m 30s", "1.5", "5ms5");
    for (String text : corpus) {
      boolean parses;
      try {
        Durations.parseNanos(text);
        parses = true;
      } catch (IllegalArgumentException e) {
        parses = false;
      }
      assertEquals(parses, p.matcher(text).matches(), "duration " + quote(text));
    }
  }

  @Test
  void theRatePatternAcceptsWhatRatesAccepts() {
    Pattern p = definitionPattern("rate");
    List<String> corpus = List.of(
        "1000/s", "60/m", "5/ms", "0/s", "0.5/s", ".5/s", "1/h", "2/us", "2/\u00b5s", " 7/s ", "3./s",
        "1000", "1000/", "/s", "1000/sec", "5/2s", "-1/s", "1e3/s", "1000 /s", "100/ss", "1000/S",
        "10s", "1.2.3/s", "one/s");
    for (String text : corpus) {
      boolean parses;
      try {
        Rates.parsePerSecond(text);
        parses = true;
      } catch (IllegalArgumentException e) {
        parses = false;
      }
      assertEquals(parses, p.matcher(text).matches(), "rate " + quote(text));
    }
  }

  @Test
  void theDistributionPatternAcceptsWhatDistributionsAccept() {
    Pattern p = definitionPattern("distribution");
    // The pattern checks the form; value rules (exp(0s), uniform min > max, pareto shape 0) are
    // left to svcsim, so the corpus has none of those.
    List<String> corpus = List.of(
        "2ms", "0s", "exp(5ms)", "const(2ms)", "const(0s)", "uniform(1ms,3ms)", "lognormal(5ms,2ms)",
        "pareto(1ms,2.5)", "pareto(1ms,3)", "empirical(1ms,2ms,5ms)", "empirical(1ms)", "exp( 5ms )",
        "uniform(1ms, 3ms)", "exp (5ms)", " exp(1m30s) ", "uniform(1\u00b5s,2us)",
        "exp(5)", "exp()", "exponential(5ms)", "uniform(1ms)", "pareto(1ms,2.5ms)", "exp(5ms", "5",
        "exp(5ms)x", "EXP(5ms)", "pareto(1ms,-1)", "normal(5ms,1ms)", "empirical()", "const(2ms,3ms)",
        "exp(exp(5ms))", "ms", "1s1m", "uniform(1ms,,3ms)");
    for (String text : corpus) {
      boolean parses;
      try {
        Distribution.parse(text);
        parses = true;
      } catch (IllegalArgumentException e) {
        parses = false;
      }
      assertEquals(parses, p.matcher(text).matches(), "distribution " + quote(text));
    }
  }

  @Test
  void theCountPatternAcceptsWhatTheLoaderAccepts() throws IOException {
    Pattern p = definitionPattern("countDistribution");
    List<String> corpus = List.of(
        "const(5)", "exp(20)", "uniform(1,10)", "uniform( 1 , 10 )", "lognormal(10,5)", "pareto(1,1.5)",
        "pareto(1,2)", "empirical(1,1,2,100)", "empirical(7)",
        "5", "exp(2.5)", "uniform(1.5,3)", "uniform(1)", "exp (20)", "normal(1,2)", "empirical()",
        "pareto(1.5,2)", "exp(-1)", "10 requests");
    ObjectNode base = new Generator().scenario();
    for (String text : corpus) {
      ObjectNode copy = base.deepCopy();
      ((ObjectNode) copy.at("/spec/traffic/0")).put("requestsPerConnection", text);
      boolean loads = load(copy).errors().stream()
          .noneMatch(pr -> pr.path().equals("spec.traffic[0].requestsPerConnection"));
      assertEquals(loads, p.matcher(text).matches(), "requestsPerConnection " + quote(text));
    }
  }

  // ------------------------------------------------------------------ defaults

  @Test
  void theSchemasDefaultsAreTheLoadersDefaults() throws IOException {
    String scenario =
        """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: defaults}
        spec:
          duration: 60s
          cluster:
            nodes: [{name: node-a}]
          loadBalancer: {healthCheck: {}}
          traffic:
            - {name: users, from: external, to: service/default/web:80, rate: 10/s}
          events:
            - {at: 1s, action: deletePod, target: pod/default/db-0}
            - {at: 1s, action: rollout, target: deployment/default/web}
            - {at: 1s, action: drainNode, target: node/node-a}
          expectations:
            - {name: any, metric: 'services["default/web"].sourceIpPreserved', op: '==', value: 1}
        ---
        """ + MANIFESTS;
    Path file = dir.resolve("defaults.yaml");
    Files.writeString(file, scenario);
    LoadResult r = new ScenarioLoader().load(file);
    assertEquals(List.of(), r.errors());
    Scenario s = r.scenario();
    String spec = "/definitions/scenario/properties/spec/properties/";
    String cluster = spec + "cluster/properties/";
    assertEquals(def("/definitions/scenario/properties/metadata/properties/description"), s.description());
    assertEquals(defLong(spec + "seed"), s.seed());
    assertEquals(nanos(spec + "warmup"), s.warmupNanos());
    assertEquals(spec("scheduler"), s.scheduler().word());
    ClusterConfig c = s.cluster();
    assertEquals(def(cluster + "serviceCIDR"), c.serviceCidr().toString());
    assertEquals(def(cluster + "podCIDR"), c.podCidr().toString());
    assertEquals(def(cluster + "nodeCIDR"), c.nodeCidr().toString());
    assertEquals(def(cluster + "nodePortRange"), c.nodePortRange().toString());
    assertEquals(def(cluster + "kubeProxy/properties/mode"), c.kubeProxy().mode().word());
    assertEquals(def(cluster + "kubeProxy/properties/ipvsScheduler"), c.kubeProxy().ipvsScheduler().word());
    assertEquals(schemaNode.at(cluster + "kubeProxy/properties/masqueradeAll/default").asBoolean(), c.kubeProxy().masqueradeAll());
    assertEquals(nanos(cluster + "kubeProxy/properties/syncDelay"), c.kubeProxy().syncDelayNanos());
    assertEquals(schemaNode.at(cluster + "kubeProxy/properties/terminatingEndpointFallback/default").asBoolean(),
        c.kubeProxy().terminatingEndpointFallback());
    assertEquals(nanos(cluster + "nodeMonitorGracePeriod"), c.nodeMonitorGracePeriodNanos());
    String latency = cluster + "network/properties/latency/properties/";
    assertEquals(dist(latency + "sameNode"), c.network().sameNode());
    assertEquals(dist(latency + "sameZone"), c.network().sameZone());
    assertEquals(dist(latency + "crossZone"), c.network().crossZone());
    assertEquals(dist(latency + "external"), c.network().external());
    assertEquals(dist(cluster + "network/properties/userspaceProxyOverhead"), c.network().userspaceProxyOverhead());
    String lb = spec + "loadBalancer/properties/";
    assertEquals(def(lb + "provider"), s.loadBalancer().provider().word());
    assertEquals(nanos(lb + "healthCheck/properties/interval"), s.loadBalancer().healthCheckIntervalNanos());
    assertEquals(defLong(lb + "healthCheck/properties/unhealthyThreshold"), s.loadBalancer().unhealthyThreshold());
    assertEquals(defLong(lb + "healthCheck/properties/healthyThreshold"), s.loadBalancer().healthyThreshold());
    String traffic = spec + "traffic/items/properties/";
    TrafficSource t = s.traffic().get(0);
    Origin.External o = (Origin.External) t.from();
    assertEquals(defLong(traffic + "clients"), o.clients());
    assertEquals(def(traffic + "clientCIDR"), o.clientCidr().toString());
    assertEquals(def(traffic + "nodes"), t.dialNodes().isEmpty() ? "any" : t.dialNodes().toString());
    assertEquals(def(traffic + "arrival"), t.arrival().word());
    assertEquals(new Distribution.Constant(defLong(traffic + "requestsPerConnection")), t.requestsPerConnection());
    assertEquals(dist(traffic + "thinkTime"), t.thinkTime());
    assertEquals(nanos(traffic + "start"), t.startNanos());
    assertEquals(s.warmupNanos() + s.durationNanos(), t.stopNanos(), "stop: the end of the run");
    String event = spec + "events/items/properties/";
    assertTrue(schemaNode.at(event + "gracePeriod/default").isMissingNode(),
        "gracePeriod has no fixed default: each pod's own terminationGracePeriodSeconds applies");
    assertEquals(TimelineEvent.POD_GRACE_PERIOD, ((TimelineEvent.DeletePod) s.events().get(0).action()).gracePeriodNanos());
    assertEquals(TimelineEvent.POD_GRACE_PERIOD, ((TimelineEvent.DrainNode) s.events().get(2).action()).gracePeriodNanos());
    TimelineEvent.Rollout rollout = (TimelineEvent.Rollout) s.events().get(1).action();
    assertEquals(percent(def(event + "maxSurge")), rollout.maxSurge());
    assertEquals(percent(def(event + "maxUnavailable")), rollout.maxUnavailable());
    assertEquals(schemaNode.at(spec + "expectations/items/properties/tolerance/default").asDouble(), s.expectations().get(0).tolerance());
  }

  private String spec(String field) {
    return def("/definitions/scenario/properties/spec/properties/" + field);
  }

  private static String def(String pointer) {
    JsonNode d = schemaNode.at(pointer + "/default");
    assertFalse(d.isMissingNode(), pointer + " has a default");
    return d.asText();
  }

  private static long defLong(String pointer) {
    JsonNode d = schemaNode.at(pointer + "/default");
    assertTrue(d.isIntegralNumber(), pointer + " has an integer default");
    return d.asLong();
  }

  private static long nanos(String pointer) {
    return Durations.parseNanos(def(pointer));
  }

  private static Distribution dist(String pointer) {
    return Distribution.parse(def(pointer));
  }

  private static IntOrPercent percent(String text) {
    return text.endsWith("%")
        ? new IntOrPercent(Integer.parseInt(text.substring(0, text.length() - 1)), true)
        : new IntOrPercent(Integer.parseInt(text), false);
  }

  // ------------------------------------------------------------------ the generator

  /**
   * Builds a Scenario document from the schema alone: every property of every object, each value
   * the property's first {@code examples} entry, else its {@code default}, else the first of its
   * {@code enum}, else its {@code const}; objects and lists are built field by field. A list
   * whose items come in variants (the nodes' oneOf, the events' if/then per action) gets one item
   * per variant, holding just the fields that variant allows.
   */
  private static final class Generator {
    /** Schema pointers of the properties used. */
    final Set<String> covered = new TreeSet<>();
    /** For each object schema (by pointer), where its first instance is in the document. */
    final Map<String, List<Object>> instances = new LinkedHashMap<>();

    ObjectNode scenario() {
      JsonNode s = schemaNode.at("/definitions/scenario");
      return (ObjectNode) object(s, "/definitions/scenario", List.of(), variants(s).get(0));
    }

    /**
     * A variant of an object: which properties it has, overriding schemas for some, and the
     * values that select the variant (the {@code if} of an if/then).
     */
    record Variant(
        List<String> fields, Map<String, JsonNode> overrides, String overridePointer, Map<String, JsonNode> consts) {}

    List<Variant> variants(JsonNode s) {
      List<String> all = iterable(s.path("properties").fieldNames());
      List<Variant> out = new ArrayList<>();
      if (s.has("oneOf")) {
        Set<String> specific = new TreeSet<>();
        collect(s.get("oneOf"), "", (n, p, acc) -> n.path("required").forEach(r -> specific.add(r.asText())));
        for (JsonNode branch : s.get("oneOf")) {
          List<String> fields = new ArrayList<>();
          for (String f : all) {
            if (!specific.contains(f) || contains(branch.path("required"), f)) {
              fields.add(f);
            }
          }
          out.add(new Variant(fields, Map.of(), null, Map.of()));
        }
      } else if (s.has("allOf") && s.get("allOf").get(0).has("if")) {
        int i = 0;
        for (JsonNode branch : s.get("allOf")) {
          JsonNode then = branch.get("then");
          List<String> fields = new ArrayList<>();
          for (String f : all) {
            if (contains(then.at("/propertyNames/enum"), f)) {
              fields.add(f);
            }
          }
          Map<String, JsonNode> overrides = new LinkedHashMap<>();
          then.path("properties").fields().forEachRemaining(e -> overrides.put(e.getKey(), e.getValue()));
          Map<String, JsonNode> consts = new LinkedHashMap<>();
          branch.at("/if/properties").fields().forEachRemaining(e -> consts.put(e.getKey(), e.getValue().get("const")));
          out.add(new Variant(fields, overrides, "/allOf/" + i + "/then/properties/", consts));
          i++;
        }
      } else {
        out.add(new Variant(all, Map.of(), null, Map.of()));
      }
      return out;
    }

    JsonNode value(JsonNode s, String pointer, List<Object> at) {
      if (s.has("$ref")) {
        String ref = s.get("$ref").asText().substring(1);
        return value(schemaNode.at(ref), ref, at);
      }
      if (s.has("examples")) {
        return s.get("examples").get(0).deepCopy();
      }
      if (s.has("properties")) {
        return object(s, pointer, at, variants(s).get(0));
      }
      if (s.has("items")) {
        ArrayNode list = NODES.arrayNode();
        JsonNode items = s.get("items");
        String itemsPointer = pointer + "/items";
        if (items.has("properties")) {
          for (Variant v : variants(items)) {
            list.add(object(items, itemsPointer, append(at, list.size()), v));
          }
        } else {
          list.add(value(items, itemsPointer, append(at, 0)));
        }
        return list;
      }
      for (String k : List.of("default", "const")) {
        if (s.has(k)) {
          return s.get(k).deepCopy();
        }
      }
      if (s.has("enum")) {
        return s.get("enum").get(0).deepCopy();
      }
      for (String k : List.of("allOf", "oneOf")) {
        if (s.has(k)) {
          return value(s.get(k).get(0), pointer + "/" + k + "/0", at);
        }
      }
      fail("the schema gives no sample value for " + pointer);
      return null;
    }

    ObjectNode object(JsonNode s, String pointer, List<Object> at, Variant v) {
      instances.putIfAbsent(pointer, at);
      ObjectNode o = NODES.objectNode();
      for (String f : v.fields()) {
        String fp = pointer + "/properties/" + f;
        covered.add(fp);
        if (v.consts().containsKey(f)) {
          o.set(f, v.consts().get(f).deepCopy());
          continue;
        }
        JsonNode override = v.overrides().get(f);
        if (override != null) {
          covered.add(pointer + v.overridePointer() + f);
        }
        JsonNode chosen = override != null && override.has("examples") ? override : s.get("properties").get(f);
        o.set(f, value(chosen, override != null && chosen == override ? pointer + v.overridePointer() + f : fp, append(at, f)));
      }
      return o;
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Runs {@code visit} on every schema node (not inside examples, defaults, enums, consts). */
  private interface Visitor {
    void visit(JsonNode node, String pointer, List<String> out);
  }

  private static List<String> collect(JsonNode root, String pointer, Visitor visitor) {
    List<String> out = new ArrayList<>();
    walk(root, pointer, visitor, out);
    return out;
  }

  private static void walk(JsonNode n, String pointer, Visitor visitor, List<String> out) {
    if (n.isObject()) {
      visitor.visit(n, pointer, out);
      n.fields().forEachRemaining(e -> {
        if (!Set.of("examples", "default", "enum", "const").contains(e.getKey())) {
          walk(e.getValue(), pointer + "/" + e.getKey(), visitor, out);
        }
      });
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        walk(n.get(i), pointer + "/" + i, visitor, out);
      }
    }
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode v : array) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static <T> List<T> iterable(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static List<Object> append(List<Object> path, Object segment) {
    List<Object> out = new ArrayList<>(path);
    out.add(segment);
    return out;
  }

  private static JsonNode navigate(JsonNode root, List<Object> path) {
    JsonNode n = root;
    for (Object seg : path) {
      n = seg instanceof Integer i ? n.get(i) : n.get((String) seg);
    }
    return n;
  }

  /** The loader's field path: {@code spec.traffic[0].name}. */
  private static String fieldPath(List<Object> path, String key) {
    StringBuilder b = new StringBuilder();
    for (Object seg : path) {
      if (seg instanceof Integer i) {
        b.append('[').append(i).append(']');
      } else {
        b.append(b.length() == 0 ? "" : ".").append(seg);
      }
    }
    return b.append(b.length() == 0 ? "" : ".").append(key).toString();
  }

  private static Pattern definitionPattern(String name) {
    String regex = schemaNode.at("/definitions/" + name + "/pattern").asText();
    assertFalse(regex.isEmpty(), name + " has a pattern");
    return Pattern.compile(regex);
  }

  private static TextNode text(String s) {
    return NODES.textNode(s);
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static Set<ValidationMessage> validate(JsonNode doc) {
    return schema.validate(doc);
  }

  private static JsonNode readYaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<JsonNode> readYamlDocuments(String text) throws IOException {
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
      return it.readAll().stream().filter(d -> d != null && !d.isMissingNode()).collect(Collectors.toList());
    }
  }

  /** Writes the scenario (and the manifests it names, in manifests/) and loads it. */
  private LoadResult load(JsonNode scenario) throws IOException {
    Path manifests = dir.resolve("manifests");
    Files.createDirectories(manifests);
    Files.writeString(manifests.resolve("k8s.yaml"), MANIFESTS);
    JsonNode names = scenario.at("/spec/manifests");
    if (names.isMissingNode() || names.isEmpty()) {
      ((ObjectNode) scenario.get("spec")).set("manifests", NODES.arrayNode().add("manifests/"));
    }
    Path file = dir.resolve("scenario.yaml");
    Files.write(file, YAML.writeValueAsString(scenario).getBytes(StandardCharsets.UTF_8));
    return new ScenarioLoader().load(file);
  }
}
