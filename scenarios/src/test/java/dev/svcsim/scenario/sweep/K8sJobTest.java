package dev.svcsim.scenario.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class K8sJobTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  static final String SWEEP =
      """
      apiVersion: svcsim.dev/v1
      kind: Sweep
      metadata:
        name: Policy_By_Mode
      spec:
        scenario: scenarios/base.yaml
        replications: 3
        parameters:
          - path: spec.cluster.kubeProxy.mode
            values: [iptables, ipvs]
        metrics:
          - services["shop/web"].skew.maxOverMean
      """;

  static final String SCENARIO =
      """
      apiVersion: svcsim.dev/v1
      kind: Scenario
      metadata:
        name: base
      spec:
        duration: 10s
        manifests: [manifests/web.yaml]
      """;

  static final String WEB =
      """
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec: {selector: {app: web}, ports: [{port: 80}]}
      """;

  private static K8sJob.Options options(int shards) {
    return new K8sJob.Options("policy.yaml", bytes(SWEEP), "scenarios/base.yaml", bytes(SCENARIO), shards, "example.org/svcsim:0.1.0")
        .manifest("manifests/web.yaml", bytes(WEB));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<JsonNode> parse(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNextValue()) {
        docs.add(it.nextValue());
      }
    }
    return docs;
  }

  private static JsonNode container(JsonNode job) {
    JsonNode containers = job.at("/spec/template/spec/containers");
    assertEquals(1, containers.size(), containers.toString());
    return containers.get(0);
  }

  private static List<String> args(JsonNode job) {
    List<String> args = new ArrayList<>();
    for (JsonNode a : container(job).get("args")) {
      assertTrue(a.isTextual(), "every arg must be a YAML string, not " + a.getNodeType() + ": " + a);
      args.add(a.asText());
    }
    return args;
  }

  /** What the kubelet does to command and args: $(VAR) becomes VAR's value; $$ escapes a $. */
  private static String expand(String s, Map<String, String> env) {
    Matcher m = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String with = m.group().equals("$$") ? "$" : env.getOrDefault(m.group(1), m.group());
      m.appendReplacement(b, Matcher.quoteReplacement(with));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** The ConfigMap's files as the pod sees them under /config: item path to content. */
  private static Map<String, byte[]> mounted(JsonNode configMap, JsonNode job) {
    Map<String, byte[]> files = new HashMap<>();
    JsonNode volume = null;
    for (JsonNode v : job.at("/spec/template/spec/volumes")) {
      if (v.has("configMap")) {
        volume = v.get("configMap");
      }
    }
    assertEquals(configMap.at("/metadata/name").asText(), volume.get("name").asText());
    for (JsonNode item : volume.get("items")) {
      String key = item.get("key").asText();
      String path = item.get("path").asText();
      byte[] content;
      if (configMap.path("data").has(key)) {
        content = bytes(configMap.get("data").get(key).asText());
      } else {
        assertTrue(configMap.path("binaryData").has(key), "item key " + key + " is not in the ConfigMap");
        content = Base64.getDecoder().decode(configMap.get("binaryData").get(key).asText());
      }
      assertFalse(path.startsWith("/") || List.of(path.split("/")).contains(".."), path);
      assertNull(files.put(path, content), "two items mount at " + path);
    }
    return files;
  }

  @Test
  void twoDocumentsAConfigMapThenAnIndexedJob() throws IOException {
    List<JsonNode> docs = parse(K8sJob.manifests(options(4)));
    assertEquals(2, docs.size());
    JsonNode cm = docs.get(0);
    JsonNode job = docs.get(1);
    assertEquals("v1", cm.get("apiVersion").asText());
    assertEquals("ConfigMap", cm.get("kind").asText());
    assertEquals("batch/v1", job.get("apiVersion").asText());
    assertEquals("Job", job.get("kind").asText());
    assertEquals("Indexed", job.at("/spec/completionMode").asText());
    assertTrue(job.at("/spec/completions").isInt());
    assertEquals(4, job.at("/spec/completions").asInt());
    assertEquals(4, job.at("/spec/parallelism").asInt(), "default: every shard at once");
    assertEquals(K8sJob.DEFAULT_BACKOFF_LIMIT_PER_INDEX, job.at("/spec/backoffLimitPerIndex").asInt());
    assertEquals("Failed", job.at("/spec/podReplacementPolicy").asText());
    assertTrue(job.at("/spec/backoffLimit").isMissingNode());
    assertEquals("Never", job.at("/spec/template/spec/restartPolicy").asText());
    assertTrue(job.at("/spec/selector").isMissingNode(), "the Job controller makes the selector");
    assertEquals("example.org/svcsim:0.1.0", container(job).get("image").asText());
  }

  @Test
  void theConfigMapHoldsTheFilesExactlyAndMountsThemAtTheirPaths() throws IOException {
    List<JsonNode> docs = parse(K8sJob.manifests(options(2)));
    Map<String, byte[]> files = mounted(docs.get(0), docs.get(1));
    assertEquals(Set.of("policy.yaml", "scenarios/base.yaml", "scenarios/manifests/web.yaml"), files.keySet());
    assertArrayEquals(bytes(SWEEP), files.get("policy.yaml"));
    assertArrayEquals(bytes(SCENARIO), files.get("scenarios/base.yaml"));
    assertArrayEquals(bytes(WEB), files.get("scenarios/manifests/web.yaml"));
    for (Iterator<String> keys = docs.get(0).get("data").fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      assertTrue(CONFIG_MAP_KEY.matcher(key).matches() && key.length() <= 253 && !key.startsWith(".."), key);
    }
    assertEquals(3, docs.get(0).get("data").size(), "no file stored twice");
  }

  @Test
  void awkwardContentSurvivesTheRoundTripByteForByte() throws IOException {
    String[] contents = {
      "no final newline",
      "two final newlines\n\n",
      "  leading spaces\nthen: text\n",
      "trailing spaces   \nand\ttabs\n",
      "windows\r\nline ends\r\n",
      "--- \n...\n# comment\nkey: 'quoted' \"double\" \\back\n",
      "unicode: é ü 日本 🚀\n",
      "",
      "true",
      "0123",
      "- a\n- b\n",
    };
    for (String c : contents) {
      String sweep = SWEEP + "# " + c.length() + "\n";
      K8sJob.Options o =
          new K8sJob.Options("policy.yaml", bytes(sweep), "scenarios/base.yaml", bytes(c), 1, "svcsim:test");
      List<JsonNode> docs = parse(K8sJob.manifests(o));
      assertArrayEquals(bytes(c), mounted(docs.get(0), docs.get(1)).get("scenarios/base.yaml"), "content: " + c);
    }
  }

  @Test
  void bytesThatAreNotUtf8GoToBinaryData() throws IOException {
    byte[] latin1 = {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'};
    K8sJob.Options o = options(1).manifest("manifests/latin1.yaml", latin1);
    List<JsonNode> docs = parse(K8sJob.manifests(o));
    assertEquals(1, docs.get(0).get("binaryData").size());
    assertArrayEquals(latin1, mounted(docs.get(0), docs.get(1)).get("scenarios/manifests/latin1.yaml"));
  }

  @Test
  void theIndexReachesTheCommandThroughJobCompletionIndexInTheArgs() throws IOException {
    int shards = 5;
    JsonNode job = parse(K8sJob.manifests(options(shards))).get(1);
    List<String> args = args(job);
    assertEquals(
        List.of("sweep", "/config/policy.yaml", "--shards", "5", "--out", "/results/policy-by-mode/shard-$(JOB_COMPLETION_INDEX)"),
        args);
    JsonNode c = container(job);
    // svcsim is the image's entrypoint: no command override, no shell to expand anything
    assertFalse(c.has("command"), c.toString());
    // the Job controller adds JOB_COMPLETION_INDEX itself; defining it here would shadow it
    for (JsonNode e : c.path("env")) {
      assertNotEquals(K8sJob.INDEX_VARIABLE, e.get("name").asText());
      assertFalse(e.has("valueFrom"), "no downward API needed: " + e);
    }
    for (JsonNode v : job.at("/spec/template/spec/volumes")) {
      assertFalse(v.has("downwardAPI"), v.toString());
    }
    // the only variable the args reference is the index, in --out
    for (String a : args) {
      Matcher m = Pattern.compile("\\$\\(([^)]*)\\)").matcher(a.replace("$$", ""));
      while (m.find()) {
        assertEquals(K8sJob.INDEX_VARIABLE, m.group(1), a);
      }
    }
    // as the kubelet expands them, in each pod: one folder per index, all different
    Set<String> outs = new HashSet<>();
    for (int i = 0; i < shards; i++) {
      Map<String, String> env = Map.of(K8sJob.INDEX_VARIABLE, Integer.toString(i));
      List<String> expanded = args.stream().map(a -> expand(a, env)).toList();
      assertEquals("/results/policy-by-mode/shard-" + i, expanded.get(5));
      assertTrue(outs.add(expanded.get(5)));
      assertEquals(args.subList(0, 5), expanded.subList(0, 5));
    }
    // the sweep named in the args is a file the ConfigMap mounts
    JsonNode cm = parse(K8sJob.manifests(options(shards))).get(0);
    String sweepPath = args.get(1).substring("/config/".length());
    assertTrue(mounted(cm, job).containsKey(sweepPath), sweepPath);
  }

  @Test
  void volumesAndMountsAgree() throws IOException {
    JsonNode job = parse(K8sJob.manifests(options(3).resultsPvc("sweep-results"))).get(1);
    Map<String, JsonNode> volumes = new HashMap<>();
    for (JsonNode v : job.at("/spec/template/spec/volumes")) {
      assertNull(volumes.put(v.get("name").asText(), v), "volume names are unique");
    }
    Map<String, JsonNode> mounts = new HashMap<>();
    for (JsonNode m : container(job).get("volumeMounts")) {
      assertTrue(volumes.containsKey(m.get("name").asText()), "mount of an undefined volume: " + m);
      mounts.put(m.get("mountPath").asText(), m);
    }
    JsonNode config = mounts.get("/config");
    assertTrue(config.get("readOnly").asBoolean());
    assertTrue(volumes.get(config.get("name").asText()).has("configMap"));
    JsonNode results = mounts.get("/results");
    assertFalse(results.path("readOnly").asBoolean());
    assertEquals(
        "sweep-results",
        volumes.get(results.get("name").asText()).at("/persistentVolumeClaim/claimName").asText());
    assertTrue(args(job).get(5).startsWith("/results/"), "the results go to the results volume");
  }

  @Test
  void resourcesSecurityAndJvmOptions() throws IOException {
    JsonNode job = parse(K8sJob.manifests(options(2).memory("4Gi").cpu("1500m").jvmOptions("-Xss2m"))).get(1);
    JsonNode c = container(job);
    for (String kind : List.of("requests", "limits")) {
      assertEquals("4Gi", c.at("/resources/" + kind + "/memory").asText());
      assertTrue(c.at("/resources/" + kind + "/cpu").isTextual());
      assertEquals("1500m", c.at("/resources/" + kind + "/cpu").asText());
    }
    assertEquals("JDK_JAVA_OPTIONS", c.at("/env/0/name").asText());
    assertEquals("-Xss2m", c.at("/env/0/value").asText());
    assertTrue(job.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean());
    assertEquals(K8sJob.RUN_AS_USER, job.at("/spec/template/spec/securityContext/runAsUser").asLong());
    assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));

    JsonNode cpuAsNumber = parse(K8sJob.manifests(options(2).cpu("2"))).get(1);
    assertTrue(container(cpuAsNumber).at("/resources/limits/cpu").isTextual(), "quoted, so it stays a string");

    JsonNode noJvm = parse(K8sJob.manifests(options(2).jvmOptions(""))).get(1);
    assertFalse(container(noJvm).has("env"));
  }

  @Test
  void namesAndLabelsAreValidKubernetesNames() throws IOException {
    List<JsonNode> docs = parse(K8sJob.manifests(options(2).namespace("sims")));
    for (JsonNode d : docs) {
      String name = d.at("/metadata/name").asText();
      assertTrue(DNS_LABEL.matcher(name).matches() && name.length() <= 63, name);
      assertEquals("sims", d.at("/metadata/namespace").asText());
      checkLabels(d.at("/metadata/labels"));
    }
    assertEquals("policy-by-mode", docs.get(1).at("/metadata/name").asText());
    assertEquals("policy-by-mode-files", docs.get(0).at("/metadata/name").asText());
    JsonNode template = docs.get(1).at("/spec/template/metadata/labels");
    checkLabels(template);
    assertEquals("policy-by-mode", template.get("app.kubernetes.io/instance").asText());
    String claim = docs.get(1).at("/spec/template/spec/volumes/1/persistentVolumeClaim/claimName").asText();
    assertTrue(SUBDOMAIN.matcher(claim).matches(), claim);

    JsonNode noNamespace = parse(K8sJob.manifests(options(2))).get(1);
    assertTrue(noNamespace.at("/metadata/namespace").isMissingNode());
  }

  private static void checkLabels(JsonNode labels) {
    assertFalse(labels.isEmpty());
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      int slash = key.indexOf('/');
      String prefix = slash < 0 ? null : key.substring(0, slash);
      String name = key.substring(slash + 1);
      assertTrue(prefix == null || SUBDOMAIN.matcher(prefix).matches(), key);
      assertTrue(LABEL_NAME.matcher(name).matches() && name.length() <= 63, key);
      String value = e.getValue().asText();
      assertTrue(e.getValue().isTextual() && LABEL_VALUE.matcher(value).matches() && value.length() <= 63, value);
    }
  }

  @Test
  void sweepNamesAreMadeValidJobNames() {
    assertEquals("policy-by-mode", K8sJob.jobNameFor("Policy_By_Mode"));
    assertEquals("a-b-c", K8sJob.jobNameFor("__A..B  c__"));
    assertEquals("svcsim-sweep", K8sJob.jobNameFor("___"));
    assertEquals("2-replicas", K8sJob.jobNameFor("2 replicas"));
    String longName = K8sJob.jobNameFor("x".repeat(51) + "_yyyy");
    assertEquals("x".repeat(51), longName, "cut to 52, then no trailing '-'");
    for (String s : List.of("Policy_By_Mode", "ÜBER sweep", "a".repeat(300), "-x-", "日本")) {
      String n = K8sJob.jobNameFor(s);
      assertTrue(DNS_LABEL.matcher(n).matches() && n.length() <= K8sJob.MAX_JOB_NAME, s + " -> " + n);
    }
  }

  @Test
  void anExplicitJobNameMustBeValid() throws IOException {
    assertEquals("run-2", parse(K8sJob.manifests(options(1).jobName("run-2"))).get(1).at("/metadata/name").asText());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> K8sJob.manifests(options(1).jobName("Run_2")));
    assertTrue(e.getMessage().contains("job name \"Run_2\""), e.getMessage());
  }

  @Test
  void aScenarioAboveTheSweepFolderNeedsThatFolderInTheSweepPath() throws IOException {
    String sweep = SWEEP.replace("scenario: scenarios/base.yaml", "scenario: ../base.yaml");
    K8sJob.Options o =
        new K8sJob.Options("sweeps/policy.yaml", bytes(sweep), "../base.yaml", bytes(SCENARIO), 2, "svcsim:t")
            .manifest("manifests/web.yaml", bytes(WEB));
    List<JsonNode> docs = parse(K8sJob.manifests(o));
    Map<String, byte[]> files = mounted(docs.get(0), docs.get(1));
    assertEquals(Set.of("sweeps/policy.yaml", "base.yaml", "manifests/web.yaml"), files.keySet());
    assertEquals("/config/sweeps/policy.yaml", args(docs.get(1)).get(1));

    K8sJob.Options escaping =
        new K8sJob.Options("policy.yaml", bytes(sweep), "../base.yaml", bytes(SCENARIO), 2, "svcsim:t");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> K8sJob.manifests(escaping));
    assertTrue(e.getMessage().contains("leads outside"), e.getMessage());
  }

  @Test
  void nestedPathsGetFlatKeysAndCollidingKeysAreMadeUnique() throws IOException {
    K8sJob.Options o = options(1).manifest("manifests_web.yaml", bytes("other: file\n"));
    List<JsonNode> docs = parse(K8sJob.manifests(o));
    JsonNode cm = docs.get(0);
    Map<String, byte[]> files = mounted(cm, docs.get(1));
    assertArrayEquals(bytes(WEB), files.get("scenarios/manifests/web.yaml"));
    assertArrayEquals(bytes("other: file\n"), files.get("scenarios/manifests_web.yaml"));
    assertEquals(4, cm.get("data").size());
    assertTrue(cm.get("data").has("scenarios_base.yaml"));
  }

  @Test
  void theOutputIsDeterministic() {
    String a = K8sJob.manifests(options(7).parallelism(3).namespace("n"));
    String b = K8sJob.manifests(options(7).parallelism(3).namespace("n"));
    assertEquals(a, b);
    assertTrue(a.startsWith("# svcsim sweep policy.yaml as a Kubernetes Indexed Job"), a);
  }

  @Test
  void olderClustersGetAGlobalBackoffLimitOnly() throws IOException {
    JsonNode job = parse(K8sJob.manifests(options(3).backoffLimitPerIndex(null).backoffLimit(9))).get(1);
    assertEquals(9, job.at("/spec/backoffLimit").asInt());
    assertTrue(job.at("/spec/backoffLimitPerIndex").isMissingNode());
    assertTrue(job.at("/spec/podReplacementPolicy").isMissingNode());
  }

  @Test
  void badOptionsAreRefusedWithTheReason() {
    assertMessage("shards must be between 1 and 100000, not 0", options(0));
    assertMessage("parallelism must be between 1 and the number of shards (3), not 4", options(3).parallelism(4));
    assertMessage("memory \"2 Gi\" is not a Kubernetes quantity", options(3).memory("2 Gi"));
    assertMessage("cpu \"one\" is not a Kubernetes quantity", options(3).cpu("one"));
    assertMessage("namespace \"Sims\"", options(3).namespace("Sims"));
    assertMessage("results PVC name \"my_pvc\"", options(3).resultsPvc("my_pvc"));
    assertMessage("image \"\"", new K8sJob.Options("policy.yaml", bytes(SWEEP), "scenarios/base.yaml", bytes(SCENARIO), 1, ""));
    assertMessage(
        "policy.yaml names spec.scenario \"scenarios/base.yaml\", not \"base.yaml\"",
        new K8sJob.Options("policy.yaml", bytes(SWEEP), "base.yaml", bytes(SCENARIO), 1, "i"));
    assertMessage("is absolute", new K8sJob.Options("/abs/policy.yaml", bytes(SWEEP), "scenarios/base.yaml", bytes(SCENARIO), 1, "i"));
    assertMessage(
        "two different files would be mounted at /config/scenarios/base.yaml",
        options(1).manifest("base.yaml", bytes("different")));
    byte[] big = new byte[K8sJob.MAX_CONFIG_MAP_BYTES];
    assertMessage("more than a ConfigMap's", options(1).manifest("big.yaml", big));
    String unnamed = SWEEP.replace("  name: Policy_By_Mode\n", "");
    assertMessage(
        "policy.yaml has no metadata.name",
        new K8sJob.Options("policy.yaml", bytes(unnamed), "scenarios/base.yaml", bytes(SCENARIO), 1, "i"));
  }

  private static void assertMessage(String expected, K8sJob.Options o) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> K8sJob.manifests(o));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void theSameFileNamedTwiceIsMountedOnce() throws IOException {
    List<JsonNode> docs = parse(K8sJob.manifests(options(1).manifest("./manifests/web.yaml", bytes(WEB))));
    assertEquals(3, docs.get(0).get("data").size());
  }

  @Test
  void readHeaderFindsTheSweepDocumentAndSaysWhatIsMissing() {
    K8sJob.SweepHeader h = K8sJob.readHeader("s.yaml", bytes(SWEEP));
    assertEquals("Policy_By_Mode", h.name());
    assertEquals("scenarios/base.yaml", h.scenario());

    IllegalArgumentException noScenario =
        assertThrows(IllegalArgumentException.class, () -> K8sJob.readHeader("s.yaml", bytes("kind: Sweep\nmetadata: {name: x}\nspec: {seed: 2}\n")));
    assertTrue(noScenario.getMessage().startsWith("s.yaml: spec.scenario: Required value"), noScenario.getMessage());

    IllegalArgumentException scenarioFile =
        assertThrows(IllegalArgumentException.class, () -> K8sJob.readHeader("base.yaml", bytes(SCENARIO)));
    assertTrue(scenarioFile.getMessage().contains("holds no kind: Sweep document (it holds Scenario)"), scenarioFile.getMessage());

    IllegalArgumentException notYaml =
        assertThrows(IllegalArgumentException.class, () -> K8sJob.readHeader("s.yaml", bytes("a: [b\n")));
    assertTrue(notYaml.getMessage().startsWith("s.yaml is not readable YAML"), notYaml.getMessage());
  }

  /** The image the Job runs: the Dockerfile at the root builds the jar the pom makes, runs it as the Job's user. */
  @Test
  void theDockerfileMatchesTheJob() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String docker = Files.readString(root.resolve("Dockerfile"));
    assertTrue(Files.readString(Path.of("pom.xml")).contains("<finalName>svcsim</finalName>"), "the shaded jar is svcsim.jar");
    assertTrue(docker.contains("COPY --from=build /src/scenarios/target/svcsim.jar /opt/svcsim/svcsim.jar"), docker);
    assertTrue(docker.contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/svcsim/svcsim.jar\"]"), docker);
    assertTrue(docker.contains("USER " + K8sJob.RUN_AS_USER + ":" + K8sJob.RUN_AS_USER), "runAsUser is the image's user");
    assertTrue(docker.contains("mvn -B -ntp -q package -DskipTests"), docker);
    assertTrue(docker.contains("\nWORKDIR /work\n"), docker);
    // every module's pom is copied before the sources, for the dependency layer
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
    int count = 0;
    while (modules.find()) {
      count++;
      String m = modules.group(1);
      assertTrue(docker.contains("COPY " + m + "/pom.xml " + m + "/\n"), m + " pom is not copied");
    }
    assertTrue(count >= 4);
    assertTrue(docker.indexOf("COPY scenarios/pom.xml") < docker.indexOf("COPY . ."));
    // two stages: a JDK with Maven to build, a JRE to run; images named without a registry host
    List<String> froms = new ArrayList<>();
    for (String line : docker.split("\n")) {
      if (line.startsWith("FROM ")) {
        String image = line.split("\\s+")[1];
        froms.add(image);
        String first = image.split("/")[0];
        assertFalse(image.contains("/") && (first.contains(".") || first.contains(":")), "no registry host: " + image);
      }
    }
    assertEquals(List.of("maven:3.9-eclipse-temurin-17", "eclipse-temurin:17-jre"), froms);
    String ignore = Files.readString(root.resolve(".dockerignore"));
    assertTrue(ignore.contains("**/target\n") && ignore.contains(".git\n"), ignore);
  }
}
