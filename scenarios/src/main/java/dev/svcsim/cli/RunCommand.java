package dev.svcsim.cli;

import dev.svcsim.engine.units.Durations;
import dev.svcsim.engine.units.UnitParseException;
import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.reports.Report;
import dev.svcsim.reports.ReportFormat;
import dev.svcsim.scenario.load.LoadResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Iterator;
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

/** {@code svcsim run}: simulates one scenario and writes its report. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Simulate a scenario and report where its traffic went.",
    description = {
      "",
      "Loads FILE as `svcsim validate` does (problems are printed as FILE:LINE:COLUMN: FIELD:"
          + " MESSAGE; errors stop here with exit code 2, warnings are printed and the run goes"
          + " on), then simulates it: the warmup first, uncounted, then the measured duration."
          + " Clients open connections through load balancers, NodePorts, ClusterIPs or DNS;"
          + " each node's kube-proxy picks an endpoint as the scenario's mode would; pods serve"
          + " the requests; the timeline fails nodes and rolls out pods on the way. The same"
          + " file and seed always give the same report, byte for byte.",
      "",
      "The report gives, per Service:",
      "",
      "Connections: new flows from clients, one conntrack entry each (kube-proxy balances"
          + " connections, not requests). generated = delivered + failed, and each failed"
          + " connection has one reason in failedBy: noEndpoints, noLocalEndpoints, nodeDown,"
          + " lbNoHealthyTarget, sourceRangeBlocked, podGone, queueFull, replyDiscarded (a Local"
          + " policy forwarded it to a pod without SNAT, and the pod's reply comes from an address"
          + " the client did not call: IPVS's Local fallback, a pod dialing another node's NodePort) or"
          + " ecmpRehash (MetalLB BGP moved the flow to another node). Requests: what the"
          + " connections carried, all to the connection's pod: generated, completed, failed.",
      "",
      "Source IP: the fraction of delivered connections whose pod saw the client's own"
          + " address, overall and per entry path. Node hops: delivered connections served on"
          + " the node they entered (1) or forwarded to another node (2); crossZoneFraction:"
          + " those whose pod was in another zone.",
      "",
      "Pods and nodes: connections and each one's share (the table puts the uniform share"
          + " beside it), requests, utilization and latency percentiles. Skew, over the pods"
          + " Ready for the whole window: max/mean, min/mean, coefficient of variation, Jain's"
          + " index, Gini coefficient, and the p-value of a chi-square test against an even"
          + " split. Latency in milliseconds: mean, p50, p90, p99, p99.9, max.",
      "",
      "Then the timeline (one row per --interval), the scenario's expectations with their"
          + " actual values (PASS/FAIL; they do not change the exit code of run, svcsim check"
          + " will), and warnings. A figure with nothing to measure (a share when nothing was"
          + " delivered) is - in the table and null in JSON. docs/report.md explains every"
          + " figure.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the run finished and the report was written (failed expectations included)",
      "2:bad input or usage: the scenario has errors or an option is wrong (nothing was"
          + " simulated), or --out could not be written",
      "3:internal error (a bug in svcsim: add --debug and report it)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim run scenarios/examples/etp-local-imbalance.yaml",
      "  svcsim run -o json scenarios/examples/etp-local-imbalance.yaml > report.json",
      "  svcsim run -o json --out out/report.json --interval 250ms \\",
      "      scenarios/examples/etp-local-imbalance.yaml",
      "  svcsim run -o json scenarios/examples/etp-local-imbalance.yaml \\",
      "      | jq '.services[\"default/web\"].skew'",
      "  svcsim run --set \\",
      "      service/default/web-cluster:spec.externalTrafficPolicy=Local \\",
      "      scenarios/examples/etp-local-vs-cluster-lb.yaml",
      "  svcsim run --set spec.cluster.kubeProxy.mode=ipvs \\",
      "      --set 'spec.traffic[name=internet-users].rate=5000/s' \\",
      "      --set deployment/default/web-b:spec.replicas=2 \\",
      "      scenarios/examples/etp-local-imbalance.yaml",
      "  svcsim run -o html --out report.html \\",
      "      scenarios/examples/etp-local-vs-cluster-lb.yaml"
    })
public final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = FormatConverter.class,
      completionCandidates = FormatNames.class,
      description = "The report's format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})."
          + " table is for reading; json is the stable contract of docs/report.md, for scripts;"
          + " yaml is the same tree as YAML; csv has a row per pod and per expectation, for"
          + " spreadsheets; md is Markdown for pull-request comments;"
          + " html is one self-contained page with charts (use --out report.html).")
  ReportFormat format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the report to FILE (creating its folder if needed) instead of standard"
          + " output.")
  Path out;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = IntervalConverter.class,
      description = "The width of each timeline row, e.g. 250ms, 10s, 1m (default:"
          + " ${DEFAULT-VALUE}).")
  long intervalNanos;

  @Mixin ScenarioOverrides overrides;

  @Mixin ColorOption color;

  @Parameters(paramLabel = "FILE", description = "The scenario file to run.")
  Path file;

  private final BiFunction<Scenario, RunOptions, RunResult> dataPlane;

  /** Runs scenarios through {@link DataPlane#run}. */
  public RunCommand() {
    this(DataPlane::run);
  }

  /** Runs scenarios through another data plane (tests). */
  RunCommand(BiFunction<Scenario, RunOptions, RunResult> dataPlane) {
    this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    OutputFile.requireNotFolder(out, "--out", "the report");
    ScenarioRuns runs = new ScenarioRuns(dataPlane, err);
    LoadResult loaded = runs.load(file, overrides.overrides());
    if (!loaded.ok()) {
      int errors = loaded.errors().size();
      err.println("svcsim: " + file + ": " + ValidateCommand.plural(errors, "error") + "; nothing was simulated");
      err.flush();
      return ExitCode.BAD_INPUT;
    }
    Report report = runs.run(loaded.scenario(), intervalNanos);
    StringWriter text = new StringWriter();
    // only the table has colour, and only on the terminal: a file never gets escape codes
    format.writer(out == null && color.forStdout()).write(report, text);
    OutputFile.emit(spec.commandLine().getOut(), out, text.toString(), "the report");
    return ExitCode.OK;
  }

  /** {@code table}, {@code json}, {@code html}: the names {@code -o} accepts. */
  static final class FormatNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ReportFormat.names().iterator();
    }
  }

  /** Reads {@code -o}: a format's command-line name. */
  static final class FormatConverter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      try {
        return ReportFormat.fromName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Reads {@code --interval}: a positive duration such as {@code 1s} or {@code 250ms}. */
  static final class IntervalConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long nanos;
      try {
        nanos = Durations.parseNanos(value);
      } catch (UnitParseException e) {
        throw new TypeConversionException(e.getMessage());
      }
      if (nanos <= 0) {
        throw new TypeConversionException(
            "the interval must be longer than 0s; write a duration such as \"1s\" or \"250ms\"");
      }
      return nanos;
    }
  }
}
