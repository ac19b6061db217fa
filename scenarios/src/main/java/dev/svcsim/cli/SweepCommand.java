package dev.svcsim.cli;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.reports.SweepResults;
import dev.svcsim.reports.SweepResultsWriter;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.SweepLoadResult;
import dev.svcsim.scenario.load.SweepLoader;
import dev.svcsim.scenario.sweep.DurableFiles;
import dev.svcsim.scenario.sweep.Fingerprint;
import dev.svcsim.scenario.sweep.PointOutcome;
import dev.svcsim.scenario.sweep.Results;
import dev.svcsim.scenario.sweep.RunOutcome;
import dev.svcsim.scenario.sweep.Shard;
import dev.svcsim.scenario.sweep.Sweep;
import dev.svcsim.scenario.sweep.SweepFolder;
import dev.svcsim.scenario.sweep.SweepInfo;
import dev.svcsim.scenario.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code svcsim sweep}: runs every point of a sweep, every replication, on every core. */
@Command(
    name = "sweep",
    subcommands = {SweepMergeCommand.class, SweepK8sJobCommand.class},
    commandListHeading = "%nCommands:%n",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Run a scenario over a grid of parameter values, with replications, on every core.",
    description = {
      "",
      "FILE is a kind: Sweep document (docs/sweeps.md): a scenario, the fields to vary in it"
          + " (each a path as --set takes it, with a list of values or a range), how to combine"
          + " them into points (grid: every combination, the first parameter varying slowest;"
          + " zip: the i-th values together), how many replications to run per point, and the"
          + " report metrics to collect. svcsim loads the sweep and checks every point first (a"
          + " parameter path that names nothing is an error of the sweep, exit code 2, and"
          + " nothing runs; a value that does not suit its field fails that point only), then"
          + " runs each replication of each point as an independent simulation, N at a time.",
      "",
      "Each run's seed derives from the sweep's seed, the point's values and the replication"
          + " number, not from the order or the number of threads: the same sweep file gives"
          + " the same results, byte for byte, whatever -j, and any run can be repeated alone"
          + " with svcsim run --set ... --set spec.seed=SEED (docs/sweeps.md, \"Seeds\").",
      "",
      "Results go to DIR: results.csv (one row per point, in point order: the parameter"
          + " values, then per metric its mean, standard deviation, the bounds of the 95%%"
          + " confidence interval of the mean (Student's t) and the number of runs that gave a"
          + " value, then each expectation's PASS or FAIL on the mean, then the point's error),"
          + " results.json with the same figures, and report.html: line charts of each metric"
          + " against each numeric parameter and heat maps where two parameters vary, one"
          + " self-contained page.",
      "",
      "Nothing is lost: each point is written to DIR/points/INDEX.json as soon as its"
          + " replications are done (whole or not at all: written aside, flushed to the disk,"
          + " then renamed), with a fingerprint of the sweep and its scenario. After a crash, a"
          + " kill or Ctrl-C, run the same command again: it skips the finished points and runs"
          + " the rest, and the results are the same as an uninterrupted run's. A DIR that holds"
          + " another sweep, or this one before its file or its scenario changed, is refused"
          + " (exit code 2): use another --out, or delete DIR.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every point ran and the results were written (failed expectations included)",
      "1:some points failed (a value that does not suit its field, a run that threw); the"
          + " others ran, and the results hold each failure's error",
      "2:bad input or usage: the sweep or its scenario has errors (nothing ran), an option is"
          + " wrong, DIR holds another sweep, or DIR could not be written",
      "3:internal error (a bug in svcsim: add --debug and report it)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim sweep scenarios/examples/sweeps/etp-policy-by-replicas.yaml",
      "  column -s, -t < sweep-etp-policy-by-replicas/results.csv | less -S",
      "  svcsim sweep -j 4 --out results/etp \\",
      "      scenarios/examples/sweeps/etp-policy-by-replicas.yaml",
      "  f=scenarios/examples/sweeps/etp-policy-by-replicas.yaml    three shards, then merged:",
      "  for i in 0 1 2; do svcsim sweep --shard $i/3 $f; done",
      "  svcsim sweep merge sweep-etp-policy-by-replicas-shard-*-of-3",
      "",
      "Documentation: docs/sweeps.md."
    })
public final class SweepCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      description = "Run N simulations at once (default: one per core, as the JVM counts them:"
          + " Runtime.availableProcessors()). The results do not depend on N.")
  Integer jobs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write the results to DIR, creating it (default: sweep-NAME in the current"
          + " folder, NAME being the sweep's metadata.name). A DIR with finished points of the"
          + " same sweep is resumed.")
  Path out;

  @Option(
      names = "--shard",
      paramLabel = "I/N",
      converter = ShardConverter.class,
      description = "Run only shard I of N (I from 0 to N-1): the points whose index leaves I when"
          + " divided by N. Each shard writes its points to its own DIR (default:"
          + " sweep-NAME-shard-I-of-N) and no results; svcsim sweep merge combines the shard"
          + " folders into the results of an unsharded run, byte for byte.")
  Shard shard;

  @Option(
      names = "--shards",
      paramLabel = "N",
      description = "Like --shard I/N, with I read from the environment variable"
          + " JOB_COMPLETION_INDEX, which a Kubernetes Indexed Job sets in each of its pods.")
  Integer shards;

  @Parameters(paramLabel = "FILE", arity = "0..1", description = "The sweep file to run.")
  Path file;

  /** The environment ({@code JOB_COMPLETION_INDEX}); tests set their own. */
  Map<String, String> env = System.getenv();

  private final BiFunction<Scenario, RunOptions, RunResult> dataPlane;

  /** Runs scenarios through {@link DataPlane#run}. */
  public SweepCommand() {
    this(DataPlane::run);
  }

  /** Runs scenarios through another data plane (tests). */
  SweepCommand(BiFunction<Scenario, RunOptions, RunResult> dataPlane) {
    this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
  }

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    if (file == null) {
      throw new CommandLine.ParameterException(cmd, "Missing required parameter: 'FILE' (the sweep file to run)");
    }
    int threads = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
    if (threads < 1) {
      throw new CommandLine.ParameterException(cmd, "-j must be at least 1, not " + threads);
    }
    Shard share = shard(cmd);
    PrintWriter stdout = cmd.getOut();
    PrintWriter err = cmd.getErr();
    SweepLoadResult loaded = new SweepLoader().load(file);
    for (Problem p : loaded.problems()) {
      err.println(p);
    }
    if (!loaded.ok()) {
      err.println("svcsim: " + file + ": " + ValidateCommand.plural(loaded.errors().size(), "error") + "; nothing was run");
      err.flush();
      return ExitCode.BAD_INPUT;
    }
    Sweep sweep = loaded.sweep();
    Path dir = out != null ? out : Path.of("sweep-" + sweep.name()
        + (share == null ? "" : "-shard-" + share.index() + "-of-" + share.count()));
    SweepInfo info = SweepInfo.of(sweep);
    SweepFolder folder = folder(() -> SweepFolder.open(dir, Fingerprint.of(sweep), info,
        share == null ? null : share.toString()), dir);
    SortedMap<Integer, PointOutcome> before = folder(folder::points, dir);
    Set<Integer> done = before.keySet();
    List<Integer> mine = IntStream.range(0, sweep.pointCount()).filter(i -> share == null || share.contains(i))
        .boxed().toList();
    List<Integer> pending = mine.stream().filter(i -> !done.contains(i)).toList();
    stdout.println("sweep " + sweep.name() + ": "
        + (share == null ? "" : "shard " + share + ": " + mine.size() + " of ")
        + ValidateCommand.plural(sweep.pointCount(), "point") + " x "
        + ValidateCommand.plural(sweep.replications(), "replication") + " on " + ValidateCommand.plural(threads, "thread")
        + ", into " + dir);
    if (!done.isEmpty()) {
      stdout.println("resuming: " + (mine.size() - pending.size()) + " of " + mine.size() + " points were done already; "
          + (pending.isEmpty() ? "nothing left to run" : "running the other " + pending.size()));
    }
    stdout.flush();

    int failedBefore = (int) before.values().stream().filter(p -> !p.ok()).count();
    try (SweepProgressBar bar = new SweepProgressBar(err, System::nanoTime, Terminal.isTerminal(Terminal.STDERR),
        mine.size() - pending.size(), failedBefore, mine.size())) {
      Integer code = run(sweep, threads, folder, mine.size(), pending, bar, err);
      if (code != null) {
        return code;
      }
    }
    SortedMap<Integer, PointOutcome> points = folder(folder::points, dir);
    warnNoValue(err, info, points.values());
    if (share != null) {
      return shardSummary(stdout, err, share, dir, points);
    }
    SweepResults results = Results.of(info, new ArrayList<>(points.values()));
    writeResults(dir, results);
    return summary(stdout, err, dir, results);
  }

  /**
   * Checks then runs the pending points of this run's share (of {@code share} points), writing
   * each to the folder as it finishes; an exit code when the sweep cannot run (a parameter path
   * names nothing), else null.
   */
  private Integer run(Sweep sweep, int threads, SweepFolder folder, int share, List<Integer> pending,
      SweepProgressBar bar, PrintWriter err) {
    Path dir = folder.dir();
    SweepRunner runner = new SweepRunner(sweep, threads, dataPlane);
    SweepRunner.Checked checked = runner.check(pending, bar);
    if (!checked.sweepErrors().isEmpty()) {
      bar.close();
      for (Problem p : checked.sweepErrors()) {
        err.println(p);
      }
      err.println("svcsim: " + file + ": " + ValidateCommand.plural(checked.sweepErrors().size(), "error")
          + "; nothing was run");
      err.flush();
      return ExitCode.BAD_INPUT;
    }
    folder(() -> {
      folder.prepare();
      return null;
    }, dir);
    bar.alsoFinished(checked.pointErrors().size(), checked.pointErrors().size());
    AtomicInteger saved = new AtomicInteger(share - pending.size());
    Thread interrupted = new Thread(() -> {
      err.println();
      err.println("svcsim: interrupted: " + saved.get() + " of " + share + " points are saved in " + dir
          + "; run the same command again to run the others");
      err.flush();
    }, "svcsim-sweep-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    try {
      for (Map.Entry<Integer, String> e : checked.pointErrors().entrySet()) {
        write(folder, SweepRunner.failed(sweep.point(e.getKey()), e.getValue()));
        saved.incrementAndGet();
      }
      List<Integer> runnable = pending.stream().filter(i -> !checked.pointErrors().containsKey(i)).toList();
      try {
        runner.run(runnable, o -> {
          folder.write(o);
          saved.incrementAndGet();
        }, bar);
      } catch (UncheckedIOException e) {
        throw OutputFolder.cannotWrite(dir, e.getCause());
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook says what was saved
      }
    }
    return null;
  }

  /** The shard this run takes: --shard, or --shards with JOB_COMPLETION_INDEX; null for all points. */
  private Shard shard(CommandLine cmd) {
    if (shard != null && shards != null) {
      throw new CommandLine.ParameterException(cmd, "give --shard I/N or --shards N, not both");
    }
    Shard s = shard;
    if (shards != null) {
      if (shards < 1) {
        throw new CommandLine.ParameterException(cmd, "--shards must be at least 1, not " + shards);
      }
      String index = env.get("JOB_COMPLETION_INDEX");
      if (index == null || index.isBlank()) {
        throw new CommandLine.ParameterException(cmd, "--shards " + shards + " takes this shard's number from the"
            + " environment variable JOB_COMPLETION_INDEX, which is not set (a Kubernetes Indexed Job sets it);"
            + " elsewhere, give --shard I/" + shards);
      }
      try {
        s = new Shard(Integer.parseInt(index.trim()), shards);
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(cmd, "JOB_COMPLETION_INDEX is \"" + index + "\", not a shard number");
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, "JOB_COMPLETION_INDEX is " + index.trim() + ": " + e.getMessage());
      }
    }
    return s == null || s.whole() ? null : s;
  }

  /** A shard's end: its failed points (stderr), what it ran, how to merge (stdout); the exit code. */
  private static int shardSummary(PrintWriter stdout, PrintWriter err, Shard share, Path dir,
      SortedMap<Integer, PointOutcome> points) {
    int failed = 0;
    for (PointOutcome p : points.values()) {
      if (!p.ok()) {
        failed++;
        err.println("svcsim: point " + p.index() + " (" + dev.svcsim.scenario.sweep.SweepPoint.describe(p.values()) + ") failed: " + p.error());
      }
    }
    err.flush();
    stdout.println("shard " + share + ": " + ValidateCommand.plural(points.size(), "point") + ": "
        + (points.size() - failed) + " ran, " + failed + " failed");
    stdout.println("its points are in " + dir.resolve(SweepFolder.POINTS) + "; once every shard has run, combine"
        + " them: svcsim sweep merge DIR... --out DIR");
    stdout.flush();
    return failed > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
  }

  /** Reads {@code --shard I/N}. */
  static final class ShardConverter implements CommandLine.ITypeConverter<Shard> {
    @Override
    public Shard convert(String value) {
      try {
        return Shard.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Something done to the output folder; its problems are bad input (exit code 2). */
  interface FolderAction<T> {
    T run() throws IOException;
  }

  static <T> T folder(FolderAction<T> action, Path dir) {
    try {
      return action.run();
    } catch (SweepFolder.FolderException e) {
      throw new InvalidInputException(e.getMessage());
    } catch (IOException e) {
      throw OutputFolder.cannotWrite(dir, e);
    }
  }

  private static void write(SweepFolder folder, PointOutcome o) {
    folder(() -> {
      folder.write(o);
      return null;
    }, folder.dir());
  }

  /**
   * Warns of each metric that had no value in any run that ran (a path that names something the
   * report does not have, most likely), with the first run's reason.
   */
  static void warnNoValue(PrintWriter err, SweepInfo info, Collection<PointOutcome> points) {
    for (String metric : info.collected()) {
      boolean some = false;
      String why = null;
      for (PointOutcome p : points) {
        for (RunOutcome r : p.runs()) {
          if (!r.ok()) {
            continue;
          }
          if (r.metrics().get(metric) != null) {
            some = true;
          } else if (why == null) {
            why = "point " + p.index() + ": " + r.noValue().get(metric);
          }
        }
      }
      if (!some && why != null) {
        err.println("svcsim: warning: " + metric + " had no value in any run (" + why + ")");
      }
    }
    err.flush();
  }

  /** Prints the failed points (stderr) and what was written (stdout); the exit code. */
  static int summary(PrintWriter stdout, PrintWriter err, Path dir, SweepResults results) {
    int failed = 0;
    int met = 0;
    int ran = 0;
    for (SweepResults.Point p : results.points()) {
      if (!p.ok()) {
        failed++;
        err.println("svcsim: point " + p.index() + " (" + dev.svcsim.scenario.sweep.SweepPoint.describe(p.values()) + ") failed: " + p.error());
      }
      if (!p.expectations().isEmpty()) {
        ran++;
        if (p.expectations().stream().allMatch(x -> x.passed())) {
          met++;
        }
      }
    }
    err.flush();
    int points = results.points().size();
    StringBuilder line = new StringBuilder(ValidateCommand.plural(points, "point")).append(": ")
        .append(points - failed).append(" ran, ").append(failed).append(" failed");
    if (!results.expectations().isEmpty()) {
      line.append("; ").append(met).append(" of ").append(ran).append(ran == 1 ? " point" : " points")
          .append(" met every expectation");
    }
    stdout.println(line);
    stdout.println("wrote " + dir.resolve("results.csv"));
    stdout.println("wrote " + dir.resolve("results.json"));
    stdout.println("wrote " + dir.resolve("report.html"));
    stdout.flush();
    return failed > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
  }

  /** Writes results.csv and results.json into {@code dir}, each atomically. */
  static void writeResults(Path dir, SweepResults results) {
    try {
      StringWriter csv = new StringWriter();
      SweepResultsWriter.csv(results, csv);
      StringWriter json = new StringWriter();
      SweepResultsWriter.json(results, json);
      DurableFiles.write(dir.resolve("results.csv"), csv.toString());
      DurableFiles.write(dir.resolve("results.json"), json.toString());
      DurableFiles.write(dir.resolve("report.html"), dev.svcsim.reports.SweepHtmlWriter.write(results));
    } catch (IOException e) {
      throw OutputFolder.cannotWrite(dir, e);
    }
  }

  /** The folder a sweep writes to. */
  static final class OutputFolder {
    private OutputFolder() {}

    static InvalidInputException cannotWrite(Path dir, IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof java.nio.file.AccessDeniedException) {
        why = "permission denied: " + e.getMessage();
      } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
        why = "a file is in the way of a folder on that path";
      }
      return new InvalidInputException("cannot write the sweep's results to " + dir + ": " + why);
    }
  }
}
