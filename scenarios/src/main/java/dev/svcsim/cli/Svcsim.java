package dev.svcsim.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top {@code svcsim} command: it only lists the subcommands. */
@Command(
    name = "svcsim",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    synopsisSubcommandLabel = "COMMAND",
    header = "A discrete-event simulator of Kubernetes Service networking.",
    description = {
      "",
      "svcsim replays a scenario (your Kubernetes manifests plus traffic and a timeline of"
          + " failures and rollouts) through a model of nodes, Pods, kube-proxy (iptables, ipvs,"
          + " nftables, userspace) and load balancers, and reports where each connection went,"
          + " whether the client source IP survived, how skewed the load was, what failed and"
          + " why.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {HelpCommand.class, ValidateCommand.class, RunCommand.class, CheckCommand.class, CompareCommand.class, ExplainCommand.class, RulesCommand.class, SweepCommand.class, SchemaCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:everything went as asked",
      "1:a check failed (an expectation was not met), or some points of a sweep failed",
      "2:bad input or usage: nothing was simulated",
      "3:internal error (a bug in svcsim: add --debug and report it)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  svcsim --version",
      "  svcsim run scenarios/examples/etp-local-imbalance.yaml",
      "  svcsim help COMMAND      show the options of one command",
      "",
      "Documentation: README.md and docs/ in the svcsim source tree."
    })
public final class Svcsim implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  /** A configured command line: exit codes, error handling and output as documented. */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Svcsim());
    cmd.setExecutionExceptionHandler(Svcsim::handleExecutionException);
    cmd.setParameterExceptionHandler(Svcsim::handleParameterException);
    cmd.setExitCodeExceptionMapper(e -> ExitCode.INTERNAL_ERROR);
    return cmd;
  }

  /** With no command: say so, show the usage on stderr and exit with the usage code. */
  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    PrintWriter err = cmd.getErr();
    err.println("svcsim: missing command");
    err.println();
    cmd.usage(err, cmd.getColorScheme());
    return ExitCode.BAD_INPUT;
  }

  private static int handleParameterException(
      CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("svcsim: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    return ExitCode.BAD_INPUT;
  }

  private static int handleExecutionException(
      Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (e instanceof InvalidInputException) {
      err.println("svcsim: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    err.println("svcsim: internal error: " + e);
    if (isDebug(parseResult)) {
      e.printStackTrace(err);
    } else {
      err.println("(run again with --debug to see the stack trace, and please report it)");
    }
    return ExitCode.INTERNAL_ERROR;
  }

  private static boolean isDebug(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
