package dev.svcsim.cli;

import static dev.svcsim.cli.CliRun.svcsim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code svcsim explain} on the command line: options, errors and exit codes. */
class ExplainCommandTest {

  private static final String EXAMPLE = "examples/etp-local-vs-cluster-lb.yaml";

  @Test
  void explainsTheFirstConnectionOfATrafficSource() {
    CliRun r = svcsim("explain", EXAMPLE, "--traffic", "users-local", "--color", "never");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("Connection 1 of traffic 'users-local' -> service/default/web-local port 80\n"), r.out());
    assertTrue(r.out().contains("kube-proxy (iptables) on node-"), r.out());
    assertTrue(r.out().contains("KUBE-SVL-"), r.out());
    assertTrue(r.out().contains("Outcome: delivered"), r.out());
  }

  @Test
  void jsonHasTheDecision() throws Exception {
    CliRun r = svcsim("explain", EXAMPLE, "--traffic", "users-cluster", "-o", "json", "--connection", "3");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode tree = new ObjectMapper().readTree(r.out());
    assertEquals(3, tree.get("connection").asInt());
    assertEquals("loadBalancer", tree.get("decision").get("entryPath").asText());
    assertTrue(tree.get("decision").get("masquerade").asBoolean(), "Cluster policy masquerades");
  }

  @Test
  void aMissingOrMistypedTrafficNameIsExplained() {
    CliRun none = svcsim("explain", EXAMPLE);
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("which traffic? Name one with --traffic: users-local, users-cluster"), none.err());
    CliRun typo = svcsim("explain", EXAMPLE, "--traffic", "users-locla");
    assertEquals(2, typo.exitCode());
    assertTrue(typo.err().contains("(did you mean 'users-local'?)"), typo.err());
  }

  @Test
  void noMatchingConnectionIsExitOneWithTheReason() {
    CliRun r = svcsim("explain", EXAMPLE, "--traffic", "users-local", "--failed");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("No such connection: only 0 matching connections failed."), r.out());
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertEquals(2, svcsim("explain", EXAMPLE, "--traffic", "users-local", "--client", "10.0.0").exitCode());
    assertEquals(2, svcsim("explain", EXAMPLE, "--traffic", "users-local", "--after", "1h").exitCode());
    assertEquals(2, svcsim("explain", EXAMPLE, "--traffic", "users-local", "-o", "yaml").exitCode());
    assertEquals(2, svcsim("explain", EXAMPLE, "--traffic", "users-local", "--connection", "0").exitCode());
  }

  @Test
  void helpTeaches() {
    CliRun r = svcsim("explain", "--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("--traffic=NAME") && r.out().contains("--failed") && r.out().contains("Examples:"), r.out());
  }
}
