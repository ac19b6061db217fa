package dev.svcsim.cli;

import dev.svcsim.engine.units.Durations;
import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.explain.ExplainRequest;
import dev.svcsim.models.explain.Explanation;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.scenario.TrafficSource;
import dev.svcsim.reports.ExplainWriter;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.Suggestions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code svcsim explain}: the life of one connection, hop by hop. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Follow one connection through the simulated cluster, hop by hop.",
    description = {
      "",
      "Runs the scenario exactly as `svcsim run` does and writes down everything that happens to"
          + " one connection of one traffic source, with its simulated time (the timeline's clock:"
          + " 0 is the start of the warmup):",
      "",
      "  the client and its source address and port; how it reached a node (the DNS answer,"
          + " the load balancer's targets with their health-check state and its choice, the"
          + " NodePort, the externalIP);",
      "  the node's kube-proxy: the Service port's endpoints as that node has them, its"
          + " categorization (cluster and local endpoints, topology), the policy that applied,"
          + " the chains or virtual server the packet went through, named as kube-proxy names"
          + " them (the same names `svcsim rules` prints), the candidates with their"
          + " probabilities or the IPVS scheduler's state, session affinity, the endpoint chosen,"
          + " SNAT or not and why;",
      "  the second hop, if the pod is on another node, and whether it crosses zones; each"
          + " request: the network legs, the pod's workers and queue, the service time, the"
          + " response and its latency;",
      "  and, when the connection fails, what the rules did (REJECT, DROP) and what the client"
          + " experiences.",
      "",
      "Which connection: by default the first one of --traffic. --connection N takes the Nth;"
          + " --after TIME only counts connections opened at or after TIME (to look at a moment"
          + " of the timeline, e.g. just after a node fails); --client IP only those from that"
          + " address; --failed only connections that fail (then --connection counts failed ones).",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the connection was found and explained",
      "1:no connection matched (fewer connections, or none failed)",
      "2:bad input or usage: the scenario has errors, or an option is wrong",
      "3:internal error (a bug in svcsim: add --debug and report it)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim explain scenarios/examples/etp-local-vs-cluster-lb.yaml --traffic users-local",
      "  svcsim explain scenarios/examples/clusterip-session-affinity.yaml \\",
      "      --traffic clients --connection 5",
      "  svcsim explain FILE --traffic users --after 20s --failed",
      "  svcsim explain FILE --traffic users --set spec.cluster.kubeProxy.mode=ipvs -o json"
    })
public final class ExplainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--traffic", paramLabel = "NAME",
      description = "The traffic source (spec.traffic[].name) whose connection to follow. May be"
          + " left out when the scenario has only one.")
  String traffic;

  @Option(names = "--connection", paramLabel = "N", defaultValue = "1",
      description = "Which matching connection, counting from 1 (default: ${DEFAULT-VALUE}).")
  int connection;

  @Option(names = "--client", paramLabel = "IP", converter = AddressConverter.class,
      description = "Only connections from this client address (a pod's, a node's or an external"
          + " client's IP).")
  Ipv4Address client;

  @Option(names = "--after", paramLabel = "TIME", defaultValue = "0s", converter = SimulatedTimeConverter.class,
      description = "Only connections opened at or after this simulated time, e.g. 20s"
          + " (default: ${DEFAULT-VALUE}, the start of the warmup).")
  long afterNanos;

  @Option(names = "--failed", description = "Only connections that fail.")
  boolean failed;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text (for reading) or json (the same as data; default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path out;

  @Mixin ScenarioOverrides overrides;

  @Mixin ColorOption color;

  @Parameters(paramLabel = "FILE", description = "The scenario file.")
  Path file;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (!format.equals("text") && !format.equals("json")) {
      throw new InvalidInputException("-o must be text or json, not \"" + format + "\"");
    }
    if (connection < 1) {
      throw new InvalidInputException("--connection counts from 1, not " + connection);
    }
    OutputFile.requireNotFolder(out, "--out", "the explanation");
    LoadResult loaded = new ScenarioRuns(DataPlane::run, err).load(file, overrides.overrides());
    if (!loaded.ok()) {
      err.println("svcsim: " + file + ": " + ValidateCommand.plural(loaded.errors().size(), "error")
          + "; nothing was simulated");
      err.flush();
      return ExitCode.BAD_INPUT;
    }
    Scenario scenario = loaded.scenario();
    String name = trafficName(scenario);
    if (afterNanos >= scenario.endNanos()) {
      throw new InvalidInputException("--after " + Durations.format(afterNanos) + " is not before the end of the run ("
          + Durations.format(scenario.endNanos()) + " = warmup + duration)");
    }
    ExplainRequest request = new ExplainRequest(name, connection, client, afterNanos, failed);
    Explanation e = DataPlane.explain(scenario, RunOptions.DEFAULT, request);
    String text = format.equals("json") ? ExplainWriter.json(e) : ExplainWriter.text(e, out == null && color.forStdout());
    OutputFile.emit(spec.commandLine().getOut(), out, text, "the explanation");
    return e.found() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  private String trafficName(Scenario scenario) {
    List<String> names = scenario.traffic().stream().map(TrafficSource::name).toList();
    if (names.isEmpty()) {
      throw new InvalidInputException(file + " has no traffic (spec.traffic is empty): there is no connection to explain");
    }
    if (traffic == null) {
      if (names.size() == 1) {
        return names.get(0);
      }
      throw new InvalidInputException("which traffic? Name one with --traffic: " + String.join(", ", names));
    }
    if (!names.contains(traffic)) {
      String hint = Suggestions.closest(traffic, names);
      throw new InvalidInputException("no traffic source named '" + traffic + "' in " + file
          + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; its traffic: " + String.join(", ", names));
    }
    return traffic;
  }

  /** Reads {@code --client}: an IPv4 address. */
  static final class AddressConverter implements ITypeConverter<Ipv4Address> {
    @Override
    public Ipv4Address convert(String value) {
      try {
        return Ipv4Address.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("\"" + value + "\" is not an IPv4 address such as 10.244.1.5");
      }
    }
  }
}
