package dev.svcsim.models.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.cluster.Protocol;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Names and probability strings against values in kube-proxy's own tests. */
class ChainNamesTest {

  @Test
  void iptablesNamesMatchKubeProxyTests() {
    // pkg/proxy/iptables/proxier_test.go TestOverallIPTablesRules
    String name = ChainNames.servicePortName("ns1", "svc1", "p80");
    assertEquals("ns1/svc1:p80", name);
    assertEquals("KUBE-SVC-XPGD46QRK7WJZT7O", ChainNames.svc(name, Protocol.TCP));
    assertEquals("KUBE-EXT-XPGD46QRK7WJZT7O", ChainNames.ext(name, Protocol.TCP));
    assertEquals("KUBE-SVL-XPGD46QRK7WJZT7O", ChainNames.svl(name, Protocol.TCP));
    assertEquals("KUBE-FW-XPGD46QRK7WJZT7O", ChainNames.fw(name, Protocol.TCP));
    assertEquals("KUBE-SEP-SXIVWICOYRO3J4NJ", ChainNames.sep(name, Protocol.TCP, "10.180.0.1:80"));
  }

  @Test
  void anUnnamedPortHashesWithoutTheColon() {
    assertEquals("ns1/svc1", ChainNames.servicePortName("ns1", "svc1", ""));
    String named = ChainNames.svc("ns1/svc1:", Protocol.TCP);
    String unnamed = ChainNames.svc("ns1/svc1", Protocol.TCP);
    assertTrue(!named.equals(unnamed), "the colon is part of what is hashed");
    assertEquals(25, unnamed.length(), "9 + 16 characters");
  }

  @Test
  void nftablesNamesMatchKubeProxyTests() {
    // pkg/proxy/nftables/proxier_test.go TestOverallNFTablesRules
    assertEquals("ULMVA6XW-ns1/svc1/tcp/p80", ChainNames.nftServiceBase("ns1", "svc1", Protocol.TCP, "p80"));
    assertEquals("5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80",
        ChainNames.nftEndpointBase("ns1", "svc1", Protocol.TCP, "p80", "10.180.0.1", 80));
  }

  @Test
  void longNftNamesAreCutTo240WithDots() {
    String ns = "n".repeat(63);
    String svc = "s".repeat(63);
    String port = "p".repeat(63);
    String base = ChainNames.nftEndpointBase(ns, svc, Protocol.SCTP, port, "fd00:1111:2222:3333:4444:5555:6666:7777", 65535);
    assertEquals(240, base.length());
    assertTrue(base.endsWith("..."), base);
  }

  @Test
  void probabilitiesAreFormattedAsGoFormatsThem() {
    assertEquals("0.5000000000", ChainNames.probability(2));
    assertEquals("0.3333333333", ChainNames.probability(3));
    assertEquals("0.2500000000", ChainNames.probability(4));
    assertEquals("0.1428571429", ChainNames.probability(7));
    assertEquals("1.0000000000", ChainNames.probability(1));
    for (int n = 1; n <= 2000; n++) {
      String p = ChainNames.probability(n);
      assertEquals(12, p.length(), "ten decimals for n=" + n);
      double err = Math.abs(new BigDecimal(p).doubleValue() - 1.0 / n);
      assertTrue(err <= 0.5e-10 + 1e-17, "n=" + n + " gives " + p);
    }
  }
}
