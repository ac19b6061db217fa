package dev.svcsim.cli;

import dev.svcsim.models.cluster.Pod;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.ServicePort;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code svcsim validate}: loads scenarios and reports every problem, without simulating. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Check scenario files without simulating them.",
    description = {
      "",
      "Loads each FILE (the Scenario document, the Kubernetes manifests beside it and those named"
          + " by spec.manifests), applies the API server's defaults, validation and allocation,"
          + " expands workloads into pods, and checks every reference. Prints a one-line summary"
          + " per file, or every problem as FILE:LINE:COLUMN: FIELD: MESSAGE. Warnings are printed"
          + " too but do not fail the check.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every file is valid (warnings allowed)", "2:at least one file has errors"},
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim validate scenarios/examples/etp-local-imbalance.yaml",
      "  svcsim validate --list my-scenario.yaml     also list nodes, pods and Services",
      "  svcsim validate --set deployment/default/web-a:spec.replicas=5 \\",
      "      scenarios/examples/etp-local-imbalance.yaml"
    })
public final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-l", "--list"},
      description = "Also list the nodes, pods (with their generated names, nodes and IPs) and"
          + " Services (with ClusterIPs and NodePorts) of each valid file.")
  boolean list;

  @Mixin ScenarioOverrides overrides;

  @Parameters(
      paramLabel = "FILE",
      arity = "1..*",
      description = "Scenario files to check (each with every --set applied).")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ScenarioLoader loader = new ScenarioLoader();
    boolean failed = false;
    for (Path file : files) {
      LoadResult result = loader.load(file, overrides.overrides());
      for (Problem p : result.problems()) {
        err.println(p);
      }
      if (result.ok()) {
        out.println(file + ": ok: " + summary(result.scenario())
            + (result.warnings().isEmpty() ? "" : " (" + plural(result.warnings().size(), "warning") + ")"));
        if (list) {
          printList(out, result.scenario());
        }
      } else {
        failed = true;
        out.println(file + ": " + plural(result.errors().size(), "error")
            + (result.warnings().isEmpty() ? "" : ", " + plural(result.warnings().size(), "warning")));
      }
    }
    out.flush();
    err.flush();
    return failed ? ExitCode.BAD_INPUT : ExitCode.OK;
  }

  /** "3 nodes, 5 pods, 2 services, 1 traffic source, 2 events". */
  static String summary(Scenario s) {
    return plural(s.nodes().size(), "node") + ", " + plural(s.pods().size(), "pod") + ", "
        + plural(s.services().size(), "service") + ", " + plural(s.traffic().size(), "traffic source")
        + ", " + plural(s.events().size(), "event");
  }

  static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static void printList(PrintWriter out, Scenario s) {
    for (var n : s.nodes()) {
      out.printf("  node     %-28s %-15s zone=%s%n", n.name(), n.ip(), n.zone().isEmpty() ? "-" : n.zone());
    }
    for (Pod p : s.pods()) {
      out.printf("  pod      %-28s %-15s node=%s%s%n", p.key(), p.ip(), p.nodeName(),
          p.owner().isEmpty() ? "" : " owner=" + p.owner());
    }
    for (Service svc : s.services()) {
      StringBuilder ports = new StringBuilder();
      for (ServicePort port : svc.ports()) {
        ports.append(ports.length() == 0 ? "" : ", ")
            .append(port.name().isEmpty() ? "" : port.name() + ":")
            .append(port.port()).append('/').append(port.protocol())
            .append("->").append(port.targetPort());
        if (port.nodePort() != 0) {
          ports.append(" nodePort ").append(port.nodePort());
        }
      }
      String ip = svc.clusterIP() != null ? svc.clusterIP().toString()
          : svc.externalName().isEmpty() ? "None" : svc.externalName();
      out.printf("  service  %-28s %-15s %s [%s]%s%n", svc.key(), ip, svc.type().value(), ports,
          svc.healthCheckNodePort() != 0 ? " healthCheckNodePort " + svc.healthCheckNodePort() : "");
    }
  }
}
