package dev.svcsim.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.rules.Outcome.Verdict;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The interpreters themselves, on small hand-written listings whose answers are known. */
class RulesInterpreterTest {

  private static final Set<String> NODE = Set.of("192.168.0.2");

  /** Two endpoints through a probability rule, hairpin and ClusterIP masquerade, a REJECT. */
  private static final String IPTABLES = """
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :KUBE-SERVICES - [0:0]
      :KUBE-EXTERNAL-SERVICES - [0:0]
      -A INPUT -m conntrack --ctstate NEW -j KUBE-EXTERNAL-SERVICES
      -A FORWARD -m conntrack --ctstate NEW -j KUBE-SERVICES
      -A FORWARD -m conntrack --ctstate NEW -j KUBE-EXTERNAL-SERVICES
      -A OUTPUT -m conntrack --ctstate NEW -j KUBE-SERVICES
      -A KUBE-SERVICES -m comment --comment "ns/gone has no endpoints" -m tcp -p tcp -d 10.96.0.20 --dport 80 -j REJECT
      -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns/local has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30001 -j DROP
      COMMIT
      *nat
      :PREROUTING ACCEPT [0:0]
      :INPUT ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :POSTROUTING ACCEPT [0:0]
      :KUBE-SERVICES - [0:0]
      :KUBE-NODEPORTS - [0:0]
      :KUBE-SVC-A - [0:0]
      :KUBE-SEP-1 - [0:0]
      :KUBE-SEP-2 - [0:0]
      :KUBE-MARK-MASQ - [0:0]
      :KUBE-POSTROUTING - [0:0]
      -A PREROUTING -j KUBE-SERVICES
      -A OUTPUT -j KUBE-SERVICES
      -A POSTROUTING -j KUBE-POSTROUTING
      -A KUBE-SERVICES -m comment --comment "ns/a cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-SVC-A
      -A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
      -A KUBE-NODEPORTS -m tcp -p tcp --dport 30000 -g KUBE-SVC-A
      -A KUBE-SVC-A -m tcp -p tcp -d 10.96.0.10 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
      -A KUBE-SVC-A -m recent --name KUBE-SEP-2 --rcheck --seconds 60 --reap -j KUBE-SEP-2
      -A KUBE-SVC-A -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-1
      -A KUBE-SVC-A -j KUBE-SEP-2
      -A KUBE-SEP-1 -s 10.244.1.5 -j KUBE-MARK-MASQ
      -A KUBE-SEP-1 -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080
      -A KUBE-SEP-2 -s 10.244.2.7 -j KUBE-MARK-MASQ
      -A KUBE-SEP-2 -m recent --name KUBE-SEP-2 --set -m tcp -p tcp -j DNAT --to-destination 10.244.2.7:8080
      -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
      -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
      -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
      -A KUBE-POSTROUTING -j MASQUERADE --random-fully
      COMMIT
      """;

  @Test
  void iptablesFollowsEveryProbabilityAndAffinityBranch() {
    RulesInterpreter r = RulesInterpreter.of(IPTABLES, NODE);
    Outcomes o = r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.10", 80));
    assertEquals(Set.of("10.244.1.5:8080", "10.244.2.7:8080"), o.destinations(), o.toString());
    // affinity hit, probability hit, probability miss
    assertEquals(3, o.all().size(), o.toString());
    assertEquals(Boolean.FALSE, o.masquerade(), "a pod's connection to a ClusterIP keeps its source: " + o);
    assertEquals(Verdict.ACCEPT, o.verdict());
  }

  @Test
  void iptablesMasqueradesNodeTrafficAndHairpins() {
    RulesInterpreter r = RulesInterpreter.of(IPTABLES, NODE);
    Outcomes node = r.evaluate(Packet.fromNode("192.168.0.2", "10.96.0.10", 80, false));
    assertEquals(Boolean.TRUE, node.alwaysMasquerade(), "source outside the pod network: " + node);
    Outcomes hairpin = r.evaluate(Packet.fromPod("10.244.1.5", "10.96.0.10", 80));
    for (Outcome o : hairpin.all()) {
      assertEquals(o.destination().equals("10.244.1.5:8080"), o.masquerade(), "only the pod itself is SNATed: " + o);
    }
  }

  @Test
  void iptablesGotoAndNodePortsAndFilterVerdicts() {
    RulesInterpreter r = RulesInterpreter.of(IPTABLES, NODE);
    Outcomes np = r.evaluate(Packet.external("203.0.113.9", "192.168.0.2", 30000, true));
    assertEquals(Set.of("10.244.1.5:8080", "10.244.2.7:8080"), np.destinations(), np.toString());
    Outcomes notLocal = r.evaluate(Packet.external("203.0.113.9", "192.168.0.9", 30000, false));
    assertEquals(Set.of(), notLocal.destinations(), "the NodePort rule needs a local destination");
    assertEquals(Verdict.ACCEPT, notLocal.verdict());
    assertEquals(Verdict.REJECT, r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.20", 80)).verdict());
    assertEquals(Verdict.DROP, r.evaluate(Packet.external("203.0.113.9", "192.168.0.2", 30001, true)).verdict());
    assertEquals(Verdict.ACCEPT, r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.10", 80).withProtocol("udp"))
        .verdict(), "a UDP packet matches no TCP rule and passes");
  }

  @Test
  void iptablesIsStrict() {
    assertThrows(IllegalArgumentException.class, () -> RulesInterpreter.of("*nat\n:PREROUTING ACCEPT [0:0]\n"
        + "-A PREROUTING -m foo --bar 1 -j ACCEPT\nCOMMIT\n", NODE), "unknown option");
    assertThrows(IllegalArgumentException.class, () -> RulesInterpreter.of("*nat\n:PREROUTING ACCEPT [0:0]\n"
        + "-A KUBE-X -j ACCEPT\nCOMMIT\n", NODE), "rule for an undeclared chain");
    assertThrows(IllegalArgumentException.class, () -> RulesInterpreter.of("*nat\n:PREROUTING ACCEPT [0:0]\n"
        + ":PREROUTING ACCEPT [0:0]\nCOMMIT\n", NODE), "declared twice");
    assertThrows(IllegalArgumentException.class, () -> RulesInterpreter.of("*nat\n:PREROUTING ACCEPT [0:0]\n", NODE),
        "no COMMIT");
    RulesInterpreter r = RulesInterpreter.of("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
        + "COMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A PREROUTING -j KUBE-NOWHERE\nCOMMIT\n", NODE);
    assertThrows(IllegalStateException.class, () -> r.evaluate(Packet.fromPod("10.0.0.1", "10.96.0.1", 80)),
        "a jump to an undeclared chain");
  }

  @Test
  void iptablesReturnGoesBackToTheCaller() {
    String text = """
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :X - [0:0]
        -A FORWARD -j X
        -A FORWARD -j DROP
        -A X -s 10.0.0.0/8 -j RETURN
        -A X -j ACCEPT
        COMMIT
        *nat
        :PREROUTING ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        COMMIT
        """;
    RulesInterpreter r = RulesInterpreter.of(text, NODE);
    assertEquals(Verdict.DROP, r.evaluate(Packet.fromPod("10.1.1.1", "10.96.0.1", 80)).verdict(),
        "RETURN continues after the jump");
    assertEquals(Verdict.ACCEPT, r.evaluate(Packet.fromPod("172.16.0.1", "10.96.0.1", 80)).verdict());
  }

  @Test
  void userspaceProxyPortsLeadToTheirEndpoints() {
    String text = """
        # userspace proxy 36000 tcp ns/a -> 10.244.1.5:8080 10.244.2.7:8080
        # userspace proxy 36001 tcp ns/b -> (no endpoints: connections are closed)
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        COMMIT
        *nat
        :PREROUTING ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        :KUBE-PORTALS-CONTAINER - [0:0]
        :KUBE-PORTALS-HOST - [0:0]
        -A PREROUTING -j KUBE-PORTALS-CONTAINER
        -A OUTPUT -j KUBE-PORTALS-HOST
        -A KUBE-PORTALS-CONTAINER -m comment --comment ns/a -p tcp -m tcp --dport 80 -d 10.96.0.10/32 -j REDIRECT --to-ports 36000
        -A KUBE-PORTALS-CONTAINER -m comment --comment ns/b -p tcp -m tcp --dport 80 -d 10.96.0.11/32 -j REDIRECT --to-ports 36001
        -A KUBE-PORTALS-HOST -m comment --comment ns/a -p tcp -m tcp --dport 80 -d 10.96.0.10/32 -j DNAT --to-destination 192.168.0.2:36000
        COMMIT
        """;
    RulesInterpreter r = RulesInterpreter.of(text, NODE);
    Outcomes pod = r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.10", 80));
    assertEquals(Set.of("10.244.1.5:8080", "10.244.2.7:8080"), pod.destinations());
    assertEquals(Boolean.TRUE, pod.alwaysMasquerade(), "the proxy dials from the node");
    assertEquals(Set.of("10.244.1.5:8080", "10.244.2.7:8080"),
        r.evaluate(Packet.fromNode("192.168.0.2", "10.96.0.10", 80, false)).destinations());
    assertEquals(Verdict.REJECT, r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.11", 80)).verdict());
  }

  /** A ClusterIP with affinity and two endpoints, an eTP=Local NodePort, LB source ranges, no-endpoint maps. */
  private static final String NFT = """
      table ip kube-proxy {
      \tcomment "rules for kube-proxy"

      \tset cluster-ips {
      \t\ttype ipv4_addr
      \t\telements = { 10.96.0.10,
      \t\t\t     10.96.0.20 }
      \t}

      \tset nodeport-ips {
      \t\ttype ipv4_addr
      \t\telements = { 192.168.0.2 }
      \t}

      \tset affinity-E2 {
      \t\ttype ipv4_addr
      \t\tflags dynamic,timeout
      \t\ttimeout 60s
      \t}

      \tmap service-ips {
      \t\ttype ipv4_addr . inet_proto . inet_service : verdict
      \t\telements = { 10.96.0.10 . tcp . 80 : goto service-A,
      \t\t\t     5.6.7.8 . tcp . 80 : goto external-A }
      \t}

      \tmap service-nodeports {
      \t\ttype inet_proto . inet_service : verdict
      \t\telements = { tcp . 30000 : goto external-A }
      \t}

      \tmap firewall-ips {
      \t\ttype ipv4_addr . inet_proto . inet_service : verdict
      \t\telements = { 5.6.7.8 . tcp . 80 : goto firewall-A }
      \t}

      \tmap no-endpoint-services {
      \t\ttype ipv4_addr . inet_proto . inet_service : verdict
      \t\telements = { 10.96.0.20 . tcp . 80 comment "ns/gone" : goto reject-chain,
      \t\t\t     5.6.7.8 . tcp . 80 comment "ns/a" : drop }
      \t}

      \tmap no-endpoint-nodeports {
      \t\ttype inet_proto . inet_service : verdict
      \t\telements = { tcp . 30000 comment "ns/a" : drop }
      \t}

      \tchain filter-prerouting-pre-dnat {
      \t\ttype filter hook prerouting priority -110; policy accept;
      \t\tct state new jump firewall-check
      \t}

      \tchain filter-forward {
      \t\ttype filter hook forward priority 0; policy accept;
      \t\tct state new jump service-endpoints-check
      \t\tct state new jump cluster-ips-check
      \t}

      \tchain filter-input {
      \t\ttype filter hook input priority 0; policy accept;
      \t\tct state new jump nodeport-endpoints-check
      \t\tct state new jump service-endpoints-check
      \t}

      \tchain filter-output {
      \t\ttype filter hook output priority 0; policy accept;
      \t\tct state new jump service-endpoints-check
      \t\tct state new jump cluster-ips-check
      \t}

      \tchain nat-prerouting {
      \t\ttype nat hook prerouting priority -100; policy accept;
      \t\tjump services
      \t}

      \tchain nat-output {
      \t\ttype nat hook output priority -100; policy accept;
      \t\tjump services
      \t}

      \tchain nat-postrouting {
      \t\ttype nat hook postrouting priority 100; policy accept;
      \t\tjump masquerading
      \t}

      \tchain services {
      \t\tip daddr . meta l4proto . th dport vmap @service-ips
      \t\tip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
      \t}

      \tchain firewall-check {
      \t\tip daddr . meta l4proto . th dport vmap @firewall-ips
      \t}

      \tchain firewall-A {
      \t\tip saddr != { 203.0.113.0/25, 192.168.0.0/24 } drop
      \t}

      \tchain service-endpoints-check {
      \t\tip daddr . meta l4proto . th dport vmap @no-endpoint-services
      \t}

      \tchain nodeport-endpoints-check {
      \t\tip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
      \t}

      \tchain cluster-ips-check {
      \t\tip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
      \t\tip daddr { 10.96.0.0/12 } drop comment "Drop traffic to unallocated ClusterIPs"
      \t}

      \tchain reject-chain {
      \t\tcomment "helper"
      \t\treject
      \t}

      \tchain mark-for-masquerade {
      \t\tmark set mark or 0x4000
      \t}

      \tchain masquerading {
      \t\tmark and 0x4000 == 0 return
      \t\tmark set mark xor 0x4000
      \t\tmasquerade fully-random
      \t}

      \tchain service-A {
      \t\tip daddr 10.96.0.10 tcp dport 80 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
      \t\tip saddr @affinity-E2 goto endpoint-E2
      \t\tnumgen random mod 2 vmap { 0 : goto endpoint-E1 , 1 : goto endpoint-E2 }
      \t}

      \tchain external-A {
      \t\tip saddr 10.244.0.0/16 goto service-A comment "short-circuit pod traffic"
      \t\tfib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
      \t\tfib saddr type local goto service-A comment "short-circuit local traffic"
      \t}

      \tchain endpoint-E1 {
      \t\tip saddr 10.244.1.5 jump mark-for-masquerade
      \t\tmeta l4proto tcp dnat to 10.244.1.5:8080
      \t}

      \tchain endpoint-E2 {
      \t\tip saddr 10.244.2.7 jump mark-for-masquerade
      \t\tupdate @affinity-E2 { ip saddr }
      \t\tmeta l4proto tcp dnat to 10.244.2.7:8080
      \t}
      }
      """;

  @Test
  void nftDispatchesThroughMapsAndNumgen() {
    RulesInterpreter r = RulesInterpreter.of(NFT, NODE);
    Outcomes o = r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.10", 80));
    assertEquals(Set.of("10.244.1.5:8080", "10.244.2.7:8080"), o.destinations(), o.toString());
    assertEquals(3, o.all().size(), "affinity hit, then numgen 0 and 1: " + o);
    assertEquals(Boolean.FALSE, o.masquerade());
    assertEquals(Boolean.TRUE, r.evaluate(Packet.fromNode("192.168.0.2", "10.96.0.10", 80, false)).alwaysMasquerade());
    Outcomes hairpin = r.evaluate(Packet.fromPod("10.244.1.5", "10.96.0.10", 80));
    for (Outcome x : hairpin.all()) {
      assertEquals(x.destination().equals("10.244.1.5:8080"), x.masquerade(), "hairpin: " + x);
    }
  }

  @Test
  void nftShortCircuitsAndDropsWhatIsLeft() {
    RulesInterpreter r = RulesInterpreter.of(NFT, NODE);
    // external -> NodePort under Local with no local endpoint: no DNAT, then the drop verdict
    assertEquals(Verdict.DROP, r.evaluate(Packet.external("203.0.113.9", "192.168.0.2", 30000, true)).verdict());
    // a pod is short-circuited to the service chain, unmasqueraded
    Outcomes pod = r.evaluate(Packet.fromPod("10.244.0.3", "192.168.0.2", 30000, true));
    assertEquals(Set.of("10.244.1.5:8080", "10.244.2.7:8080"), pod.destinations(), pod.toString());
    assertEquals(Boolean.FALSE, pod.masquerade());
    // the node itself: short-circuited and masqueraded
    Outcomes node = r.evaluate(Packet.fromNode("192.168.0.2", "192.168.0.2", 30000, true));
    assertEquals(Set.of("10.244.1.5:8080", "10.244.2.7:8080"), node.destinations(), node.toString());
    assertEquals(Boolean.TRUE, node.alwaysMasquerade());
  }

  @Test
  void nftFirewallAndClusterIpChecks() {
    RulesInterpreter r = RulesInterpreter.of(NFT, NODE);
    assertEquals(Verdict.DROP, r.evaluate(Packet.external("198.51.100.1", "5.6.7.8", 80, false)).verdict(),
        "outside the source ranges");
    // inside the ranges but not a pod: the external chain has nothing for it, then no-endpoint-services drops
    assertEquals(Verdict.DROP, r.evaluate(Packet.external("203.0.113.9", "5.6.7.8", 80, false)).verdict());
    assertEquals(Verdict.REJECT, r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.20", 80)).verdict(),
        "no endpoints: reject-chain");
    assertEquals(Verdict.REJECT, r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.10", 443)).verdict(),
        "a ClusterIP on a port it does not have");
    assertEquals(Verdict.DROP, r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.99", 80)).verdict(),
        "an unallocated address in the Service CIDR");
    assertEquals(Verdict.ACCEPT, r.evaluate(Packet.fromPod("10.244.0.3", "8.8.8.8", 53)).verdict());
  }

  @Test
  void nftIsStrict() {
    assertThrows(IllegalArgumentException.class, () -> RulesInterpreter.of("table ip t {\n\tchain c {\n"
        + "\t\ttype filter hook prerouting priority 0; policy accept;\n\t\tfoo bar\n\t}\n}\n", NODE).evaluate(Packet.fromPod("1.1.1.1", "2.2.2.2", 1)));
    assertThrows(IllegalArgumentException.class, () -> RulesInterpreter.of("table ip t {\n\tchain c {\n", NODE),
        "unbalanced braces");
    RulesInterpreter r = RulesInterpreter.of("table ip t {\n\tchain p {\n\t\ttype nat hook prerouting priority -100;"
        + " policy accept;\n\t\tjump nowhere\n\t}\n}\n", NODE);
    assertThrows(IllegalStateException.class, () -> r.evaluate(Packet.fromPod("1.1.1.1", "2.2.2.2", 1)));
  }

  @Test
  void ipvsLooksUpTheVirtualServer() {
    String text = """
        # a comment
        IP Virtual Server version 1.2.1 (size=4096)
        Prot LocalAddress:Port Scheduler Flags
          -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
        TCP  10.96.0.10:80 rr persistent 10800
          -> 10.244.1.5:8080              Masq    1      3          0
          -> 10.244.2.7:8080              Masq    0      1          0
        TCP  10.96.0.20:80 rr
        UDP  10.96.0.10:53 rr
          -> 10.244.1.5:53                Masq    1      0          0
        """;
    RulesInterpreter r = RulesInterpreter.of(text, NODE);
    Outcomes o = r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.10", 80));
    assertEquals(Set.of("10.244.1.5:8080"), o.destinations(), "weight 0 takes no new connection");
    assertNull(o.masquerade(), "unknown from ipvsadm alone");
    assertEquals(Verdict.REJECT, r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.20", 80)).verdict());
    assertEquals(Set.of("10.244.1.5:53"),
        r.evaluate(Packet.fromPod("10.244.0.3", "10.96.0.10", 53).withProtocol("udp")).destinations());
    Outcomes none = r.evaluate(Packet.fromPod("10.244.0.3", "8.8.8.8", 53));
    assertEquals(Verdict.ACCEPT, none.verdict());
    assertTrue(none.destinations().isEmpty());
    assertFalse(((IpvsInterpreter) r).virtualServers().get("TCP 10.96.0.10:80").flags().isEmpty());
  }
}
