package dev.svcsim.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.explain.Decision;
import dev.svcsim.models.explain.ExplainRequest;
import dev.svcsim.models.explain.Explanation;
import dev.svcsim.models.explain.Step;
import dev.svcsim.models.rules.NodeView;
import dev.svcsim.models.rules.Rules;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.scenario.TrafficSource;
import dev.svcsim.reports.ExplainWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What svcsim simulates and what it prints agree: for every bundled example, in the iptables,
 * nftables and ipvs modes, and for every traffic source, the endpoints {@code explain} says the
 * entry node's kube-proxy could pick for a connection are exactly the endpoints the rules that
 * {@code rules} prints for that node, at that moment, let that connection's first packet reach
 * (read back by an interpreter that follows every random and affinity branch); and when the
 * simulator refuses the connection (REJECT, DROP), the printed rules refuse it the same way.
 * Examples with a timeline are also checked at the first connection after the middle of the run,
 * where the timeline has usually changed the endpoints.
 *
 * <p>Not covered: userspace mode (its rules only redirect to kube-proxy, which picks in user
 * space); in ipvs mode, LB source ranges (ipvs enforces them with iptables and ipsets, which
 * {@code rules} does not print).
 */
class ExplainRulesAgreementTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Path example : RulesFixtures.examples()) {
      for (String mode : List.of("iptables", "nftables", "ipvs")) {
        out.add(Arguments.of(example.getFileName().toString(), mode));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void explainAndRulesReachTheSameEndpoints(String example, String mode) {
    Scenario s = RulesFixtures.load(Path.of("examples", example), "spec.cluster.kubeProxy.mode=" + mode);
    int checked = 0;
    for (TrafficSource t : s.traffic()) {
      checked += check(s, new ExplainRequest(t.name(), 1, null, 0, false));
      if (!s.events().isEmpty() && mode.equals(s.cluster().kubeProxy().mode().word())) {
        checked += check(s, new ExplainRequest(t.name(), 1, null, s.endNanos() / 2, false));
      }
    }
    // every example whose traffic goes through a ClusterIP, NodePort or LB has something to check
    boolean proxied = s.traffic().stream().anyMatch(t -> s.services().stream()
        .anyMatch(v -> v.key().equals(t.serviceKey()) && v.clusterIP() != null));
    assertFalse(proxied && checked == 0, example + ": no connection had a kube-proxy decision to check");
  }

  /** Checks one explained connection against the rules; returns 1 if it had a kube-proxy decision. */
  private static int check(Scenario s, ExplainRequest request) {
    Explanation e = DataPlane.explain(s, RunOptions.DEFAULT, request);
    if (!e.found() || e.decision() == null) {
      return 0;
    }
    Decision d = e.decision();
    if (d.mode().equals("ipvs") && d.failure().equals("sourceRangeBlocked")) {
      return 0;
    }
    long at = e.steps().stream().filter(st -> st.kind().equals("kubeProxy")).mapToLong(Step::atNanos).findFirst()
        .orElseThrow();
    String ctx = request.traffic() + " connection at " + at + " ns, on " + d.node() + ": ";
    String why = null;
    // events at exactly the connection's time may come before or after it: try both sides
    for (long t : at > 0 ? new long[] {at, at - 1} : new long[] {at}) {
      why = disagreement(s, d, t);
      if (why == null) {
        return 1;
      }
    }
    throw new AssertionError(ctx + why + "\n--- explain ---\n" + ExplainWriter.text(e, false));
  }

  /** Why the rules printed at {@code atNanos} disagree with the decision, or null. */
  private static String disagreement(Scenario s, Decision d, long atNanos) {
    NodeView node = RulesFixtures.view(s, d.node(), atNanos);
    String text = Rules.render(node);
    String dst = d.destination().substring(0, d.destination().lastIndexOf(':'));
    int dport = Integer.parseInt(d.destination().substring(d.destination().lastIndexOf(':') + 1));
    boolean dstLocal = d.entryPath().equals("nodePort") || dst.equals(node.ip().toString());
    Packet p = new Packet(d.sourceIp(), dst, dport, d.protocol(), d.fromThisNode(), dstLocal,
        d.fromThisNode() ? Packet.Hook.OUTPUT : Packet.Hook.PREROUTING);
    Outcomes o = RulesFixtures.interpreter(text, node).evaluate(p);
    if (d.verdict().isEmpty()) {
      Set<String> printed = new TreeSet<>(o.destinations());
      Set<String> simulated = new TreeSet<>(d.candidates());
      if (!printed.equals(simulated) || o.verdicts().contains(Outcome.Verdict.REJECT)
          || o.verdicts().contains(Outcome.Verdict.DROP)) {
        return "the simulator picks among " + simulated + " but the printed rules give " + o + " for " + p
            + "\n--- rules ---\n" + text;
      }
      return null;
    }
    Outcome.Verdict expected = Outcome.Verdict.valueOf(d.verdict());
    if (!o.verdicts().equals(Set.of(expected))) {
      return "the simulator's verdict is " + expected + " but the printed rules give " + o + " for " + p
          + "\n--- rules ---\n" + text;
    }
    return null;
  }
}
