package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.rules.RulesFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {

  private static final String EXAMPLE = "examples/etp-local-vs-cluster-lb.yaml";

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void helpTeachesTheModesTheClockAndExamples() {
    CliRun o = CliRun.svcsim("help", "rules");
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    String help = o.out().replaceAll("\\s+", " ");
    for (String expected : List.of("Usage: svcsim rules", "--node=NAME", "--mode=MODE", "iptables, ipvs, nftables,"
        + " userspace", "--at=TIME", "Default: 0s", "0s is the start of the warmup", "--service=NS/NAME",
        "--out=FILE", "--set", "iptables-save", "nft list ruleset", "ipvsadm -Ln", "KUBE-PORTALS-CONTAINER",
        "KUBE-SVC-XPGD46QRK7WJZT7O", "0.3333333333", "has no endpoints", "has no local endpoints",
        "docs/rules.md", "Exit codes:", "svcsim rules scenarios/examples/etp-local-vs-cluster-lb.yaml --node node-c")) {
      assertTrue(help.contains(expected), "the help should mention \"" + expected + "\":\n" + o.out());
    }
  }

  @Test
  void theTopHelpListsRules() {
    assertTrue(CliRun.svcsim("--help").out().contains("  rules "));
  }

  @Test
  void printsTheScenariosModeByDefault() {
    CliRun o = CliRun.svcsim("rules", EXAMPLE, "--node", "node-c");
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertTrue(o.out().contains("*nat\n") && o.out().contains("*filter\n"), o.out());
    assertTrue(o.out().contains("-A KUBE-EXTERNAL-SERVICES -m comment --comment \"default/web-local has no local"
        + " endpoints\""), o.out());
    assertTrue(o.out().contains("at 0s, kube-proxy iptables mode"), o.out());
  }

  @Test
  void modeReRunsTheScenarioInThatMode() {
    CliRun nft = CliRun.svcsim("rules", EXAMPLE, "--node", "node-a", "--mode", "nftables");
    assertEquals(ExitCode.OK, nft.exitCode(), nft.err());
    assertTrue(nft.out().contains("table ip kube-proxy {"), nft.out());
    CliRun ipvs = CliRun.svcsim("rules", EXAMPLE, "--node", "node-a", "--mode", "ipvs");
    assertTrue(ipvs.out().contains("IP Virtual Server version 1.2.1 (size=4096)"), ipvs.out());
    CliRun us = CliRun.svcsim("rules", EXAMPLE, "--node", "node-a", "--mode", "userspace");
    assertTrue(us.out().contains("KUBE-PORTALS-CONTAINER"), us.out());
    CliRun bad = CliRun.svcsim("rules", EXAMPLE, "--node", "node-a", "--mode", "ebpf");
    assertEquals(ExitCode.BAD_INPUT, bad.exitCode());
    assertTrue(bad.err().contains("unknown mode \"ebpf\"; use iptables, nftables, ipvs or userspace"), bad.err());
  }

  @Test
  void anUnknownNodeListsTheNodes() {
    CliRun o = CliRun.svcsim("rules", EXAMPLE, "--node", "node-d");
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().contains("--node node-d: no such node"), o.err());
    assertTrue(o.err().contains("did you mean node-a?") || o.err().contains("did you mean"), o.err());
    assertTrue(o.err().contains("node-a, node-b, node-c"), o.err());
    assertEquals("", o.out());
    CliRun missing = CliRun.svcsim("rules", EXAMPLE);
    assertEquals(ExitCode.BAD_INPUT, missing.exitCode());
    assertTrue(missing.err().contains("Missing required option: '--node=NAME'"), missing.err());
  }

  @Test
  void atAfterTheEndIsAnError() {
    CliRun o = CliRun.svcsim("rules", EXAMPLE, "--node", "node-a", "--at", "2m");
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().contains("--at 2m is after the end of the run (1m5s: warmup 5s + duration 1m)"), o.err());
    CliRun bad = CliRun.svcsim("rules", EXAMPLE, "--node", "node-a", "--at", "soon");
    assertEquals(ExitCode.BAD_INPUT, bad.exitCode());
    assertTrue(bad.err().contains("Invalid value for option '--at'"), bad.err());
  }

  @Test
  void serviceFiltersToOneService() {
    CliRun o = CliRun.svcsim("rules", EXAMPLE, "--node", "node-a", "--service", "default/web-local");
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertTrue(o.out().startsWith("# Only Service default/web-local.\n"), o.out());
    assertTrue(o.out().contains("default/web-local cluster IP"), o.out());
    assertFalse(o.out().contains("default/web-cluster"), o.out());
    CliRun unknown = CliRun.svcsim("rules", EXAMPLE, "--node", "node-a", "--service", "default/web-locl");
    assertEquals(ExitCode.BAD_INPUT, unknown.exitCode());
    assertTrue(unknown.err().contains("--service default/web-locl: no such Service (did you mean default/web-local?);"
        + " the scenario's Services are default/web-cluster, default/web-local")
        || unknown.err().contains("the scenario's Services are default/web-local, default/web-cluster"), unknown.err());
  }

  @Test
  void aHeadlessServiceSaysWhyItHasNoRules() throws IOException {
    Path f = write("zoo.yaml", RulesFixtures.ZOO);
    CliRun o = CliRun.svcsim("rules", f.toString(), "--node", "node-a", "--service", "default/headless");
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertTrue(o.out().startsWith("# Only Service default/headless: a headless Service (clusterIP: None)"), o.out());
    CliRun alias = CliRun.svcsim("rules", f.toString(), "--node", "node-a", "--service", "default/alias");
    assertTrue(alias.out().startsWith("# Only Service default/alias: an ExternalName Service"), alias.out());
  }

  @Test
  void atShowsTheRulesAfterATimelineEvent() throws IOException {
    String yaml = RulesFixtures.ZOO.replace("  traffic: []\n", """
          traffic: []
          events:
            - at: 5s
              action: killPod
              target: pod/default/web-b
        """);
    Path f = write("timeline.yaml", yaml);
    CliRun before = CliRun.svcsim("rules", f.toString(), "--node", "node-a", "--service", "default/cip");
    assertEquals(ExitCode.OK, before.exitCode(), before.err());
    assertTrue(before.out().contains("--probability 0.5000000000"), "two endpoints before:\n" + before.out());
    CliRun stale = CliRun.svcsim("rules", f.toString(), "--node", "node-a", "--service", "default/cip", "--at", "5.5s");
    assertTrue(stale.out().contains("--probability 0.5000000000"),
        "the change has not reached the proxy yet (syncDelay 1s):\n" + stale.out());
    CliRun after = CliRun.svcsim("rules", f.toString(), "--node", "node-a", "--service", "default/cip", "--at", "7s");
    assertEquals(ExitCode.OK, after.exitCode(), after.err());
    assertFalse(after.out().contains("--probability"), "one endpoint left:\n" + after.out());
    assertTrue(after.out().contains("at 7s, kube-proxy iptables mode"), after.out());
  }

  @Test
  void setAndOutWork() throws IOException {
    Path out = dir.resolve("sub/rules.txt");
    CliRun o = CliRun.svcsim("rules", EXAMPLE, "--node", "node-a", "--set", "spec.cluster.kubeProxy.masqueradeAll=true",
        "--out", out.toString());
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertEquals("", o.out());
    String text = Files.readString(out);
    assertTrue(text.contains("masqueradeAll true"), text);
    CliRun folder = CliRun.svcsim("rules", EXAMPLE, "--node", "node-a", "--out", dir.toString());
    assertEquals(ExitCode.BAD_INPUT, folder.exitCode());
    assertTrue(folder.err().contains("is a folder"), folder.err());
  }

  @Test
  void aBrokenScenarioIsBadInput() throws IOException {
    Path f = write("bad.yaml", "apiVersion: svcsim.dev/v1\nkind: Scenario\nspec: {duration: nope}\n");
    CliRun o = CliRun.svcsim("rules", f.toString(), "--node", "node-a");
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().contains("nothing was simulated"), o.err());
  }
}
