package dev.svcsim.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcsim.models.rules.NodeView;
import dev.svcsim.models.rules.Rules;
import dev.svcsim.models.scenario.ProxyMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules for the Services and endpoints of kube-proxy's TestOverallIPTablesRules and
 * TestOverallNFTablesRules, byte for byte. The iptables and nftables files were compared line by
 * line with what those tests expect: every kube-proxy line is there, and the only difference is
 * {@code MASQUERADE --random-fully} (kube-proxy's fake iptables lacks it; a real node has it).
 * After an intended change, regenerate a file with {@code svcsim rules
 * scenarios/src/test/resources/dev/svcsim/rules/overall.yaml --node test-node --mode MODE} and
 * review the difference.
 */
class RulesGoldenTest {

  private static final Path DIR = Path.of("src/test/resources/dev/svcsim/rules");

  @ParameterizedTest
  @EnumSource(ProxyMode.class)
  void kubeProxysOverallTest(ProxyMode mode) throws IOException {
    var s = RulesFixtures.load(DIR.resolve("overall.yaml"), "spec.cluster.kubeProxy.mode=" + mode.word());
    NodeView v = RulesFixtures.view(s, "test-node", 0);
    String expected = Files.readString(DIR.resolve("overall." + mode.word() + ".txt"));
    assertEquals(expected, Rules.render(v), "overall." + mode.word() + ".txt");
  }
}
