package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTests.IPTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.NFTABLES;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.explain.ExplainRequest;
import dev.svcsim.models.explain.Explanation;
import dev.svcsim.rules.ExplainQuotesRulesTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ExplainQuotesRulesTest} over the paths the examples do not take: every row of the
 * masquerade matrix (pod, node and external clients; ClusterIP, NodePort, LB and externalIP;
 * Cluster and Local policies) and the refusals, hairpin and source ranges of {@link ExplainTest}.
 */
class ExplainQuotesMatrixTest {

  static Stream<Arguments> netfilterRows() {
    return MasqueradeMatrixTest.matrix().filter(a -> !a.get()[0].equals(DataPlaneTests.IPVS));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("netfilterRows")
  void everyMatrixRowQuotesPrintedRules(String mode, MasqueradeMatrixTest.Row row) {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(mode, row.policy());
    if (row.via() == MasqueradeMatrixTest.Via.NODE_PORT) {
      y.traffic("t", row.origin().from, "web", row.via().word, "500/s", "nodes: [node-a]");
    } else {
      y.traffic("t", row.origin().from, "web", row.via().word, "500/s");
    }
    check(y);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES})
  void refusalsHairpinAndSourceRangesQuotePrintedRules(String mode) {
    check(MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.CLUSTER)
        .service("empty", "ClusterIP", null, null, "nothing-has-this-label")
        .traffic("t", "pod/default/client", "empty", "clusterIP", "100/s"));
    check(MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.ETP_LOCAL)
        .node("node-c", "zone-1")
        .traffic("t", "external", "web", "nodePort", "100/s", "nodes: [node-c]"));
    check(MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.ITP_LOCAL)
        .traffic("t", "pod/default/web-a", "web", "clusterIP", "100/s"));
    check(MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.ETP_LOCAL)
        .traffic("t", "pod/default/client", "web", "loadBalancer", "100/s"));
    check(ExplainTest.rangedWithoutEndpoints(mode));
    check(ranged(mode, "0.0.0.0/0"));
    check(ranged(mode, "100.64.0.0/16"));
  }

  /** An LB Service over the web pods that accepts only {@code range}. */
  private static DataPlaneTests.Yaml ranged(String mode, String range) {
    return MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.CLUSTER)
        .manifest("""
            apiVersion: v1
            kind: Service
            metadata: {name: ranged, namespace: default}
            spec:
              type: LoadBalancer
              loadBalancerSourceRanges: ["%s"]
              selector: {app: web}
              ports:
                - name: http
                  port: 80
                  targetPort: http
            """.formatted(range))
        .traffic("t", "external", "ranged", "loadBalancer", "100/s");
  }

  private static void check(DataPlaneTests.Yaml y) {
    Explanation e = ExplainTest.explain(y, ExplainRequest.first("t"));
    assertTrue(e.decision() != null, ExplainTest.text(e));
    assertTrue(ExplainQuotesRulesTest.check(ExplainTest.load(y), e) > 0, ExplainTest.text(e));
  }
}
