package dev.svcsim.scenario.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Generates the Kubernetes manifests that run a sweep as an Indexed Job: one {@code v1 ConfigMap}
 * holding the sweep file, its scenario and the scenario's manifest files, and one {@code batch/v1
 * Job} with {@code completionMode: Indexed} whose pod {@code i} runs shard {@code i} of {@code N}.
 *
 * <p>How the index reaches svcsim: in every pod of an Indexed Job the Job controller adds the
 * environment variable {@value #INDEX_VARIABLE} (0 to N-1) to each container. The container runs
 * {@code svcsim sweep /config/SWEEP --shards N --out /results/JOB/shard-$(JOB_COMPLETION_INDEX)}:
 * {@code svcsim sweep --shards N} reads its shard from that variable, and the kubelet expands the
 * {@code $(JOB_COMPLETION_INDEX)} reference in {@code args} before it starts the container, so each
 * index writes its own folder. Nothing else (no shell, no downward-API volume) is needed.
 *
 * <p>File layout: the ConfigMap's keys must match {@code [-._a-zA-Z0-9]+}, so a nested path such as
 * {@code scenarios/base.yaml} is stored under a flattened key and mounted back at its path with a
 * volume {@code items} entry; the paths the sweep and scenario hold ({@code spec.scenario}, {@code
 * spec.manifests}) then resolve under {@value #CONFIG_DIR} as they did on disk. The sweep file's own
 * path may hold folders ({@code sweeps/policy.yaml}) so that a scenario beside it ({@code
 * ../base.yaml}) stays inside the mount.
 *
 * <p>Results go to a PersistentVolumeClaim mounted at {@value #RESULTS_DIR}; every pod writes
 * {@code /results/JOB/shard-I}, so the claim must be writable from every node the pods run on
 * (ReadWriteMany) unless all pods land on one node. docs/distributed.md has the whole recipe.
 *
 * <p>The output is deterministic: the same options give the same text, byte for byte.
 */
public final class K8sJob {

  /** Where the ConfigMap is mounted, read-only. */
  public static final String CONFIG_DIR = "/config";

  /** Where the results volume is mounted. */
  public static final String RESULTS_DIR = "/results";

  /** The variable the Job controller sets to the pod's completion index. */
  public static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";

  /** The PersistentVolumeClaim the results go to unless told otherwise. */
  public static final String DEFAULT_RESULTS_PVC = "svcsim-results";

  /** Memory requested (and the limit) per pod unless told otherwise. */
  public static final String DEFAULT_MEMORY = "2Gi";

  /** CPU requested (and the limit) per pod unless told otherwise. */
  public static final String DEFAULT_CPU = "1";

  /** JVM options unless told otherwise: a heap of three quarters of the memory limit. */
  public static final String DEFAULT_JVM_OPTIONS = "-XX:MaxRAMPercentage=75.0";

  /** Retries of one index unless told otherwise. */
  public static final int DEFAULT_BACKOFF_LIMIT_PER_INDEX = 2;

  /** The most completions Kubernetes accepts for an Indexed Job. */
  public static final int MAX_SHARDS = 100_000;

  /**
   * The longest Job name: pods are named {@code JOB-INDEX-xxxxx} and carry the Job name in a
   * label (63 characters at most), so leave room for the index.
   */
  public static final int MAX_JOB_NAME = 52;

  /** The most bytes a ConfigMap's data may hold. */
  public static final int MAX_CONFIG_MAP_BYTES = 1024 * 1024;

  /** The user (and group) the pod runs as: the Dockerfile's non-root user. */
  public static final long RUN_AS_USER = 10001;

  /** The environment variable the {@code java} launcher reads extra options from. */
  public static final String JVM_OPTIONS_VARIABLE = "JDK_JAVA_OPTIONS";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUANTITY =
      Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
  private static final Pattern CONFIG_MAP_KEY_CHAR = Pattern.compile("[-._a-zA-Z0-9]");

  private static final ObjectMapper YAML_OUT =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());

  private static final ObjectMapper YAML_IN = new ObjectMapper(new YAMLFactory());

  private K8sJob() {}

  /** A file to put in the ConfigMap: a relative path with {@code /} separators, and its bytes. */
  public record File(String path, byte[] content) {
    public File {
      Objects.requireNonNull(path, "path");
      content = Objects.requireNonNull(content, "content").clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }
  }

  /** The two fields of a sweep file the Job needs: {@code metadata.name} (may be null) and {@code spec.scenario}. */
  public record SweepHeader(String name, String scenario) {}

  /**
   * What to generate. The sweep file, its scenario (by the path written in {@code spec.scenario})
   * and the number of shards and the image are required; everything else has a default.
   */
  public static final class Options {
    private final String sweepFile;
    private final byte[] sweepBytes;
    private final String scenarioPath;
    private final byte[] scenarioBytes;
    private final int shards;
    private final String image;
    private final List<File> manifests = new ArrayList<>();
    private Integer parallelism;
    private String jobName;
    private String namespace;
    private String resultsPvc = DEFAULT_RESULTS_PVC;
    private String memory = DEFAULT_MEMORY;
    private String cpu = DEFAULT_CPU;
    private String jvmOptions = DEFAULT_JVM_OPTIONS;
    private Integer backoffLimitPerIndex = DEFAULT_BACKOFF_LIMIT_PER_INDEX;
    private Integer backoffLimit;

    /**
     * @param sweepFile the sweep file's path inside the ConfigMap: its file name, or a relative
     *     path with folders when the scenario lies above it ({@code sweeps/policy.yaml} for a
     *     {@code spec.scenario} of {@code ../base.yaml})
     * @param sweepBytes the sweep file, byte for byte
     * @param scenarioPath the scenario's path as the sweep's {@code spec.scenario} writes it
     * @param scenarioBytes the scenario file, byte for byte
     * @param shards how many shards (Job completions), 1 to {@value K8sJob#MAX_SHARDS}
     * @param image the container image holding svcsim (see the Dockerfile)
     */
    public Options(String sweepFile, byte[] sweepBytes, String scenarioPath, byte[] scenarioBytes, int shards, String image) {
      this.sweepFile = Objects.requireNonNull(sweepFile, "sweepFile");
      this.sweepBytes = Objects.requireNonNull(sweepBytes, "sweepBytes").clone();
      this.scenarioPath = Objects.requireNonNull(scenarioPath, "scenarioPath");
      this.scenarioBytes = Objects.requireNonNull(scenarioBytes, "scenarioBytes").clone();
      this.shards = shards;
      this.image = Objects.requireNonNull(image, "image");
    }

    /**
     * Adds a file the scenario names in {@code spec.manifests}, by its path relative to the
     * scenario file ({@code manifests/web.yaml}; for a folder entry, one call per file in it).
     */
    public Options manifest(String pathFromScenario, byte[] content) {
      manifests.add(new File(pathFromScenario, content));
      return this;
    }

    /** How many pods run at once, 1 to shards (default: all shards at once). */
    public Options parallelism(Integer p) {
      this.parallelism = p;
      return this;
    }

    /** The Job's name, a DNS-1123 label (default: the sweep's metadata.name, made one). */
    public Options jobName(String name) {
      this.jobName = name;
      return this;
    }

    /** The namespace of both objects (default: none written, so kubectl's current one). */
    public Options namespace(String ns) {
      this.namespace = ns;
      return this;
    }

    /** The PersistentVolumeClaim the results go to (default {@value K8sJob#DEFAULT_RESULTS_PVC}). */
    public Options resultsPvc(String claim) {
      this.resultsPvc = Objects.requireNonNull(claim, "claim");
      return this;
    }

    /** Memory request and limit per pod, a Kubernetes quantity (default {@value K8sJob#DEFAULT_MEMORY}). */
    public Options memory(String quantity) {
      this.memory = Objects.requireNonNull(quantity, "quantity");
      return this;
    }

    /** CPU request and limit per pod, a Kubernetes quantity (default {@value K8sJob#DEFAULT_CPU}). */
    public Options cpu(String quantity) {
      this.cpu = Objects.requireNonNull(quantity, "quantity");
      return this;
    }

    /** JVM options passed in {@value K8sJob#JVM_OPTIONS_VARIABLE}; empty: none. */
    public Options jvmOptions(String options) {
      this.jvmOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Retries per index (default {@value K8sJob#DEFAULT_BACKOFF_LIMIT_PER_INDEX}); null leaves
     * out {@code backoffLimitPerIndex} and {@code podReplacementPolicy}, for clusters before
     * Kubernetes 1.29.
     */
    public Options backoffLimitPerIndex(Integer retries) {
      this.backoffLimitPerIndex = retries;
      return this;
    }

    /** Failed pods tolerated over all indexes (default: not written, Kubernetes decides). */
    public Options backoffLimit(Integer failures) {
      this.backoffLimit = failures;
      return this;
    }
  }

  // ------------------------------------------------------------------ generation

  /**
   * The ConfigMap and the Job as one multi-document YAML text, ready for {@code kubectl apply -f}.
   *
   * @throws IllegalArgumentException when an option is invalid or the files cannot be laid out
   *     (a path leaving the mount, two different files on one path, more than 1 MiB in all); the
   *     message says which and why
   */
  public static String manifests(Options o) {
    if (o.shards < 1 || o.shards > MAX_SHARDS) {
      throw new IllegalArgumentException("shards must be between 1 and " + MAX_SHARDS + ", not " + o.shards);
    }
    int parallelism = o.parallelism == null ? o.shards : o.parallelism;
    if (parallelism < 1 || parallelism > o.shards) {
      throw new IllegalArgumentException(
          "parallelism must be between 1 and the number of shards (" + o.shards + "), not " + parallelism);
    }
    requireImage(o.image);
    requireQuantity("memory", o.memory);
    requireQuantity("cpu", o.cpu);
    if (o.namespace != null) {
      requireDnsLabel("namespace", o.namespace, 63);
    }
    String pvcProblem = dnsSubdomainProblem(o.resultsPvc);
    if (pvcProblem != null) {
      throw new IllegalArgumentException("results PVC name " + quote(o.resultsPvc) + " " + pvcProblem);
    }
    if (o.backoffLimitPerIndex != null && o.backoffLimitPerIndex < 0) {
      throw new IllegalArgumentException("backoffLimitPerIndex must be 0 or more, not " + o.backoffLimitPerIndex);
    }
    if (o.backoffLimit != null && o.backoffLimit < 0) {
      throw new IllegalArgumentException("backoffLimit must be 0 or more, not " + o.backoffLimit);
    }

    SweepHeader header = readHeader(o.sweepFile, o.sweepBytes);
    if (!header.scenario().equals(o.scenarioPath)) {
      throw new IllegalArgumentException(
          o.sweepFile + " names spec.scenario " + quote(header.scenario()) + ", not " + quote(o.scenarioPath));
    }
    String job;
    if (o.jobName != null) {
      requireDnsLabel("job name", o.jobName, MAX_JOB_NAME);
      job = o.jobName;
    } else if (header.name() != null) {
      job = jobNameFor(header.name());
    } else {
      throw new IllegalArgumentException(o.sweepFile + " has no metadata.name; give the Job a name");
    }

    List<Placed> files = layout(o);
    Map<String, Object> configMap = configMap(o, job, files);
    Map<String, Object> jobDoc = job(o, job, parallelism, files);
    StringBuilder out = new StringBuilder();
    out.append("# svcsim sweep ").append(files.get(0).path()).append(" as a Kubernetes Indexed Job: ")
        .append(o.shards).append(o.shards == 1 ? " shard" : " shards").append(", ").append(parallelism)
        .append(" at a time.\n");
    out.append("# Apply with kubectl apply -f; shard I writes ").append(outDir(job).replace("$(" + INDEX_VARIABLE + ")", "I"))
        .append(" on PVC ").append(o.resultsPvc).append(".\n");
    out.append("# Collect and merge: docs/distributed.md.\n");
    try {
      out.append(YAML_OUT.writeValueAsString(configMap));
      out.append(YAML_OUT.writeValueAsString(jobDoc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the manifests as YAML", e);
    }
    return out.toString();
  }

  /** Where shard {@code $(JOB_COMPLETION_INDEX)} of Job {@code job} writes, as the container args name it. */
  public static String outDir(String job) {
    return RESULTS_DIR + "/" + job + "/shard-$(" + INDEX_VARIABLE + ")";
  }

  /** The ConfigMap's name for Job {@code job}. */
  public static String configMapName(String job) {
    return job + "-files";
  }

  /** A file as it lands in the ConfigMap: its path under /config and its key. */
  private record Placed(String path, String key, byte[] content) {}

  private static List<Placed> layout(Options o) {
    List<String> paths = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    String sweep = normalize(o.sweepFile, "", "the sweep file's path");
    paths.add(sweep);
    contents.add(o.sweepBytes);
    String scenario = normalize(o.scenarioPath, parent(sweep), "spec.scenario");
    paths.add(scenario);
    contents.add(o.scenarioBytes);
    for (File m : o.manifests) {
      paths.add(normalize(m.path(), parent(scenario), "spec.manifests entry"));
      contents.add(m.content());
    }
    List<Placed> placed = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    long total = 0;
    outer:
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      for (Placed p : placed) {
        if (p.path().equals(path)) {
          if (java.util.Arrays.equals(p.content(), contents.get(i))) {
            continue outer; // the same file named twice: mount it once
          }
          throw new IllegalArgumentException("two different files would be mounted at " + CONFIG_DIR + "/" + path);
        }
      }
      String key = configMapKey(path);
      String unique = key;
      for (int n = 2; !keys.add(unique); n++) {
        unique = key + "-" + n;
      }
      total += contents.get(i).length;
      placed.add(new Placed(path, unique, contents.get(i)));
    }
    if (total > MAX_CONFIG_MAP_BYTES) {
      throw new IllegalArgumentException(
          "the sweep's files hold " + total + " bytes, more than a ConfigMap's " + MAX_CONFIG_MAP_BYTES
              + " (1 MiB); build them into the image instead (see docs/distributed.md)");
    }
    return placed;
  }

  /**
   * A ConfigMap key for a relative path: every character a key may not hold ({@code /} among
   * them) becomes {@code _}, and a leading {@code ..} gets a {@code _} in front.
   */
  static String configMapKey(String path) {
    StringBuilder key = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      key.append(CONFIG_MAP_KEY_CHAR.matcher(String.valueOf(c)).matches() ? c : '_');
    }
    String k = key.toString();
    if (k.startsWith("..")) {
      k = "_" + k;
    }
    if (k.length() > 240) {
      k = k.substring(k.length() - 240); // keep the file name end; uniqueness is restored by the caller
      if (k.startsWith("..")) {
        k = "_" + k.substring(1);
      }
    }
    return k;
  }

  /**
   * Resolves {@code path} against folder {@code base} ("" for the top of the mount), folding
   * {@code .} and {@code ..}; fails when the result is absolute, empty or above the mount.
   */
  static String normalize(String path, String base, String what) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    if (path.startsWith("/") || path.startsWith("\\") || path.matches("[A-Za-z]:.*")) {
      throw new IllegalArgumentException(
          what + " " + quote(path) + " is absolute; the Job mounts the files under " + CONFIG_DIR + ", so make it relative");
    }
    if (path.contains("\\")) {
      throw new IllegalArgumentException(what + " " + quote(path) + " holds a backslash; separate folders with /");
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String s : (base.isEmpty() ? path : base + "/" + path).split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (parts.isEmpty()) {
          throw new IllegalArgumentException(
              what + " " + quote(path) + " leads outside the folder the Job mounts at " + CONFIG_DIR
                  + "; put the sweep file's folder in its path (e.g. sweeps/policy.yaml)");
        }
        parts.removeLast();
      } else {
        parts.addLast(s);
      }
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(what + " " + quote(path) + " names a folder, not a file");
    }
    return String.join("/", parts);
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static Map<String, Object> labels(String job) {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "svcsim");
    labels.put("app.kubernetes.io/component", "sweep");
    labels.put("app.kubernetes.io/instance", job);
    return labels;
  }

  private static Map<String, Object> metadata(String name, Options o, String job) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", name);
    if (o.namespace != null) {
      meta.put("namespace", o.namespace);
    }
    meta.put("labels", labels(job));
    return meta;
  }

  private static Map<String, Object> configMap(Options o, String job, List<Placed> files) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "v1");
    doc.put("kind", "ConfigMap");
    doc.put("metadata", metadata(configMapName(job), o, job));
    Map<String, Object> data = new LinkedHashMap<>();
    Map<String, Object> binary = new LinkedHashMap<>();
    for (Placed p : files) {
      String text = utf8(p.content());
      if (text != null) {
        data.put(p.key(), text);
      } else {
        binary.put(p.key(), Base64.getEncoder().encodeToString(p.content()));
      }
    }
    if (!data.isEmpty()) {
      doc.put("data", data);
    }
    if (!binary.isEmpty()) {
      doc.put("binaryData", binary);
    }
    return doc;
  }

  private static Map<String, Object> job(Options o, String job, int parallelism, List<Placed> files) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "batch/v1");
    doc.put("kind", "Job");
    doc.put("metadata", metadata(job, o, job));

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("completionMode", "Indexed");
    spec.put("completions", o.shards);
    spec.put("parallelism", parallelism);
    if (o.backoffLimitPerIndex != null) {
      spec.put("backoffLimitPerIndex", o.backoffLimitPerIndex);
    }
    if (o.backoffLimit != null) {
      spec.put("backoffLimit", o.backoffLimit);
    }
    if (o.backoffLimitPerIndex != null) {
      // a retry starts only once the failed pod is gone: never two pods writing one shard folder
      spec.put("podReplacementPolicy", "Failed");
    }

    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "svcsim");
    container.put("image", o.image);
    container.put("args", List.of(
        "sweep",
        CONFIG_DIR + "/" + files.get(0).path().replace("$(", "$$("),
        "--shards",
        Integer.toString(o.shards),
        "--out",
        outDir(job)));
    if (!o.jvmOptions.isBlank()) {
      container.put("env", List.of(entry("name", JVM_OPTIONS_VARIABLE, "value", o.jvmOptions)));
    }
    Map<String, Object> amounts = new LinkedHashMap<>();
    amounts.put("cpu", o.cpu);
    amounts.put("memory", o.memory);
    Map<String, Object> resources = new LinkedHashMap<>();
    resources.put("requests", amounts);
    resources.put("limits", new LinkedHashMap<>(amounts));
    container.put("resources", resources);
    Map<String, Object> containerSecurity = new LinkedHashMap<>();
    containerSecurity.put("allowPrivilegeEscalation", false);
    containerSecurity.put("capabilities", Map.of("drop", List.of("ALL")));
    container.put("securityContext", containerSecurity);
    container.put("volumeMounts", List.of(
        entry("name", "config", "mountPath", CONFIG_DIR, "readOnly", true),
        entry("name", "results", "mountPath", RESULTS_DIR)));

    List<Object> items = new ArrayList<>();
    for (Placed p : files) {
      items.add(entry("key", p.key(), "path", p.path()));
    }
    Map<String, Object> configVolume = new LinkedHashMap<>();
    configVolume.put("name", configMapName(job));
    configVolume.put("items", items);

    Map<String, Object> podSecurity = new LinkedHashMap<>();
    podSecurity.put("runAsNonRoot", true);
    podSecurity.put("runAsUser", RUN_AS_USER);
    podSecurity.put("runAsGroup", RUN_AS_USER);
    podSecurity.put("fsGroup", RUN_AS_USER);
    podSecurity.put("fsGroupChangePolicy", "OnRootMismatch");
    podSecurity.put("seccompProfile", Map.of("type", "RuntimeDefault"));

    Map<String, Object> podSpec = new LinkedHashMap<>();
    podSpec.put("restartPolicy", "Never");
    podSpec.put("securityContext", podSecurity);
    podSpec.put("containers", List.of(container));
    podSpec.put("volumes", List.of(
        entry("name", "config", "configMap", configVolume),
        entry("name", "results", "persistentVolumeClaim", Map.of("claimName", o.resultsPvc))));

    Map<String, Object> template = new LinkedHashMap<>();
    template.put("metadata", Map.of("labels", labels(job)));
    template.put("spec", podSpec);
    spec.put("template", template);
    doc.put("spec", spec);
    return doc;
  }

  private static Map<String, Object> entry(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  // ------------------------------------------------------------------ names and values

  /**
   * A Job name made from a sweep's metadata.name: lower case, every run of other characters
   * than {@code a-z 0-9} turned into one {@code -}, trimmed of {@code -} at both ends and cut to
   * {@value #MAX_JOB_NAME} characters; {@code svcsim-sweep} when nothing is left.
   */
  public static String jobNameFor(String sweepName) {
    StringBuilder b = new StringBuilder();
    for (char c : sweepName.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (ok) {
        b.append(c);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
        b.append('-');
      }
    }
    String name = b.toString();
    if (name.length() > MAX_JOB_NAME) {
      name = name.substring(0, MAX_JOB_NAME);
    }
    while (name.endsWith("-")) {
      name = name.substring(0, name.length() - 1);
    }
    return name.isEmpty() ? "svcsim-sweep" : name;
  }

  /** Null when {@code name} is a DNS-1123 label of at most {@code max} characters, else why not. */
  public static String dnsLabelProblem(String name, int max) {
    if (name.isEmpty()) {
      return "is empty";
    }
    if (name.length() > max) {
      return "is longer than " + max + " characters";
    }
    if (!DNS_LABEL.matcher(name).matches()) {
      return "must be lower-case letters, digits and '-', starting and ending with a letter or digit";
    }
    return null;
  }

  /** Null when {@code name} is a DNS-1123 subdomain (253 characters at most), else why not. */
  public static String dnsSubdomainProblem(String name) {
    if (name.isEmpty()) {
      return "is empty";
    }
    if (name.length() > 253) {
      return "is longer than 253 characters";
    }
    if (!DNS_SUBDOMAIN.matcher(name).matches()) {
      return "must be lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
    }
    return null;
  }

  /** Whether {@code value} is a Kubernetes resource quantity such as {@code 500m}, {@code 2Gi} or {@code 1.5}. */
  public static boolean isQuantity(String value) {
    return QUANTITY.matcher(value).matches();
  }

  private static void requireDnsLabel(String what, String name, int max) {
    String problem = dnsLabelProblem(name, max);
    if (problem != null) {
      throw new IllegalArgumentException(what + " " + quote(name) + " " + problem);
    }
  }

  private static void requireQuantity(String what, String value) {
    if (!isQuantity(value)) {
      throw new IllegalArgumentException(
          what + " " + quote(value) + " is not a Kubernetes quantity (e.g. 500m, 1, 2, 512Mi, 2Gi)");
    }
  }

  private static void requireImage(String image) {
    if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("image " + quote(image) + " is not an image reference (e.g. example.org/team/svcsim:0.1.0)");
    }
  }

  /** {@code s} in double quotes, backslashes and quotes escaped (YAML and shell alike). */
  public static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  // ------------------------------------------------------------------ reading the sweep

  /**
   * Reads {@code metadata.name} and {@code spec.scenario} of the {@code kind: Sweep} document in
   * {@code bytes}, and nothing else (the sweep runner checks the rest).
   *
   * @throws IllegalArgumentException naming {@code file}: not YAML, no Sweep document, no
   *     {@code spec.scenario}
   */
  public static SweepHeader readHeader(String file, byte[] bytes) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML_IN.readerFor(JsonNode.class).readValues(bytes)) {
      while (it.hasNextValue()) {
        docs.add(it.nextValue());
      }
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException(file + " is not readable YAML: " + why);
    }
    JsonNode sweep = null;
    String kinds = "";
    for (JsonNode d : docs) {
      if (d == null || !d.isObject()) {
        continue;
      }
      JsonNode kind = d.get("kind");
      if (kind != null && kind.isTextual() && kind.asText().equals("Sweep")) {
        sweep = d;
        break;
      }
      if (kind != null && kind.isTextual()) {
        kinds += (kinds.isEmpty() ? "" : ", ") + kind.asText();
      }
    }
    if (sweep == null) {
      throw new IllegalArgumentException(
          file + " holds no kind: Sweep document" + (kinds.isEmpty() ? "" : " (it holds " + kinds + ")")
              + "; give the sweep file, whose spec.scenario names the scenario");
    }
    JsonNode scenario = sweep.path("spec").path("scenario");
    if (!scenario.isTextual() || scenario.asText().isBlank()) {
      throw new IllegalArgumentException(
          file + ": spec.scenario: " + (scenario.isMissingNode() || scenario.isNull() ? "Required value" : "must be a path")
              + ": the scenario file to sweep, relative to the sweep file");
    }
    JsonNode name = sweep.path("metadata").path("name");
    String n = name.isValueNode() && !name.isNull() && !name.asText().isBlank() ? name.asText() : null;
    return new SweepHeader(n, scenario.asText());
  }
}
