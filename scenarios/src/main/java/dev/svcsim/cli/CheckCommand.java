package dev.svcsim.cli;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.reports.Ansi;
import dev.svcsim.reports.JUnitXmlWriter;
import dev.svcsim.reports.Report;
import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code svcsim check}: runs scenarios and fails when an expectation does not hold. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Run scenarios and check their expectations: the command for CI pipelines.",
    description = {
      "",
      "Runs each FILE as `svcsim run` does (with the --set overrides applied to every FILE)"
          + " and evaluates its spec.expectations (metric, op,"
          + " value, tolerance) on the report. Prints one line per expectation, PASS or FAIL with"
          + " the actual value, then a summary. Every file is run, even after a failure, so one"
          + " run shows every broken policy. The same files and seeds give the same verdicts.",
      "",
      "An expectation whose metric names nothing in the report (a typo, a Service that got no"
          + " traffic, a figure that is null because nothing was measured) fails, and says why.",
      "",
      "--junit FILE writes the verdicts as JUnit XML, as Maven Surefire writes test results:"
          + " one testsuite per scenario, one testcase per expectation (named by the"
          + " expectation's name), a failure element with the actual and the expected value, and"
          + " an error for a scenario that could not be loaded. Jenkins, GitLab and the GitHub"
          + " test-report actions show each policy check by name.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every expectation of every scenario held",
      "1:some expectation failed",
      "2:bad input or usage: some scenario has errors (the others were still checked), an"
          + " option is wrong, or --junit could not be written",
      "3:internal error (a bug in svcsim: add --debug and report it)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim check scenarios/examples/*.yaml",
      "  svcsim check --junit target/svcsim-junit.xml scenarios/examples/*.yaml",
      "  svcsim check --set spec.cluster.kubeProxy.mode=ipvs scenarios/examples/*.yaml",
    })
public final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "Also write the verdicts as JUnit XML to FILE (creating its folder if needed).")
  Path junit;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only failed expectations, scenarios that did not load, and the summary.")
  boolean quiet;

  @Mixin ScenarioOverrides overrides;

  @Mixin ColorOption color;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "The scenario files to check.")
  List<Path> files;

  private final BiFunction<Scenario, RunOptions, RunResult> dataPlane;

  /** Runs scenarios through {@link DataPlane#run}. */
  public CheckCommand() {
    this(DataPlane::run);
  }

  /** Runs scenarios through another data plane (tests). */
  CheckCommand(BiFunction<Scenario, RunOptions, RunResult> dataPlane) {
    this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutputFile.requireNotFolder(junit, "--junit", "the JUnit XML");
    boolean colour = color.forStdout();
    ScenarioRuns runs = new ScenarioRuns(dataPlane, err);
    List<JUnitXmlWriter.Suite> suites = new ArrayList<>();
    int expectations = 0;
    int failed = 0;
    int invalid = 0;
    for (Path file : files) {
      long started = System.nanoTime();
      LoadResult loaded = runs.load(file, overrides.overrides());
      if (!loaded.ok()) {
        invalid++;
        List<String> errors = loaded.errors().stream().map(Problem::toString).toList();
        out.println(Ansi.paint(colour, Ansi.RED, "ERROR") + " " + file + ": " + ValidateCommand.plural(errors.size(), "error")
            + "; nothing was simulated (the errors are above)");
        suites.add(new JUnitXmlWriter.Suite(String.valueOf(file.getFileName()), file.toString(), null, errors,
            seconds(System.nanoTime() - started)));
        continue;
      }
      Scenario scenario = loaded.scenario();
      Report report = runs.run(scenario, RunOptions.DEFAULT.intervalNanos());
      suites.add(new JUnitXmlWriter.Suite(scenario.name(), file.toString(), report, List.of(),
          seconds(System.nanoTime() - started)));
      int bad = (int) report.expectations().stream().filter(e -> !e.passed()).count();
      expectations += report.expectations().size();
      failed += bad;
      String verdict = report.expectations().isEmpty() ? Ansi.paint(colour, Ansi.BOLD, "NONE")
          : bad == 0 ? Ansi.paint(colour, Ansi.GREEN, "PASS") : Ansi.paint(colour, Ansi.RED, "FAIL");
      if (!quiet || bad > 0 || report.expectations().isEmpty()) {
        out.println(verdict + " " + file + " (" + scenario.name() + "): "
            + (report.expectations().isEmpty() ? "no expectations, nothing to check"
                : (report.expectations().size() - bad) + " of "
                    + ValidateCommand.plural(report.expectations().size(), "expectation") + " held"));
      }
      for (ExpectationRow row : report.expectations()) {
        if (!quiet || !row.passed()) {
          out.println("  " + (row.passed() ? Ansi.paint(colour, Ansi.GREEN, "PASS") : Ansi.paint(colour, Ansi.RED, "FAIL")) + "  "
              + row.name() + ": " + describe(row));
        }
      }
    }
    out.println();
    out.println(summary(files.size(), expectations, failed, invalid));
    out.flush();
    if (junit != null) {
      StringWriter xml = new StringWriter();
      JUnitXmlWriter.write(suites, xml);
      OutputFile.write(junit, xml.toString(), "the JUnit XML");
    }
    if (invalid > 0) {
      return ExitCode.BAD_INPUT;
    }
    return failed > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
  }

  /** {@code metric >= 0.99: actual 1} or, with no actual value, why there is none. */
  static String describe(ExpectationRow row) {
    return row.expected() + ": actual " + row.actualText() + (row.problem() == null ? "" : ": " + row.problem());
  }

  static String summary(int scenarios, int expectations, int failed, int invalid) {
    StringBuilder b = new StringBuilder("check: ").append(ValidateCommand.plural(scenarios, "scenario")).append(", ")
        .append(ValidateCommand.plural(expectations, "expectation")).append(": ")
        .append(expectations - failed).append(" held, ").append(failed).append(" failed");
    if (invalid > 0) {
      b.append("; ").append(invalid).append(invalid == 1 ? " scenario" : " scenarios").append(" did not load");
    }
    return b.toString();
  }


  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
