package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SweepK8sJobCommandTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;

  static final String SCENARIO =
      """
      apiVersion: svcsim.dev/v1
      kind: Scenario
      metadata:
        name: base
      spec:
        duration: 10s
        manifests: [manifests/, extra.yml]
      """;

  private static String sweep(String name, String scenario) {
    return "apiVersion: svcsim.dev/v1\nkind: Sweep\n"
        + (name == null ? "" : "metadata:\n  name: " + name + "\n")
        + "spec:\n"
        + (scenario == null ? "  seed: 3\n" : "  scenario: " + scenario + "\n")
        + "  parameters:\n    - path: spec.cluster.kubeProxy.mode\n      values: [iptables, ipvs]\n";
  }

  private Path write(String relative, String content) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  /** A sweep in sweeps/, its scenario beside that folder, the scenario's manifests below it. */
  private Path project() throws IOException {
    write("base.yaml", SCENARIO);
    write("manifests/web.yaml", "kind: Service\nmetadata: {name: web}\n");
    write("manifests/db.YML", "kind: Service\nmetadata: {name: db}\n");
    write("manifests/notes.txt", "not a manifest\n");
    write("extra.yml", "kind: Deployment\nmetadata: {name: web}\n");
    return write("sweeps/policy.yaml", sweep("Policy_By_Mode", "../base.yaml"));
  }

  private static CliRun run(String... args) {
    return CliRun.of(new CommandLine(new SweepK8sJobCommand()), args);
  }

  private static List<JsonNode> parse(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNextValue()) {
        docs.add(it.nextValue());
      }
    }
    return docs;
  }

  /** Item path under /config to the file's text. */
  private static Map<String, String> mounted(List<JsonNode> docs) {
    Map<String, String> files = new HashMap<>();
    JsonNode items = docs.get(1).at("/spec/template/spec/volumes/0/configMap/items");
    for (JsonNode item : items) {
      files.put(item.get("path").asText(), docs.get(0).get("data").get(item.get("key").asText()).asText());
    }
    return files;
  }

  @Test
  void printsTheConfigMapAndTheJobWithEveryFileTheSweepNeeds() throws IOException {
    Path sweep = project();
    CliRun r = run(sweep.toString(), "--shards", "3", "--image", "example.org/svcsim:0.1.0");
    assertEquals(ExitCode.OK, r.exitCode(), r.err());
    assertEquals("", r.err());
    List<JsonNode> docs = parse(r.out());
    assertEquals(2, docs.size());
    Map<String, String> files = mounted(docs);
    assertEquals(
        Map.of(
            "sweeps/policy.yaml", Files.readString(sweep),
            "base.yaml", SCENARIO,
            "manifests/db.YML", "kind: Service\nmetadata: {name: db}\n",
            "manifests/web.yaml", "kind: Service\nmetadata: {name: web}\n",
            "extra.yml", "kind: Deployment\nmetadata: {name: web}\n"),
        files);
    JsonNode job = docs.get(1);
    assertEquals("policy-by-mode", job.at("/metadata/name").asText());
    assertEquals("Indexed", job.at("/spec/completionMode").asText());
    assertEquals(3, job.at("/spec/completions").asInt());
    assertEquals(3, job.at("/spec/parallelism").asInt());
    List<String> args = new ArrayList<>();
    job.at("/spec/template/spec/containers/0/args").forEach(a -> args.add(a.asText()));
    assertEquals(
        List.of("sweep", "/config/sweeps/policy.yaml", "--shards", "3", "--out", "/results/policy-by-mode/shard-$(JOB_COMPLETION_INDEX)"),
        args);
  }

  @Test
  void optionsReachTheManifests() throws IOException {
    Path sweep = project();
    CliRun r = run(sweep.toString(), "--shards", "10", "--parallelism", "4", "--image", "svcsim:dev",
        "--results-pvc", "sweep-results", "--namespace", "sims", "--name", "policy-2", "--memory", "4Gi",
        "--cpu", "2", "--jvm-options=-Xss1m -XX:MaxRAMPercentage=60", "--backoff-limit-per-index", "5",
        "--backoff-limit", "30");
    assertEquals(ExitCode.OK, r.exitCode(), r.err());
    List<JsonNode> docs = parse(r.out());
    JsonNode job = docs.get(1);
    assertEquals("policy-2-files", docs.get(0).at("/metadata/name").asText());
    assertEquals("sims", docs.get(0).at("/metadata/namespace").asText());
    assertEquals("policy-2", job.at("/metadata/name").asText());
    assertEquals("sims", job.at("/metadata/namespace").asText());
    assertEquals(4, job.at("/spec/parallelism").asInt());
    assertEquals(5, job.at("/spec/backoffLimitPerIndex").asInt());
    assertEquals(30, job.at("/spec/backoffLimit").asInt());
    JsonNode c = job.at("/spec/template/spec/containers/0");
    assertEquals("svcsim:dev", c.get("image").asText());
    assertEquals("4Gi", c.at("/resources/limits/memory").asText());
    assertEquals("2", c.at("/resources/requests/cpu").asText());
    assertEquals("-Xss1m -XX:MaxRAMPercentage=60", c.at("/env/0/value").asText());
    assertEquals("/results/policy-2/shard-$(JOB_COMPLETION_INDEX)", c.at("/args/5").asText());
    assertEquals("sweep-results", job.at("/spec/template/spec/volumes/1/persistentVolumeClaim/claimName").asText());

    CliRun old = run(sweep.toString(), "--shards", "2", "--image", "svcsim:dev", "--backoff-limit", "6");
    JsonNode oldJob = parse(old.out()).get(1);
    assertEquals(6, oldJob.at("/spec/backoffLimit").asInt());
    assertTrue(oldJob.at("/spec/backoffLimitPerIndex").isMissingNode());

    CliRun noJvm = run(sweep.toString(), "--shards", "2", "--image", "svcsim:dev", "--jvm-options=");
    assertTrue(parse(noJvm.out()).get(1).at("/spec/template/spec/containers/0/env").isMissingNode());
  }

  @Test
  void outWritesTheFileAndPrintsNothing() throws IOException {
    Path sweep = project();
    Path out = dir.resolve("k8s/job.yaml");
    CliRun r = run(sweep.toString(), "--shards", "2", "--image", "svcsim:dev", "--out", out.toString());
    assertEquals(ExitCode.OK, r.exitCode(), r.err());
    assertEquals("", r.out());
    CliRun again = run(sweep.toString(), "--shards", "2", "--image", "svcsim:dev");
    assertEquals(again.out(), Files.readString(out), "the same text, byte for byte");
  }

  @Test
  void aSweepBesideItsScenarioMountsAtTheTop() throws IOException {
    write("scenarios/base.yaml", SCENARIO.replace("manifests: [manifests/, extra.yml]", "warmup: 1s"));
    Path sweep = write("sweep.yaml", sweep("flat", "scenarios/base.yaml"));
    CliRun r = run(sweep.toString(), "--shards", "1", "--image", "svcsim:dev");
    assertEquals(ExitCode.OK, r.exitCode(), r.err());
    List<JsonNode> docs = parse(r.out());
    assertEquals(List.of("sweep.yaml", "scenarios/base.yaml"), List.copyOf(new java.util.TreeMap<>(mounted(docs)).descendingKeySet()));
    assertEquals("/config/sweep.yaml", docs.get(1).at("/spec/template/spec/containers/0/args/1").asText());
    assertTrue(docs.get(0).at("/data/scenarios_base.yaml").isTextual());
  }

  // ------------------------------------------------------------------ errors: exit 2, one clear line

  private void assertBadInput(CliRun r, String message) {
    assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
    assertEquals("", r.out());
    assertTrue(r.err().contains(message), r.err());
  }

  @Test
  void missingImageIsAUsageError() throws IOException {
    Path sweep = project();
    assertBadInput(run(sweep.toString(), "--shards", "2"), "Missing required option: '--image=IMAGE'");
  }

  @Test
  void shardsBelowOneAreAUsageError() throws IOException {
    Path sweep = project();
    assertBadInput(run(sweep.toString(), "--shards", "0", "--image", "i"), "--shards must be between 1 and 100000, not 0");
    assertBadInput(run(sweep.toString(), "--shards", "-3", "--image", "i"), "--shards must be between 1 and 100000, not -3");
    assertBadInput(run(sweep.toString(), "--shards", "two", "--image", "i"), "'two' is not an int");
    assertBadInput(run(sweep.toString(), "--image", "i"), "Missing required option: '--shards=N'");
  }

  @Test
  void otherBadOptionsNameThemselves() throws IOException {
    Path sweep = project();
    assertBadInput(run(sweep.toString(), "--shards", "2", "--parallelism", "3", "--image", "i"),
        "--parallelism must be between 1 and --shards (2), not 3");
    assertBadInput(run(sweep.toString(), "--shards", "2", "--image", "i", "--name", "Policy_2"),
        "--name \"Policy_2\" must be lower-case letters, digits and '-', starting and ending with a letter or digit (try policy-2)");
    assertBadInput(run(sweep.toString(), "--shards", "2", "--image", "i", "--memory", "lots"),
        "--memory \"lots\" is not a Kubernetes quantity");
    assertBadInput(run(sweep.toString(), "--shards", "2", "--image", "my image"), "--image \"my image\" is not an image reference");
    assertBadInput(run(sweep.toString(), "--shards", "2", "--image", "i", "--results-pvc", "Results"), "--results-pvc \"Results\"");
  }

  @Test
  void aMissingSweepFileIsBadInput() {
    Path missing = dir.resolve("nope.yaml");
    CliRun r = run(missing.toString(), "--shards", "2", "--image", "i");
    assertBadInput(r, "svcsim: no such sweep file " + missing);
    assertBadInput(run(dir.toString(), "--shards", "2", "--image", "i"), "is a folder; give the sweep file");
  }

  @Test
  void aSweepWithoutSpecScenarioIsBadInput() throws IOException {
    Path sweep = write("s.yaml", sweep("x", null));
    assertBadInput(run(sweep.toString(), "--shards", "2", "--image", "i"),
        "svcsim: " + sweep + ": spec.scenario: Required value: the scenario file to sweep, relative to the sweep file");
  }

  @Test
  void otherProblemsWithTheFilesAreBadInput() throws IOException {
    write("base.yaml", SCENARIO.replace("manifests: [manifests/, extra.yml]", "warmup: 1s"));
    Path noName = write("noname.yaml", sweep(null, "base.yaml"));
    assertBadInput(run(noName.toString(), "--shards", "2", "--image", "i"),
        noName + ": metadata.name: Required value: it names the Job; add it, or give --name NAME");
    assertEquals(ExitCode.OK, run(noName.toString(), "--shards", "2", "--image", "i", "--name", "named").exitCode());

    Path lost = write("lost.yaml", sweep("lost", "missing/base.yaml"));
    assertBadInput(run(lost.toString(), "--shards", "2", "--image", "i"),
        lost + ": spec.scenario: no such file: \"missing/base.yaml\"");

    Path absolute = write("abs.yaml", sweep("abs", dir.resolve("base.yaml").toString()));
    assertBadInput(run(absolute.toString(), "--shards", "2", "--image", "i"), "is an absolute path; the Job mounts the files under /config");

    Path scenarioGiven = dir.resolve("base.yaml");
    assertBadInput(run(scenarioGiven.toString(), "--shards", "2", "--image", "i"),
        "holds no kind: Sweep document (it holds Scenario)");

    write("bad/base.yaml", SCENARIO.replace("[manifests/, extra.yml]", "[gone.yaml]"));
    Path badManifests = write("bad/s.yaml", sweep("bad", "base.yaml"));
    assertBadInput(run(badManifests.toString(), "--shards", "2", "--image", "i"),
        "spec.manifests: no such file or folder: \"gone.yaml\" (paths are relative to the scenario file)");

    Path notYaml = write("broken.yaml", "kind: Sweep\nspec: [unclosed\n");
    assertBadInput(run(notYaml.toString(), "--shards", "2", "--image", "i"), notYaml + " is not readable YAML");
  }

  // ------------------------------------------------------------------ as svcsim sweep k8s-job

  private static CliRun svcsimSweep(String... args) {
    List<String> all = new ArrayList<>(List.of("sweep", "k8s-job"));
    all.addAll(List.of(args));
    return CliRun.svcsim(all.toArray(String[]::new));
  }

  @Test
  void asASubcommandOfSweepItRunsAndReportsAsEveryCommandDoes() throws IOException {
    Path sweep = project();
    CliRun ok = svcsimSweep(sweep.toString(), "--shards", "2", "--image", "i");
    assertEquals(ExitCode.OK, ok.exitCode(), ok.err());
    assertEquals(2, parse(ok.out()).size());

    CliRun usage = svcsimSweep(sweep.toString(), "--shards", "0", "--image", "i");
    assertEquals(ExitCode.BAD_INPUT, usage.exitCode());
    assertEquals(
        "svcsim: --shards must be between 1 and 100000, not 0\nTry 'svcsim sweep k8s-job --help' for more information.\n",
        usage.err().replace(System.lineSeparator(), "\n"));

    CliRun missing = svcsimSweep(dir.resolve("nope.yaml").toString(), "--shards", "2", "--image", "i");
    assertEquals(ExitCode.BAD_INPUT, missing.exitCode());
    assertEquals("svcsim: no such sweep file " + dir.resolve("nope.yaml") + "\n", missing.err().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void helpTeachesTheWholeRecipe() {
    CliRun r = svcsimSweep("--help");
    assertEquals(ExitCode.OK, r.exitCode());
    String help = r.out();
    assertTrue(help.contains("Usage: svcsim sweep k8s-job [-hV]"), help);
    for (String step : List.of(
        "docker build", "ReadWriteMany", "kubectl apply -f job.yaml", "JOB_COMPLETION_INDEX",
        "kubectl get pods -l job-name=JOB", "--backoff-limit-per-index", "kubectl cp",
        "svcsim sweep merge JOB/shard-*/ --out results/", "docs/distributed.md", "Exit codes:")) {
      assertTrue(help.contains(step), step + " is missing from:\n" + help);
    }
  }

  /** Every bundled example sweep (scenarios/examples/sweeps/, when there is one) makes a Job. */
  @Test
  void theBundledExampleSweepsMakeJobs() throws IOException {
    Path examples = Path.of("examples", "sweeps");
    Assumptions.assumeTrue(Files.isDirectory(examples), "no bundled example sweeps yet");
    List<Path> sweeps;
    try (Stream<Path> files = Files.list(examples)) {
      sweeps = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    int made = 0;
    for (Path f : sweeps) {
      if (!Files.readString(f).contains("kind: Sweep")) {
        continue; // a scenario beside the sweeps
      }
      CliRun r = run(f.toString(), "--shards", "3", "--image", "svcsim:test");
      assertEquals(ExitCode.OK, r.exitCode(), f + ": " + r.err());
      assertEquals(2, parse(r.out()).size());
      made++;
    }
    Assumptions.assumeTrue(made > 0, "no kind: Sweep file in " + examples);
  }

  /** docs/distributed.md's worked example: its sweep, run as the page says, prints what the page shows. */
  @Test
  void theWorkedExampleInTheDocsIsWhatTheCommandPrints() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "distributed.md"));
    String open = "cat > sweeps/etp-local-skew.yaml <<'EOF'\n";
    int from = doc.indexOf(open) + open.length();
    String sweep = doc.substring(from, doc.indexOf("\nEOF\n", from) + 1);
    write("sweeps/etp-local-skew.yaml", sweep);
    write("scenarios/examples/etp-local-imbalance.yaml", Files.readString(Path.of("examples", "etp-local-imbalance.yaml")));
    CliRun r = run(dir.resolve("sweeps/etp-local-skew.yaml").toString(), "--shards", "4",
        "--image", "registry.example.com/sims/svcsim:0.1.0");
    assertEquals(ExitCode.OK, r.exitCode(), r.err());

    String start = "`job.yaml` starts like this";
    int block = doc.indexOf("```yaml\n", doc.indexOf(start)) + "```yaml\n".length();
    List<String> shown = List.of(doc.substring(block, doc.indexOf("```", block)).split("\n"));
    List<String> printed = List.of(r.out().split("\n"));
    int at = 0;
    for (String line : shown) {
      if (line.trim().equals("...")) {
        continue;
      }
      int found = printed.subList(at, printed.size()).indexOf(line);
      assertTrue(found >= 0, "the docs show a line the command does not print (in this order): " + line + "\n" + r.out());
      at += found + 1;
    }
  }
}
