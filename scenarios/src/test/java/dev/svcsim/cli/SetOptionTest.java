package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.ProxyMode;
import dev.svcsim.models.scenario.Scenario;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --set PATH=VALUE} on {@code run} and {@code validate}. */
class SetOptionTest {

  private static final String IMBALANCE = "examples/etp-local-imbalance.yaml";
  private static final String LOCAL_VS_CLUSTER = "examples/etp-local-vs-cluster-lb.yaml";

  /** svcsim with {@code fake-run}: {@code run} whose data plane is {@code dataPlane}. */
  private static CommandLine withFakeRun(BiFunction<Scenario, RunOptions, RunResult> dataPlane) {
    CommandLine cmd = Svcsim.commandLine();
    cmd.addSubcommand("fake-run", new RunCommand(dataPlane));
    return cmd;
  }

  private static final BiFunction<Scenario, RunOptions, RunResult> NOT_CALLED =
      (s, o) -> fail("the data plane must not run");

  @Test
  void theHelpOfRunAndValidateExplainsIt() {
    for (String command : List.of("run", "validate")) {
      CliRun o = CliRun.svcsim("help", command);
      assertEquals(ExitCode.OK, o.exitCode(), o.err());
      String help = o.out().replaceAll("\\s+", " ");
      for (String expected : List.of("--set=PATH=VALUE", "Change one field of the scenario before loading it",
          "FIELD of the Scenario document", "KIND/NAMESPACE/NAME:FIELD of a manifest",
          "node/NAME:FIELD for a node", "VALUE is read as YAML", "null clears a field", "spec.cluster.kubeProxy.mode=ipvs",
          "spec.traffic[name=users].rate=500/s", "deployment/default/web:spec.replicas=5",
          "svcsim " + command + " --set")) {
        assertTrue(help.contains(expected), command + " --help should mention \"" + expected + "\":\n" + o.out());
      }
    }
  }

  @Test
  void theOverridesReachTheScenarioInOrder() {
    AtomicReference<Scenario> seen = new AtomicReference<>();
    CliRun o = CliRun.of(withFakeRun((s, opts) -> {
      seen.set(s);
      throw new IllegalStateException("enough");
    }), "fake-run", "--set", "spec.cluster.kubeProxy.mode=ipvs", "--set", "spec.cluster.kubeProxy.mode=nftables",
        "--set", "deployment/default/web-b:spec.replicas=3", IMBALANCE);
    assertEquals(ExitCode.INTERNAL_ERROR, o.exitCode(), "the stand-in stops after the load: " + o.err());
    assertEquals(ProxyMode.NFTABLES, seen.get().cluster().kubeProxy().mode(), "the later --set wins");
    assertEquals(5, seen.get().pods().size(), "web-a's 2 pods and web-b's 3");
  }

  @Test
  void aPathThatNamesNothingIsAScenarioErrorAndNothingRuns() {
    CliRun o = CliRun.of(withFakeRun(NOT_CALLED), "fake-run",
        "--set", "service/default/web-clustr:spec.externalTrafficPolicy=Local", LOCAL_VS_CLUSTER);
    assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.err());
    assertEquals("--set service/default/web-clustr:spec.externalTrafficPolicy=Local:1:1: no Service"
        + " default/web-clustr in this scenario (did you mean service/default/web-cluster?); its Services:"
        + " default/web-cluster, default/web-local\n"
        + "svcsim: " + LOCAL_VS_CLUSTER + ": 1 error; nothing was simulated\n", o.err());
    assertEquals("", o.out());
  }

  @Test
  void aFieldSvcsimDoesNotReadIsAnErrorToo() {
    CliRun o = CliRun.of(withFakeRun(NOT_CALLED), "fake-run",
        "--set", "service/default/web-cluster:spec.externalTraficPolicy=Local", LOCAL_VS_CLUSTER);
    assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.err());
    assertTrue(o.err().startsWith("--set service/default/web-cluster:spec.externalTraficPolicy=Local:1:34:"
        + " spec.externalTraficPolicy: svcsim does not read this field of a Service, so setting it would change"
        + " nothing (did you mean spec.externalTrafficPolicy?)\n"), o.err());
  }

  @Test
  void aMalformedSetIsAUsageError() {
    CliRun o = CliRun.of(withFakeRun(NOT_CALLED), "fake-run", "--set", "spec.replicas", IMBALANCE);
    assertEquals(ExitCode.BAD_INPUT, o.exitCode(), o.err());
    assertTrue(o.err().startsWith("svcsim: Invalid value for option '--set' (PATH=VALUE): \"spec.replicas\": no \"=\""
        + " in it; write PATH=VALUE, e.g. spec.cluster.kubeProxy.mode=ipvs or"
        + " deployment/default/web:spec.replicas=3\n"), o.err());
    assertTrue(o.err().contains("Try 'svcsim run --help'"), o.err());
    CliRun kind = CliRun.svcsim("validate", "--set", "svc/default/web:spec.type=NodePort", IMBALANCE);
    assertEquals(ExitCode.BAD_INPUT, kind.exitCode(), kind.err());
    assertTrue(kind.err().startsWith("svcsim: Invalid value for option '--set' (PATH=VALUE):"
        + " \"svc/default/web:spec.type=NodePort\": unknown kind \"svc\"; the kinds are service, pod, node,"
        + " deployment, statefulset, daemonset, endpoints, endpointslice\n"), kind.err());
  }

  @Test
  void validateChecksAnOverrideWithoutRunning() {
    CliRun good = CliRun.svcsim("validate", "--set", "deployment/default/web-a:spec.replicas=5", IMBALANCE);
    assertEquals(ExitCode.OK, good.exitCode(), good.err());
    assertEquals(IMBALANCE + ": ok: 2 nodes, 6 pods, 1 service, 1 traffic source, 0 events\n", good.out());
    CliRun bad = CliRun.svcsim("validate", "--set", "spec.traffic[name=users].rate=5/s", IMBALANCE);
    assertEquals(ExitCode.BAD_INPUT, bad.exitCode(), bad.err());
    assertEquals("--set spec.traffic[name=users].rate=5/s:1:13: spec.traffic[name=users]: spec.traffic has no"
        + " element with name \"users\"; its names: internet-users\n", bad.err());
    assertEquals(IMBALANCE + ": 1 error\n", bad.out());
  }

  @Test
  void aGoodOverrideChangesTheReport() throws IOException {
    Assumptions.assumeTrue(RunCommandTest.dataPlaneAvailable(), "the data plane is not implemented yet");
    ObjectMapper json = new ObjectMapper();
    CliRun before = CliRun.svcsim("run", "-o", "json", "--set", "spec.duration=10s", LOCAL_VS_CLUSTER);
    CliRun after = CliRun.svcsim("run", "-o", "json", "--set", "spec.duration=10s",
        "--set", "service/default/web-cluster:spec.externalTrafficPolicy=Local", LOCAL_VS_CLUSTER);
    assertEquals(ExitCode.OK, before.exitCode(), before.err());
    assertEquals(ExitCode.OK, after.exitCode(), after.err());
    JsonNode cluster = json.readTree(before.out()).at("/services/default~1web-cluster");
    JsonNode local = json.readTree(after.out()).at("/services/default~1web-cluster");
    assertEquals(10.0, json.readTree(before.out()).get("simulatedSeconds").asDouble(), 0.0, before.out());
    assertEquals(0.0, cluster.get("sourceIpPreserved").asDouble(), 0.0, "Cluster masquerades: " + cluster);
    assertEquals(1.0, local.get("sourceIpPreserved").asDouble(), 0.0, "Local keeps the client IP: " + local);
  }

  @Test
  void theKubeProxyModeOfTheRun() throws IOException {
    Assumptions.assumeTrue(RunCommandTest.dataPlaneAvailable(), "the data plane is not implemented yet");
    CliRun o = CliRun.svcsim("run", "-o", "json", "--set", "spec.duration=2s",
        "--set", "spec.cluster.kubeProxy.mode=ipvs", IMBALANCE);
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertEquals("ipvs", new ObjectMapper().readTree(o.out()).get("kubeProxyMode").asText(), o.out());
  }
}
