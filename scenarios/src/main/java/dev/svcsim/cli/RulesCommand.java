package dev.svcsim.cli;

import dev.svcsim.engine.units.Durations;
import dev.svcsim.models.cluster.Node;
import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.rules.NodeView;
import dev.svcsim.models.rules.Rules;
import dev.svcsim.models.rules.ServicePortView;
import dev.svcsim.models.scenario.ProxyMode;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.service.Service;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.SetOverride;
import dev.svcsim.scenario.load.Suggestions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code svcsim rules}: what kube-proxy would program on one node at one moment. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Print the rules kube-proxy would program on a node: iptables-save, nft or ipvsadm.",
    description = {
      "",
      "Loads FILE as `svcsim run` does, simulates it up to --at (pods start, fail and roll out"
          + " on the timeline as in a run; endpoint changes reach the node after the scenario's"
          + " syncDelay) and prints what the kube-proxy of --node has programmed at that moment"
          + " for the scenario's Services and endpoints. The chain and set names are hashed"
          + " exactly as kube-proxy hashes them (KUBE-SVC-XPGD46QRK7WJZT7O for port p80 of"
          + " ns1/svc1) and the probabilities written as it writes them (0.3333333333). What"
          + " svcsim simulates and what it prints agree: every endpoint a connection can reach"
          + " in a run is one these rules can reach.",
      "",
      "What each mode prints:",
      "  iptables   `iptables-save` of the filter and nat tables: KUBE-SERVICES, KUBE-NODEPORTS,"
          + " KUBE-EXTERNAL-SERVICES, KUBE-SVC-/KUBE-SVL-/KUBE-EXT-/KUBE-FW-/KUBE-SEP- chains,"
          + " the masquerade marks (KUBE-MARK-MASQ, KUBE-POSTROUTING) and the REJECT (\"has no"
          + " endpoints\") and DROP (\"has no local endpoints\") rules.",
      "  nftables   `nft list ruleset` of the table ip kube-proxy: the service-ips and"
          + " service-nodeports verdict maps, service-/local-/external-/endpoint- chains,"
          + " affinity- sets, `numgen random mod N vmap` and the no-endpoint maps.",
      "  ipvs       `ipvsadm -Ln`: one virtual server per ClusterIP, externalIP, LB IP and"
          + " node IP x nodePort, its real servers and their open connections.",
      "  userspace  the legacy mode's KUBE-PORTALS-CONTAINER/HOST redirects to kube-proxy's"
          + " own proxy ports, and the endpoints each proxy port round-robins over.",
      "",
      "Times are on the timeline's clock: 0s is the start of the warmup, the measured window"
          + " starts at the warmup's end, and a timeline event at exactly --at has happened."
          + " docs/rules.md explains every line and what svcsim leaves out.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the rules were printed",
      "2:bad input or usage: the scenario has errors, the node or Service is unknown, --at is"
          + " after the run's end, or --out could not be written",
      "3:internal error (a bug in svcsim: add --debug and report it)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim rules scenarios/examples/etp-local-vs-cluster-lb.yaml --node node-c",
      "  svcsim rules scenarios/examples/etp-local-vs-cluster-lb.yaml --node node-a \\",
      "      --mode nftables --service default/web-local",
      "  svcsim rules scenarios/examples/clusterip-session-affinity.yaml --node node-1 \\",
      "      --mode ipvs --at 30s",
      "  svcsim rules scenarios/examples/etp-local-imbalance.yaml --node node-b \\",
      "      --set deployment/default/web-b:spec.replicas=0 --out rules.txt"
    })
public final class RulesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--node",
      required = true,
      paramLabel = "NAME",
      description = "The node whose kube-proxy to show (a node name of the scenario).")
  String node;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      converter = ModeConverter.class,
      completionCandidates = ModeNames.class,
      description = "Show the rules of this kube-proxy mode: ${COMPLETION-CANDIDATES}. The"
          + " scenario is simulated with that mode (as --set spec.cluster.kubeProxy.mode=MODE"
          + " would), everything else the same. Default: the scenario's own mode.")
  ProxyMode mode;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      defaultValue = "0s",
      converter = SimulatedTimeConverter.class,
      description = "The simulated moment to show, e.g. 0s, 30s, 1m5s, on the timeline's clock"
          + " (0s is the start of the warmup); at most the run's end (warmup + duration)."
          + " Default: ${DEFAULT-VALUE}.")
  long atNanos;

  @Option(
      names = "--service",
      paramLabel = "NS/NAME",
      description = "Show only this Service's rules (the chains every node has stay).")
  String service;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the rules to FILE (creating its folder if needed) instead of standard output.")
  Path out;

  @Mixin ScenarioOverrides overrides;

  @Parameters(paramLabel = "FILE", description = "The scenario file.")
  Path file;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    OutputFile.requireNotFolder(out, "--out", "the rules");
    List<SetOverride> sets = new ArrayList<>(overrides.overrides());
    if (mode != null) {
      sets.add(SetOverride.parse("spec.cluster.kubeProxy.mode=" + mode.word()));
    }
    ScenarioRuns runs = new ScenarioRuns(DataPlane::run, err);
    LoadResult loaded = runs.load(file, sets);
    if (!loaded.ok()) {
      int errors = loaded.errors().size();
      err.println("svcsim: " + file + ": " + ValidateCommand.plural(errors, "error") + "; nothing was simulated");
      err.flush();
      return ExitCode.BAD_INPUT;
    }
    Scenario scenario = loaded.scenario();
    checkNode(scenario);
    if (atNanos > scenario.endNanos()) {
      throw new InvalidInputException("--at " + Durations.format(atNanos) + " is after the end of the run ("
          + Durations.format(scenario.endNanos()) + ": warmup " + Durations.format(scenario.warmupNanos())
          + " + duration " + Durations.format(scenario.durationNanos()) + "); give a time from 0s to "
          + Durations.format(scenario.endNanos()));
    }
    Service only = service == null ? null : findService(scenario);
    NodeView view = null;
    for (NodeView v : DataPlane.nodeViews(scenario, RunOptions.DEFAULT, atNanos)) {
      if (v.name().equals(node)) {
        view = v;
      }
    }
    if (view == null) {
      throw new IllegalStateException("the run returned no view of node " + node);
    }
    String text;
    if (only == null) {
      text = Rules.render(view);
    } else {
      List<ServicePortView> ports = view.ports().stream().filter(p -> p.service().key().equals(only.key())).toList();
      NodeView filtered = new NodeView(view.atNanos(), view.name(), view.ip(), view.zone(), view.up(),
          view.kubeProxy(), view.podCidr(), view.serviceCidr(), ports, view.ipvsActive());
      text = "# Only Service " + only.key() + (ports.isEmpty() ? noRulesBecause(only) : "") + ".\n"
          + Rules.render(filtered);
    }
    OutputFile.emit(spec.commandLine().getOut(), out, text, "the rules");
    return ExitCode.OK;
  }

  private void checkNode(Scenario scenario) {
    List<String> names = scenario.nodes().stream().map(Node::name).toList();
    if (names.contains(node)) {
      return;
    }
    String close = Suggestions.closest(node, names);
    throw new InvalidInputException("--node " + node + ": no such node"
        + (close == null ? "" : " (did you mean " + close + "?)") + "; the scenario's nodes are "
        + String.join(", ", names));
  }

  private Service findService(Scenario scenario) {
    List<String> keys = scenario.services().stream().map(Service::key).toList();
    for (Service s : scenario.services()) {
      if (s.key().equals(service)) {
        return s;
      }
    }
    String close = Suggestions.closest(service, keys);
    throw new InvalidInputException("--service " + service + ": no such Service"
        + (close == null ? "" : " (did you mean " + close + "?)") + "; the scenario's Services are "
        + (keys.isEmpty() ? "none" : String.join(", ", keys)));
  }

  private static String noRulesBecause(Service s) {
    if (s.type() == dev.svcsim.models.service.ServiceType.EXTERNAL_NAME) {
      return ": an ExternalName Service is a DNS alias, kube-proxy writes no rules for it";
    }
    if (s.headless()) {
      return ": a headless Service (clusterIP: None) is answered by DNS with pod IPs, kube-proxy"
          + " writes no rules for it";
    }
    return ": it has no ports kube-proxy proxies at this time";
  }

  /** The names {@code --mode} accepts. */
  static final class ModeNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return java.util.Arrays.stream(ProxyMode.values()).map(ProxyMode::word).iterator();
    }
  }

  /** Reads {@code --mode}: iptables, nftables, ipvs or userspace. */
  static final class ModeConverter implements ITypeConverter<ProxyMode> {
    @Override
    public ProxyMode convert(String value) {
      for (ProxyMode m : ProxyMode.values()) {
        if (m.word().equals(value.toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new TypeConversionException("unknown mode \"" + value + "\"; use iptables, nftables, ipvs or userspace");
    }
  }
}
