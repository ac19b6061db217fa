package dev.svcsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.svcsim.scenario.sweep.K8sJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code svcsim sweep k8s-job}: prints a ConfigMap and an Indexed Job that run a sweep's shards
 * on a Kubernetes cluster ({@link K8sJob} makes them; this command reads the files).
 *
 * <p>It reports its own bad input (exit code 2, one {@code svcsim: } line) rather than leaving it
 * to {@link Svcsim}'s handler, so it behaves the same on its own and as a subcommand of {@code
 * sweep}.
 */
@Command(
    name = "k8s-job",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Print a Kubernetes Indexed Job that runs a sweep's shards on a cluster.",
    description = {
      "",
      "Reads the sweep FILE, the scenario its spec.scenario names and the files that"
          + " scenario's spec.manifests names, and prints two manifests for kubectl apply -f:"
          + " a v1 ConfigMap, JOB-files, holding those files, and a batch/v1 Job, JOB, with"
          + " completionMode: Indexed, completions: N (--shards) and parallelism: P. Every pod"
          + " mounts the ConfigMap read-only at /config with the files' relative paths kept, so"
          + " spec.scenario and spec.manifests resolve as they do on your disk. Pod I runs",
      "",
      "  svcsim sweep /config/FILE --shards N \\",
      "      --out /results/JOB/shard-$(JOB_COMPLETION_INDEX)",
      "",
      "Kubernetes sets JOB_COMPLETION_INDEX (0 to N-1) in every pod of an Indexed Job:"
          + " --shards N reads it to run shard I of N, and the kubelet replaces"
          + " $(JOB_COMPLETION_INDEX) in the container's args with it, so each shard writes its"
          + " own folder on the results volume, a PersistentVolumeClaim mounted at /results.",
      "",
      "JOB is --name, or the sweep's metadata.name made a valid Kubernetes name (lower case,"
          + " other characters turned into '-'). The same files and options give the same"
          + " manifests, byte for byte.",
      "",
      "The whole recipe (docs/distributed.md has it step by step, with manifests to copy):",
      "",
      "1. Build the image from svcsim's Dockerfile; push it where the cluster pulls from:",
      "  docker build -t REGISTRY/svcsim:TAG .",
      "  docker push REGISTRY/svcsim:TAG",
      "2. Create the results claim once (--results-pvc, default svcsim-results). Pods on"
          + " different nodes write to it at once, so it needs a ReadWriteMany storage class"
          + " (NFS, CephFS, EFS, Filestore, Azure Files...).",
      "3. Generate the manifests and apply them:",
      "  svcsim sweep k8s-job sweep.yaml --shards 8 \\",
      "      --image REGISTRY/svcsim:TAG --out job.yaml",
      "  kubectl apply -f job.yaml",
      "4. Watch:",
      "  kubectl get job JOB -w",
      "  kubectl get pods -l job-name=JOB",
      "  kubectl logs -l job-name=JOB --prefix",
      "5. Retries: a failed pod is run again, up to --backoff-limit-per-index times, on the"
          + " same shard folder, so it resumes and skips the points already finished. If a"
          + " shard still fails (the Job's status.failedIndexes lists it), fix the cause, then"
          + " kubectl delete job JOB and apply job.yaml again: finished shards and points are"
          + " skipped.",
      "6. Collect: start a pod that mounts the claim (docs/distributed.md has one), then",
      "  kubectl cp svcsim-results-reader:/results/JOB ./JOB",
      "7. Merge, into the files an unsharded run writes, byte for byte:",
      "  svcsim sweep merge JOB/shard-*/ --out results/",
      "",
      "--memory and --cpu are each pod's request and limit. The JVM sizes its heap from the"
          + " memory limit (--jvm-options, passed in JDK_JAVA_OPTIONS) and svcsim sweep its"
          + " worker count from the CPU limit. The pods run as user 10001, not root.",
      "",
      "Needs Kubernetes 1.29 or later for backoffLimitPerIndex and podReplacementPolicy; for"
          + " older clusters give --backoff-limit N alone, which writes neither.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the manifests were printed or written",
      "2:bad input or usage: a file is missing or is not a sweep, an option is wrong, or --out"
          + " could not be written"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim sweep k8s-job sweep.yaml --shards 8 --image REGISTRY/svcsim:0.1.0 \\",
      "      | kubectl apply -f -",
      "  svcsim sweep k8s-job sweep.yaml --shards 40 --parallelism 10 \\",
      "      --image REGISTRY/svcsim:0.1.0 --namespace sims \\",
      "      --results-pvc sweep-results --memory 4Gi --cpu 2 --out job.yaml",
      "  svcsim sweep k8s-job sweep.yaml --shards 4 --name policy-run-2 \\",
      "      --image REGISTRY/svcsim:0.1.0"
    })
public final class SweepK8sJobCommand implements Callable<Integer> {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Spec CommandSpec spec;

  @Option(
      names = "--shards",
      required = true,
      paramLabel = "N",
      description = "How many shards: the Job's completions, one pod per shard, 1 to "
          + K8sJob.MAX_SHARDS + ". Pod I runs shard I of N.")
  int shards;

  @Option(
      names = "--image",
      required = true,
      paramLabel = "IMAGE",
      description = "The container image with svcsim (build it from svcsim's Dockerfile),"
          + " e.g. REGISTRY/svcsim:0.1.0.")
  String image;

  @Option(
      names = "--parallelism",
      paramLabel = "P",
      description = "How many pods run at once, 1 to N (default: N, every shard at once; pods"
          + " the cluster has no room for wait as Pending).")
  Integer parallelism;

  @Option(
      names = "--results-pvc",
      paramLabel = "NAME",
      defaultValue = K8sJob.DEFAULT_RESULTS_PVC,
      description = "The PersistentVolumeClaim the results go to, mounted at /results; shard I"
          + " writes /results/JOB/shard-I (default: ${DEFAULT-VALUE}).")
  String resultsPvc;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Put both objects in namespace NS (default: none written, so kubectl's"
          + " current namespace).")
  String namespace;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The Job's name, a lower-case DNS label of at most " + K8sJob.MAX_JOB_NAME
          + " characters (default: the sweep's metadata.name, made one). The ConfigMap is"
          + " NAME-files. Give a new name when the sweep changes: a Job of the same name resumes"
          + " its shard folders.")
  String name;

  @Option(
      names = "--memory",
      paramLabel = "QUANTITY",
      defaultValue = K8sJob.DEFAULT_MEMORY,
      description = "Memory request and limit of each pod (default: ${DEFAULT-VALUE}).")
  String memory;

  @Option(
      names = "--cpu",
      paramLabel = "QUANTITY",
      defaultValue = K8sJob.DEFAULT_CPU,
      description = "CPU request and limit of each pod, e.g. 500m, 2 (default: ${DEFAULT-VALUE}).")
  String cpu;

  @Option(
      names = "--jvm-options",
      paramLabel = "OPTIONS",
      defaultValue = K8sJob.DEFAULT_JVM_OPTIONS,
      description = "JVM options for the pods, in JDK_JAVA_OPTIONS; write it"
          + " --jvm-options='-Xmx3g -Xss1m'; empty for none (default: ${DEFAULT-VALUE}).")
  String jvmOptions;

  @Option(
      names = "--backoff-limit-per-index",
      paramLabel = "N",
      description = "Retries of each shard before it counts as failed (default: "
          + K8sJob.DEFAULT_BACKOFF_LIMIT_PER_INDEX + "). Kubernetes 1.29 or later.")
  Integer backoffLimitPerIndex;

  @Option(
      names = "--backoff-limit",
      paramLabel = "N",
      description = "Failed pods tolerated over all shards before the Job fails. Given alone,"
          + " it replaces --backoff-limit-per-index (for clusters before 1.29).")
  Integer backoffLimit;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the manifests to FILE (creating its folder if needed) instead of"
          + " standard output.")
  Path out;

  @Parameters(paramLabel = "FILE", description = "The sweep file (kind: Sweep).")
  Path file;

  @Override
  public Integer call() {
    checkOptions();
    try {
      OutputFile.requireNotFolder(out, "--out", "the manifests");
      String text = K8sJob.manifests(options());
      OutputFile.emit(spec.commandLine().getOut(), out, text, "the manifests");
      return ExitCode.OK;
    } catch (InvalidInputException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("svcsim: " + e.getMessage());
      err.flush();
      return ExitCode.BAD_INPUT;
    }
  }

  /** Usage errors: each names its option, as picocli's own do. */
  private void checkOptions() {
    if (shards < 1 || shards > K8sJob.MAX_SHARDS) {
      throw usage("--shards must be between 1 and " + K8sJob.MAX_SHARDS + ", not " + shards);
    }
    if (parallelism != null && (parallelism < 1 || parallelism > shards)) {
      throw usage("--parallelism must be between 1 and --shards (" + shards + "), not " + parallelism);
    }
    if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      throw usage("--image " + K8sJob.quote(image) + " is not an image reference (e.g. REGISTRY/svcsim:0.1.0)");
    }
    if (name != null) {
      String problem = K8sJob.dnsLabelProblem(name, K8sJob.MAX_JOB_NAME);
      if (problem != null) {
        throw usage("--name " + K8sJob.quote(name) + " " + problem + " (try " + K8sJob.jobNameFor(name) + ")");
      }
    }
    if (namespace != null) {
      String problem = K8sJob.dnsLabelProblem(namespace, 63);
      if (problem != null) {
        throw usage("--namespace " + K8sJob.quote(namespace) + " " + problem);
      }
    }
    String pvc = K8sJob.dnsSubdomainProblem(resultsPvc);
    if (pvc != null) {
      throw usage("--results-pvc " + K8sJob.quote(resultsPvc) + " " + pvc);
    }
    if (!K8sJob.isQuantity(memory)) {
      throw usage("--memory " + K8sJob.quote(memory) + " is not a Kubernetes quantity (e.g. 512Mi, 2Gi)");
    }
    if (!K8sJob.isQuantity(cpu)) {
      throw usage("--cpu " + K8sJob.quote(cpu) + " is not a Kubernetes quantity (e.g. 500m, 1, 2)");
    }
    if (backoffLimitPerIndex != null && backoffLimitPerIndex < 0) {
      throw usage("--backoff-limit-per-index must be 0 or more, not " + backoffLimitPerIndex);
    }
    if (backoffLimit != null && backoffLimit < 0) {
      throw usage("--backoff-limit must be 0 or more, not " + backoffLimit);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Reads the files and turns the options into {@link K8sJob.Options}. */
  private K8sJob.Options options() {
    Path sweep = file.toAbsolutePath().normalize();
    if (Files.isDirectory(sweep)) {
      throw new InvalidInputException(file + " is a folder; give the sweep file (kind: Sweep)");
    }
    byte[] sweepBytes = read(sweep, "sweep file " + file);
    K8sJob.SweepHeader header;
    try {
      header = K8sJob.readHeader(file.toString(), sweepBytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
    if (name == null && header.name() == null) {
      throw new InvalidInputException(
          file + ": metadata.name: Required value: it names the Job; add it, or give --name NAME");
    }

    String scenarioText = header.scenario();
    Path scenario = resolve(sweep.getParent(), scenarioText, file + ": spec.scenario");
    if (!Files.isRegularFile(scenario)) {
      throw new InvalidInputException(
          file + ": spec.scenario: no such file: " + K8sJob.quote(scenarioText) + " (looked for " + scenario
              + "; the path is relative to the sweep file)");
    }
    byte[] scenarioBytes = read(scenario, "scenario file " + scenario);

    List<String> manifestTexts = new ArrayList<>();
    List<Path> manifestFiles = new ArrayList<>();
    for (String entry : manifestEntries(scenario, scenarioBytes)) {
      Path p = resolve(scenario.getParent(), entry, scenario + ": spec.manifests");
      if (Files.isDirectory(p)) {
        String prefix = entry.endsWith("/") ? entry : entry + "/";
        for (Path f : yamlFilesIn(p)) {
          manifestTexts.add(prefix + f.getFileName());
          manifestFiles.add(f);
        }
      } else if (Files.isRegularFile(p)) {
        manifestTexts.add(entry);
        manifestFiles.add(p);
      } else {
        throw new InvalidInputException(
            scenario + ": spec.manifests: no such file or folder: " + K8sJob.quote(entry)
                + " (paths are relative to the scenario file)");
      }
    }

    // the mount's top: the sweep's folder, or above it when the other files lie higher up
    List<Path> all = new ArrayList<>(manifestFiles);
    all.add(scenario);
    Path top = commonTop(sweep.getParent(), all);
    String sweepInMount = top.relativize(sweep).toString().replace(java.io.File.separatorChar, '/');

    K8sJob.Options o =
        new K8sJob.Options(sweepInMount, sweepBytes, scenarioText, scenarioBytes, shards, image)
            .parallelism(parallelism)
            .jobName(name)
            .namespace(namespace)
            .resultsPvc(resultsPvc)
            .memory(memory)
            .cpu(cpu)
            .jvmOptions(jvmOptions);
    if (backoffLimitPerIndex != null || backoffLimit == null) {
      o.backoffLimitPerIndex(backoffLimitPerIndex == null ? K8sJob.DEFAULT_BACKOFF_LIMIT_PER_INDEX : backoffLimitPerIndex);
    } else {
      o.backoffLimitPerIndex(null);
    }
    o.backoffLimit(backoffLimit);
    for (int i = 0; i < manifestFiles.size(); i++) {
      o.manifest(manifestTexts.get(i), read(manifestFiles.get(i), "manifest file " + manifestFiles.get(i)));
    }
    return o;
  }

  /** The deepest folder, starting at {@code start} and going up, that holds every one of {@code files}. */
  private static Path commonTop(Path start, List<Path> files) {
    Path top = start;
    while (top != null) {
      Path t = top;
      if (files.stream().allMatch(f -> f.startsWith(t))) {
        return top;
      }
      top = top.getParent();
    }
    throw new InvalidInputException("the sweep's files have no folder in common (are they on different drives?)");
  }

  /** {@code text} against folder {@code base}; absolute paths are refused (the pod mounts relative ones). */
  private static Path resolve(Path base, String text, String where) {
    Path p;
    try {
      p = Path.of(text);
    } catch (InvalidPathException e) {
      throw new InvalidInputException(where + ": not a valid path: " + K8sJob.quote(text));
    }
    if (p.isAbsolute() || text.startsWith("/")) {
      throw new InvalidInputException(
          where + ": " + K8sJob.quote(text) + " is an absolute path; the Job mounts the files under /config,"
              + " so make it relative");
    }
    return base.resolve(p).normalize();
  }

  /** The strings of the Scenario document's spec.manifests, in order (none when it has none). */
  private static List<String> manifestEntries(Path scenario, byte[] bytes) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(bytes)) {
      while (it.hasNextValue()) {
        docs.add(it.nextValue());
      }
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new InvalidInputException(
          scenario + " is not readable YAML (svcsim validate tells more): " + why);
    }
    JsonNode doc = null;
    for (JsonNode d : docs) {
      if (d != null && d.isObject() && "Scenario".equals(d.path("kind").asText(null))) {
        doc = d;
        break;
      }
    }
    if (doc == null) {
      throw new InvalidInputException(
          scenario + " holds no kind: Scenario document; spec.scenario must name a scenario file");
    }
    JsonNode manifests = doc.path("spec").path("manifests");
    List<String> entries = new ArrayList<>();
    if (manifests.isMissingNode() || manifests.isNull()) {
      return entries;
    }
    if (!manifests.isArray()) {
      throw new InvalidInputException(scenario + ": spec.manifests: must be a list of file or folder paths");
    }
    for (JsonNode m : manifests) {
      if (!m.isTextual() || m.asText().isBlank()) {
        throw new InvalidInputException(scenario + ": spec.manifests: must be a file or folder path, not " + m);
      }
      entries.add(m.asText());
    }
    return entries;
  }

  /** The *.yaml and *.yml files of a folder, by name, as the scenario loader takes them. */
  private static List<Path> yamlFilesIn(Path folder) {
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(f -> {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(f);
          })
          .sorted(Comparator.comparing(f -> f.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new InvalidInputException("cannot list folder " + folder + ": " + why(e));
    }
  }

  private static byte[] read(Path p, String what) {
    try {
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such " + what);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + what + ": " + why(e));
    }
  }

  private static String why(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
