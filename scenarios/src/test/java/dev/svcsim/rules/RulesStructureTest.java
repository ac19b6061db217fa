package dev.svcsim.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.net.Ipv4Cidr;
import dev.svcsim.models.rules.EndpointView;
import dev.svcsim.models.rules.IpvsRules;
import dev.svcsim.models.rules.NodeView;
import dev.svcsim.models.rules.Rules;
import dev.svcsim.models.rules.ServicePortView;
import dev.svcsim.models.scenario.ProxyMode;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.scenario.TimelineEvent;
import dev.svcsim.rules.Outcome.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every bundled example, every node and every mode: the printed rules are well formed (as
 * {@code iptables-restore}, {@code nft} and {@code ipvsadm} would insist), the same view always
 * prints the same text, and a packet to each Service port reaches, through the printed rules,
 * exactly the endpoints the node's view says that traffic may use.
 */
class RulesStructureTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Path p : RulesFixtures.examples()) {
      for (ProxyMode m : ProxyMode.values()) {
        out.add(Arguments.of(p.getFileName().toString(), m));
      }
    }
    return out.stream();
  }

  @Test
  void thereAreExamples() {
    assertFalse(RulesFixtures.examples().isEmpty(), "no examples in scenarios/examples");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void everyNodeOfEveryExample(String example, ProxyMode mode) {
    Scenario s = RulesFixtures.load(Path.of("examples", example), "spec.cluster.kubeProxy.mode=" + mode.word());
    for (long at : times(s)) {
      for (NodeView v : RulesFixtures.views(s, at)) {
        String where = example + " " + mode.word() + " " + v.name() + " at " + at + " ns";
        String text = Rules.render(v);
        assertEquals(text, Rules.render(v), where + ": the same view prints the same text");
        List<String> problems = switch (mode) {
          case IPTABLES, USERSPACE -> RulesStructure.iptablesSave(text);
          case NFTABLES -> RulesStructure.nft(text);
          case IPVS -> RulesStructure.ipvsadm(text);
        };
        assertTrue(problems.isEmpty(), () -> where + ":\n" + String.join("\n", problems) + "\n" + text);
        checkReachability(where, v, text, mode);
      }
    }
  }

  /** The start, and just after the last timeline event has reached the proxies (within the run). */
  private static List<Long> times(Scenario s) {
    TreeSet<Long> times = new TreeSet<>();
    times.add(0L);
    for (TimelineEvent e : s.events()) {
      times.add(Math.min(s.endNanos(), e.atNanos() + s.cluster().kubeProxy().syncDelayNanos() + 1_000_000L));
    }
    return List.of(times.first(), times.last());
  }

  /** A pod address no endpoint has: the pod network's last usable address. */
  private static String aPod(NodeView v) {
    Ipv4Cidr c = v.podCidr();
    return c.address(c.size() - 2).toString();
  }

  private static Set<String> keys(List<EndpointView> list) {
    Set<String> out = new TreeSet<>();
    list.forEach(e -> out.add(e.key()));
    return out;
  }

  private static void checkReachability(String where, NodeView v, String text, ProxyMode mode) {
    RulesInterpreter r = RulesFixtures.interpreter(text, v);
    for (ServicePortView p : v.ports()) {
      var s = p.service();
      String what = where + " " + p.servicePortName();
      Outcomes internal = r.evaluate(Packet.fromPod(aPod(v), s.clusterIP().toString(), p.port().port())
          .withProtocol(p.port().protocol().name()));
      Set<String> expected;
      switch (mode) {
        case USERSPACE -> {
          Set<String> ready = new TreeSet<>();
          p.endpoints().stream().filter(EndpointView::ready).forEach(e -> ready.add(e.key()));
          expected = ready;
        }
        case IPVS -> expected = keys(IpvsRules.realServers(p, s.internalPolicyLocal()));
        default -> {
          if (!p.hasAnyEndpoints()) {
            assertEquals(Set.of(Verdict.REJECT), internal.verdicts(), what + ": no endpoints\n" + internal);
            continue;
          }
          expected = keys(s.internalPolicyLocal() ? p.localOrEmpty() : p.clusterOrEmpty());
          if (expected.isEmpty()) {
            assertEquals(Set.of(Verdict.DROP), internal.verdicts(), what + ": no local endpoints\n" + internal);
          }
        }
      }
      assertEquals(expected, internal.destinations(), what + ": a pod to the ClusterIP\n" + internal);
      if (p.port().nodePort() != 0 && mode != ProxyMode.USERSPACE) {
        Outcomes ext = r.evaluate(Packet.external("203.0.113.77", v.ip().toString(), p.port().nodePort(), true)
            .withProtocol(p.port().protocol().name()));
        Set<String> want = switch (mode) {
          case IPVS -> keys(IpvsRules.realServers(p, s.externalPolicyLocal()));
          default -> keys(s.externalPolicyLocal() ? p.localOrEmpty() : p.clusterOrEmpty());
        };
        assertEquals(want, ext.destinations(), what + ": from outside to the NodePort\n" + ext);
      }
    }
  }
}
