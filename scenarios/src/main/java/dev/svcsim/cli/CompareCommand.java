package dev.svcsim.cli;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.reports.Comparison;
import dev.svcsim.reports.ComparisonWriter;
import dev.svcsim.reports.Report;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.SetOverride;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code svcsim compare}: two runs side by side, the differences highlighted. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Run a what-if and show both reports side by side, the differences highlighted.",
    description = {
      "",
      "Runs two scenarios and lists every figure of the two reports side by side: connections,"
          + " failures by reason, source IP, node hops, cross-zone traffic, every pod's and"
          + " node's share, skew and latency, each named by the metric path an expectation"
          + " would use, with the change from A to B. Figures that differ are marked * (and"
          + " yellow on a terminal). The expectations of both runs come first.",
      "",
      "A is FILE as written (with --set-a overrides, if any); B is the second FILE, or FILE"
          + " again, with the --set overrides. So one file and some --set is a what-if on that"
          + " file; two files compare two scenarios (the --set overrides then apply to the"
          + " second). Both runs use their own scenario's seed, so the draws start the same:"
          + " what the change touches differs because of it, but figures it does not touch"
          + " directly can still move a little (a node's endpoint picks for all its Services"
          + " share one random stream, and shared pods see requests in another order).",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:both runs finished and the comparison was written (differences are not failures)",
      "2:bad input or usage: a scenario has errors, nothing to compare, or --out could not be"
          + " written",
      "3:internal error (a bug in svcsim: add --debug and report it)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim compare scenarios/examples/etp-local-vs-cluster-lb.yaml \\",
      "      --set service/default/web-cluster:spec.externalTrafficPolicy=Local",
      "  svcsim compare scenarios/examples/etp-local-imbalance.yaml \\",
      "      --set spec.cluster.kubeProxy.mode=ipvs --only-changed",
      "  svcsim compare -o md a.yaml b.yaml > comment.md"
    })
public final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = FormatConverter.class,
      description = "table (default), md (Markdown, for a pull-request comment) or json.")
  ComparisonWriter.Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the comparison to FILE instead of standard output.")
  Path out;

  @Option(names = "--only-changed", description = "Leave out the figures and expectations that are the same in A and B.")
  boolean onlyChanged;

  @Mixin ScenarioOverrides overrides;

  @Option(
      names = "--set-a",
      paramLabel = "PATH=VALUE",
      converter = ScenarioOverrides.Converter.class,
      description = "Like --set, but for A.")
  List<SetOverride> overridesA = new ArrayList<>();

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = RunCommand.IntervalConverter.class,
      description = "The timeline's interval, as for run (it matters to metrics that name timeline rows).")
  long intervalNanos;

  @Mixin ColorOption color;

  @Parameters(paramLabel = "FILE", arity = "1..2", description = "A's scenario, and B's if it is another file.")
  List<Path> files;

  private final BiFunction<Scenario, RunOptions, RunResult> dataPlane;

  /** Runs scenarios through {@link DataPlane#run}. */
  public CompareCommand() {
    this(DataPlane::run);
  }

  /** Runs scenarios through another data plane (tests). */
  CompareCommand(BiFunction<Scenario, RunOptions, RunResult> dataPlane) {
    this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    List<SetOverride> setsB = overrides.overrides();
    if (files.size() == 1 && setsB.isEmpty()) {
      throw new InvalidInputException("nothing to compare: give a second FILE, or --set PATH=VALUE to change "
          + files.get(0) + " for B");
    }
    OutputFile.requireNotFolder(out, "--out", "the comparison");
    Path fileA = files.get(0);
    Path fileB = files.size() == 2 ? files.get(1) : fileA;
    ScenarioRuns runs = new ScenarioRuns(dataPlane, err);
    LoadResult a = runs.load(fileA, overridesA);
    LoadResult b = runs.load(fileB, setsB);
    if (!a.ok() || !b.ok()) {
      for (LoadResult bad : List.of(a, b)) {
        if (!bad.ok()) {
          err.println("svcsim: " + bad.file() + ": " + ValidateCommand.plural(bad.errors().size(), "error")
              + (bad == a ? " in A" : " in B") + "; nothing was simulated");
        }
      }
      err.flush();
      return ExitCode.BAD_INPUT;
    }
    Report reportA = runs.run(a.scenario(), intervalNanos);
    Report reportB = runs.run(b.scenario(), intervalNanos);
    Comparison c = Comparison.of(label(fileA, overridesA, "--set-a"), reportA, label(fileB, setsB, "--set"), reportB);
    StringWriter text = new StringWriter();
    boolean colour = out == null && color.forStdout();
    new ComparisonWriter(format, colour, onlyChanged).write(c, text);
    OutputFile.emit(spec.commandLine().getOut(), out, text.toString(), "the comparison");
    return ExitCode.OK;
  }

  /** {@code FILE --set a=b --set c=d}, as a shell would take it back. */
  static String label(Path file, List<SetOverride> sets, String option) {
    StringBuilder b = new StringBuilder(file.toString());
    for (SetOverride s : sets) {
      b.append(' ').append(option).append(' ').append(shellQuote(s.text()));
    }
    return b.toString();
  }

  private static String shellQuote(String s) {
    boolean plain = !s.isEmpty() && s.chars().allMatch(
        c -> Character.isLetterOrDigit(c) || "-_./:=,@%+".indexOf(c) >= 0);
    return plain ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  /** Reads {@code -o}: table, json or md. */
  static final class FormatConverter implements ITypeConverter<ComparisonWriter.Format> {
    @Override
    public ComparisonWriter.Format convert(String value) {
      try {
        return ComparisonWriter.Format.fromName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
