package dev.svcsim.rules;

import static dev.svcsim.rules.RulesFixtures.interpreter;
import static dev.svcsim.rules.RulesFixtures.load;
import static dev.svcsim.rules.RulesFixtures.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.rules.ChainNames;
import dev.svcsim.models.rules.IpvsRules;
import dev.svcsim.models.rules.IptablesRules;
import dev.svcsim.models.rules.NftablesRules;
import dev.svcsim.models.rules.NodeView;
import dev.svcsim.models.rules.ServicePortView;
import dev.svcsim.models.rules.UserspaceRules;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.rules.Outcome.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the renderers print for each kind of Service, read as text and run through the interpreters. */
class RulesRenderTest {

  private static final Scenario ZOO = load(RulesFixtures.ZOO);
  private static final Scenario ZOO_NFT = load(RulesFixtures.ZOO, "spec.cluster.kubeProxy.mode=nftables");
  private static final Scenario ZOO_IPVS = load(RulesFixtures.ZOO, "spec.cluster.kubeProxy.mode=ipvs");

  private static void assertHas(String text, String line) {
    assertTrue(text.lines().anyMatch(l -> l.strip().equals(line)), () -> "expected the line\n" + line + "\nin\n" + text);
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), () -> "expected \"" + part + "\" in\n" + text);
  }

  private static ServicePortView port(NodeView v, String service) {
    return v.ports().stream().filter(p -> p.service().key().equals(service)).findFirst()
        .orElseThrow(() -> new AssertionError("no port of " + service + " on " + v.name()));
  }

  private static String lbIp(NodeView v, String service) {
    return port(v, service).service().loadBalancerIPs().get(0).toString();
  }

  private static String clusterIp(NodeView v, String service) {
    return port(v, service).service().clusterIP().toString();
  }

  private static int nodePort(NodeView v, String service) {
    return port(v, service).port().nodePort();
  }

  private static String podIp(NodeView v, String service, String pod) {
    return port(v, service).endpoints().stream().filter(e -> e.pod().equals("default/" + pod)).findFirst()
        .orElseThrow().ip();
  }

  // ------------------------------------------------------------------ kube-proxy's own names

  @Test
  void theKubeProxyTestShapeGivesItsNamesAndProbabilities() {
    NodeView v = view(load(RulesFixtures.KUBE_PROXY_SHAPED), "test-node", 0);
    String ipt = IptablesRules.render(v);
    assertHas(ipt, "-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 172.30.0.41"
        + " --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O");
    assertHas(ipt, "-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp"
        + " -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ");
    assertHas(ipt, "-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment \"ns1/svc1:p80 -> 10.180.0.1:80\""
        + " -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-SXIVWICOYRO3J4NJ");
    String sep2 = ChainNames.sep("ns1/svc1:p80", dev.svcsim.models.cluster.Protocol.TCP, "10.180.0.2:80");
    String sep3 = ChainNames.sep("ns1/svc1:p80", dev.svcsim.models.cluster.Protocol.TCP, "10.180.0.3:80");
    assertHas(ipt, "-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment \"ns1/svc1:p80 -> 10.180.0.2:80\""
        + " -m statistic --mode random --probability 0.5000000000 -j " + sep2);
    assertHas(ipt, "-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment \"ns1/svc1:p80 -> 10.180.0.3:80\" -j " + sep3);
    assertHas(ipt, "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ");
    assertHas(ipt, "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT"
        + " --to-destination 10.180.0.1:80");
    assertEquals(Set.of("10.180.0.1:80", "10.180.0.2:80", "10.180.0.3:80"),
        interpreter(ipt, v).evaluate(Packet.fromPod("10.0.0.7", "172.30.0.41", 80)).destinations());

    String nft = NftablesRules.render(v);
    assertHas(nft, "numgen random mod 3 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 , 1 : goto "
        + "endpoint-" + ChainNames.nftEndpointBase("ns1", "svc1", dev.svcsim.models.cluster.Protocol.TCP, "p80",
            "10.180.0.2", 80) + " , 2 : goto endpoint-" + ChainNames.nftEndpointBase("ns1", "svc1",
            dev.svcsim.models.cluster.Protocol.TCP, "p80", "10.180.0.3", 80) + " }");
    assertHas(nft, "chain service-ULMVA6XW-ns1/svc1/tcp/p80 {");
    assertHas(nft, "ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade");
    assertContains(nft, "172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80");
    assertEquals(Set.of("10.180.0.1:80", "10.180.0.2:80", "10.180.0.3:80"),
        interpreter(nft, v).evaluate(Packet.fromPod("10.0.0.7", "172.30.0.41", 80)).destinations());

    String ipvs = IpvsRules.render(v);
    assertHas(ipvs, "TCP  172.30.0.41:80 rr");
    assertHas(ipvs, "-> 10.180.0.1:80                Masq    1      0          0");
  }

  // ------------------------------------------------------------------ no endpoints

  @Test
  void aServiceWithNoEndpointsIsRejectedEverywhere() {
    NodeView v = view(ZOO, "node-a", 0);
    String ipt = IptablesRules.render(v);
    String cip = clusterIp(v, "default/empty");
    String lb = lbIp(v, "default/empty");
    int np = nodePort(v, "default/empty");
    String c = "-m comment --comment \"default/empty:http has no endpoints\" -m tcp -p tcp";
    assertHas(ipt, "-A KUBE-SERVICES " + c + " -d " + cip + " --dport 80 -j REJECT");
    assertHas(ipt, "-A KUBE-EXTERNAL-SERVICES " + c + " -d 192.168.99.44 --dport 80 -j REJECT");
    assertHas(ipt, "-A KUBE-EXTERNAL-SERVICES " + c + " -d " + lb + " --dport 80 -j REJECT");
    assertHas(ipt, "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"default/empty:http has no endpoints\""
        + " -m addrtype --dst-type LOCAL -m tcp -p tcp --dport " + np + " -j REJECT");
    String hash = ChainNames.portProtoHash("default/empty:http", dev.svcsim.models.cluster.Protocol.TCP);
    assertFalse(ipt.contains(hash), "no nat chain for a Service without endpoints");
    RulesInterpreter r = interpreter(ipt, v);
    assertEquals(Verdict.REJECT, r.evaluate(Packet.fromPod("10.244.0.9", cip, 80)).verdict());
    assertEquals(Verdict.REJECT, r.evaluate(Packet.external("203.0.113.9", v.ip().toString(), np, true)).verdict());
    assertEquals(Verdict.REJECT, r.evaluate(Packet.external("203.0.113.9", lb, 80, false)).verdict());

    String nft = NftablesRules.render(view(ZOO_NFT, "node-a", 0));
    assertContains(nft, cip + " . tcp . 80 comment \"default/empty:http\" : goto reject-chain");
    assertContains(nft, "tcp . " + np + " comment \"default/empty:http\" : goto reject-chain");
    RulesInterpreter n = interpreter(nft, v);
    assertEquals(Verdict.REJECT, n.evaluate(Packet.fromPod("10.244.0.9", cip, 80)).verdict());
    assertEquals(Verdict.REJECT, n.evaluate(Packet.external("203.0.113.9", "192.168.99.44", 80, false)).verdict());

    String ipvs = IpvsRules.render(view(ZOO_IPVS, "node-a", 0));
    assertEquals(Verdict.REJECT, interpreter(ipvs, v).evaluate(Packet.fromPod("10.244.0.9", cip, 80)).verdict(),
        "a virtual server without real servers");
  }

  // ------------------------------------------------------------------ traffic policies

  @Test
  void externalTrafficPolicyLocalWithoutALocalEndpoint() {
    NodeView a = view(ZOO, "node-a", 0);
    String ipt = IptablesRules.render(a);
    String name = "default/lb-local";
    var proto = dev.svcsim.models.cluster.Protocol.TCP;
    String ext = ChainNames.ext(name, proto);
    String svc = ChainNames.svc(name, proto);
    String svl = ChainNames.svl(name, proto);
    String lb = lbIp(a, name);
    int np = nodePort(a, name);
    assertHas(ipt, "-A " + ext + " -m comment --comment \"pod traffic for default/lb-local external destinations\""
        + " -s 10.244.0.0/16 -j " + svc);
    assertHas(ipt, "-A " + ext + " -m comment --comment \"masquerade LOCAL traffic for default/lb-local external"
        + " destinations\" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ");
    assertHas(ipt, "-A " + ext + " -m comment --comment \"route LOCAL traffic for default/lb-local external"
        + " destinations\" -m addrtype --src-type LOCAL -j " + svc);
    assertFalse(ipt.contains(svl), "no local endpoint, no KUBE-SVL chain and no jump to it:\n" + ipt);
    String drop = "-m comment --comment \"default/lb-local has no local endpoints\"";
    assertHas(ipt, "-A KUBE-EXTERNAL-SERVICES " + drop + " -m tcp -p tcp -d " + lb + " --dport 80 -j DROP");
    assertHas(ipt, "-A KUBE-EXTERNAL-SERVICES " + drop + " -m addrtype --dst-type LOCAL -m tcp -p tcp --dport " + np
        + " -j DROP");
    int hc = port(a, name).service().healthCheckNodePort();
    assertHas(ipt, "-A KUBE-NODEPORTS -m comment --comment \"default/lb-local health check node port\" -m tcp -p tcp"
        + " --dport " + hc + " -j ACCEPT");

    RulesInterpreter r = interpreter(ipt, a);
    String lonely = podIp(a, name, "lonely-b") + ":8080";
    assertEquals(Verdict.DROP, r.evaluate(Packet.external("203.0.113.9", a.ip().toString(), np, true)).verdict());
    assertEquals(Verdict.DROP, r.evaluate(Packet.external("203.0.113.9", lb, 80, false)).verdict());
    Outcomes pod = r.evaluate(Packet.fromPod("10.244.0.9", a.ip().toString(), np, true));
    assertEquals(Set.of(lonely), pod.destinations(), "a pod is short-circuited to the cluster endpoints");
    assertEquals(Boolean.FALSE, pod.masquerade(), "without SNAT");
    Outcomes self = r.evaluate(Packet.fromNode(a.ip().toString(), a.ip().toString(), np, true));
    assertEquals(Set.of(lonely), self.destinations());
    assertEquals(Boolean.TRUE, self.alwaysMasquerade(), "the node itself is masqueraded");

    NodeView b = view(ZOO, "node-b", 0);
    String iptB = IptablesRules.render(b);
    assertHas(iptB, "-A " + ext + " -j " + svl);
    Outcomes ext2 = interpreter(iptB, b).evaluate(Packet.external("203.0.113.9", b.ip().toString(), np, true));
    assertEquals(Set.of(lonely), ext2.destinations());
    assertEquals(Boolean.FALSE, ext2.masquerade(), "external traffic keeps its source under Local");

    String nft = NftablesRules.render(view(ZOO_NFT, "node-a", 0));
    String base = ChainNames.nftServiceBase("default", "lb-local", proto, "");
    assertHas(nft, "ip saddr 10.244.0.0/16 goto service-" + base + " comment \"short-circuit pod traffic\"");
    assertFalse(nft.contains("local-" + base), "no local- chain without local endpoints");
    assertContains(nft, "tcp . " + np + " comment \"default/lb-local\" : drop");
    RulesInterpreter n = interpreter(nft, a);
    assertEquals(Verdict.DROP, n.evaluate(Packet.external("203.0.113.9", a.ip().toString(), np, true)).verdict());
    assertEquals(Set.of(lonely), n.evaluate(Packet.fromPod("10.244.0.9", a.ip().toString(), np, true)).destinations());
  }

  @Test
  void internalTrafficPolicyLocalWithoutALocalEndpointDrops() {
    NodeView a = view(ZOO, "node-a", 0);
    String ipt = IptablesRules.render(a);
    String cip = clusterIp(a, "default/itp-local");
    assertHas(ipt, "-A KUBE-SERVICES -m comment --comment \"default/itp-local has no local endpoints\" -m tcp -p tcp"
        + " -d " + cip + " --dport 80 -j DROP");
    assertEquals(Verdict.DROP, interpreter(ipt, a).evaluate(Packet.fromPod("10.244.0.9", cip, 80)).verdict());

    NodeView b = view(ZOO, "node-b", 0);
    String iptB = IptablesRules.render(b);
    String svl = ChainNames.svl("default/itp-local", dev.svcsim.models.cluster.Protocol.TCP);
    assertHas(iptB, "-A KUBE-SERVICES -m comment --comment \"default/itp-local cluster IP\" -m tcp -p tcp -d " + cip
        + " --dport 80 -j " + svl);
    assertEquals(Set.of(podIp(b, "default/itp-local", "lonely-b") + ":8080"),
        interpreter(iptB, b).evaluate(Packet.fromPod("10.244.1.9", cip, 80)).destinations());

    String nft = NftablesRules.render(view(ZOO_NFT, "node-a", 0));
    assertContains(nft, cip + " . tcp . 80 comment \"default/itp-local\" : drop");
  }

  // ------------------------------------------------------------------ affinity and source ranges

  @Test
  void clientIpAffinityInEveryMode() {
    NodeView a = view(ZOO, "node-a", 0);
    String ipt = IptablesRules.render(a);
    var proto = dev.svcsim.models.cluster.Protocol.TCP;
    String name = "default/lb-fw:http";
    String web = podIp(a, "default/lb-fw", "web-a") + ":8080";
    String sep = ChainNames.sep(name, proto, web);
    assertHas(ipt, "-A " + ChainNames.svc(name, proto) + " -m comment --comment \"" + name + " -> " + web
        + "\" -m recent --name " + sep + " --rcheck --seconds 600 --reap -j " + sep);
    assertHas(ipt, "-A " + sep + " -m comment --comment " + name + " -m recent --name " + sep
        + " --set -m tcp -p tcp -j DNAT --to-destination " + web);
    // the recent checks come before the random rules
    List<String> svcRules = ipt.lines().filter(l -> l.startsWith("-A " + ChainNames.svc(name, proto) + " ")).toList();
    assertTrue(svcRules.get(1).contains("--rcheck") && svcRules.get(2).contains("--rcheck")
        && svcRules.get(3).contains("--probability"), String.join("\n", svcRules));

    String nft = NftablesRules.render(view(ZOO_NFT, "node-a", 0));
    String epBase = ChainNames.nftEndpointBase("default", "lb-fw", proto, "http", web.split(":")[0], 8080);
    assertHas(nft, "set affinity-" + epBase + " {");
    assertContains(nft, "flags dynamic,timeout\n\t\ttimeout 600s");
    assertHas(nft, "ip saddr @affinity-" + epBase + " goto endpoint-" + epBase);
    assertHas(nft, "update @affinity-" + epBase + " { ip saddr }");

    String ipvs = IpvsRules.render(view(ZOO_IPVS, "node-a", 0));
    assertHas(ipvs, "TCP  " + clusterIp(a, "default/lb-fw") + ":80 rr persistent 600");
  }

  @Test
  void loadBalancerSourceRanges() {
    NodeView a = view(ZOO, "node-a", 0);
    String ipt = IptablesRules.render(a);
    var proto = dev.svcsim.models.cluster.Protocol.TCP;
    String name = "default/lb-fw:http";
    String fw = ChainNames.fw(name, proto);
    String ext = ChainNames.ext(name, proto);
    String lb = lbIp(a, "default/lb-fw");
    assertHas(ipt, "-A KUBE-SERVICES -m comment --comment \"" + name + " loadbalancer IP\" -m tcp -p tcp -d " + lb
        + " --dport 80 -j " + fw);
    assertHas(ipt, "-A " + fw + " -m comment --comment \"" + name + " loadbalancer IP\" -s 203.0.113.0/25 -j " + ext);
    assertHas(ipt, "-A " + fw + " -m comment --comment \"" + name + " loadbalancer IP\" -s 192.168.0.0/24 -j " + ext);
    assertHas(ipt, "-A " + fw + " -m comment --comment \"" + name + " loadbalancer IP\" -s " + lb + " -j " + ext);
    assertHas(ipt, "-A " + fw + " -m comment --comment \"other traffic to " + name
        + " will be dropped by KUBE-PROXY-FIREWALL\"");
    assertHas(ipt, "-A KUBE-PROXY-FIREWALL -m comment --comment \"" + name + " traffic not accepted by " + fw
        + "\" -m tcp -p tcp -d " + lb + " --dport 80 -j DROP");
    RulesInterpreter r = interpreter(ipt, a);
    Outcomes allowed = r.evaluate(Packet.external("203.0.113.9", lb, 80, false));
    assertEquals(2, allowed.destinations().size(), allowed.toString());
    assertEquals(Verdict.DROP, r.evaluate(Packet.external("198.18.0.1", lb, 80, false)).verdict());
    int np = nodePort(a, "default/lb-fw");
    assertEquals(2, r.evaluate(Packet.external("198.18.0.1", a.ip().toString(), np, true)).destinations().size(),
        "NodePorts bypass the source ranges");

    String nft = NftablesRules.render(view(ZOO_NFT, "node-a", 0));
    String base = ChainNames.nftServiceBase("default", "lb-fw", proto, "http");
    assertHas(nft, "ip saddr != { 203.0.113.0/25 , 192.168.0.0/24 , " + lb + " } drop");
    assertContains(nft, lb + " . tcp . 80 comment \"" + name + "\" : goto firewall-" + base);
    RulesInterpreter n = interpreter(nft, a);
    assertEquals(Verdict.DROP, n.evaluate(Packet.external("198.18.0.1", lb, 80, false)).verdict());
    assertEquals(2, n.evaluate(Packet.external("203.0.113.9", lb, 80, false)).destinations().size());
  }

  // ------------------------------------------------------------------ what gets nothing

  @Test
  void headlessAndExternalNameServicesGetNoRules() {
    for (Scenario s : List.of(ZOO, ZOO_NFT, ZOO_IPVS, load(RulesFixtures.ZOO, "spec.cluster.kubeProxy.mode=userspace"))) {
      NodeView v = view(s, "node-a", 0);
      assertTrue(v.ports().stream().noneMatch(p -> p.service().name().equals("headless") || p.service().name()
          .equals("alias")), "headless and ExternalName Services are not proxied");
      String text = dev.svcsim.models.rules.Rules.render(v);
      assertFalse(text.contains("default/headless") || text.contains("default/alias"), text);
    }
  }

  // ------------------------------------------------------------------ ipvs

  @Test
  void ipvsFallsBackToClusterEndpointsUnderLocal() {
    NodeView a = view(ZOO_IPVS, "node-a", 0);
    String ipvs = IpvsRules.render(a);
    String lonely = podIp(a, "default/lb-local", "lonely-b") + ":8080";
    RulesInterpreter r = interpreter(ipvs, a);
    assertEquals(Set.of(lonely), r.evaluate(Packet.external("203.0.113.9", lbIp(a, "default/lb-local"), 80, false))
        .destinations(), "eTP Local with no local endpoint: the cluster endpoints (kubernetes PR 97081)");
    assertEquals(Set.of(lonely), r.evaluate(Packet.external("203.0.113.9", a.ip().toString(),
        nodePort(a, "default/lb-local"), true)).destinations());
    assertEquals(Verdict.REJECT, r.evaluate(Packet.fromPod("10.244.0.9", clusterIp(a, "default/itp-local"), 80))
        .verdict(), "a ClusterIP-only Service under iTP Local has no cluster endpoints to fall back to");
    assertHas(ipvs, "TCP  " + a.ip() + ":" + nodePort(a, "default/np") + " rr");
    assertHas(ipvs, "TCP  192.168.99.33:80 rr");
  }

  // ------------------------------------------------------------------ masquerade and userspace

  @Test
  void masqueradeAllMarksEveryClusterIpConnection() {
    NodeView v = view(load(RulesFixtures.ZOO, "spec.cluster.kubeProxy.masqueradeAll=true"), "node-a", 0);
    String ipt = IptablesRules.render(v);
    String svc = ChainNames.svc("default/cip:http", dev.svcsim.models.cluster.Protocol.TCP);
    String cip = clusterIp(v, "default/cip");
    assertHas(ipt, "-A " + svc + " -m comment --comment \"default/cip:http cluster IP\" -m tcp -p tcp -d " + cip
        + " --dport 80 -j KUBE-MARK-MASQ");
    assertEquals(Boolean.TRUE, interpreter(ipt, v).evaluate(Packet.fromPod("10.244.0.9", cip, 80)).alwaysMasquerade());
    assertEquals(Boolean.FALSE, interpreter(IptablesRules.render(view(ZOO, "node-a", 0)), v)
        .evaluate(Packet.fromPod("10.244.0.9", cip, 80)).masquerade());
  }

  @Test
  void userspacePortalsRedirectToTheProxy() {
    NodeView v = view(load(RulesFixtures.ZOO, "spec.cluster.kubeProxy.mode=userspace"), "node-a", 0);
    String text = UserspaceRules.render(v);
    String cip = clusterIp(v, "default/cip");
    assertContains(text, "-A KUBE-PORTALS-CONTAINER -m comment --comment default/cip:http -p tcp -m tcp --dport 80 -d "
        + cip + "/32 -j REDIRECT --to-ports ");
    assertContains(text, "-A KUBE-PORTALS-HOST -m comment --comment default/cip:http -p tcp -m tcp --dport 80 -d "
        + cip + "/32 -j DNAT --to-destination " + v.ip() + ":");
    Outcomes o = interpreter(text, v).evaluate(Packet.fromPod("10.244.0.9", cip, 80));
    assertEquals(Set.of(podIp(v, "default/cip", "web-a") + ":8080", podIp(v, "default/cip", "web-b") + ":8080"),
        o.destinations());
    assertEquals(Boolean.TRUE, o.alwaysMasquerade(), "the pod sees the node's address");
    assertEquals(Verdict.REJECT, interpreter(text, v).evaluate(
        Packet.fromPod("10.244.0.9", clusterIp(v, "default/empty"), 80)).verdict());
  }
}
