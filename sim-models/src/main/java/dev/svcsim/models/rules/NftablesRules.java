package dev.svcsim.models.rules;

import dev.svcsim.models.cluster.Protocol;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.service.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code ip kube-proxy} table kube-proxy's nftables mode programs on one node, laid out as
 * {@code nft list ruleset} lays it out (pkg/proxy/nftables {@code setupNFTables} and
 * {@code syncProxyRules}, following the base chains and rules of its TestOverallNFTablesRules).
 *
 * <p>Sets and maps come first (sorted by name), then the base chains, then the other chains
 * sorted by name. Rules and elements are written in the words kube-proxy gives nft (for example
 * {@code mark set mark or 0x4000}, {@code timeout 10800s}); {@code nft list ruleset} prints some
 * of them normalized ({@code meta mark set meta mark | 0x00004000}, {@code timeout 3h}). NodePorts
 * are accepted on the node's IP only ({@code @nodeport-ips}, nftables mode's default of
 * {@code --nodeport-addresses primary}); the local-traffic detector is the pod CIDR.
 */
public final class NftablesRules {

  private NftablesRules() {}

  /** A set or map being filled. */
  private static final class Container {
    final String kind;
    final String type;
    final String flags;
    final String timeout;
    final String comment;
    final List<String> elements = new ArrayList<>();

    Container(String kind, String type, String flags, String timeout, String comment) {
      this.kind = kind;
      this.type = type;
      this.flags = flags;
      this.timeout = timeout;
      this.comment = comment;
    }
  }

  /** The table being built. */
  private static final class Table {
    final Map<String, Container> containers = new TreeMap<>();
    final Map<String, String> baseChains = new LinkedHashMap<>();
    final Map<String, List<String>> chains = new LinkedHashMap<>();
    final Map<String, String> chainComments = new TreeMap<>();

    void base(String name, String spec) {
      baseChains.put(name, spec);
      chains.put(name, new ArrayList<>());
    }

    void chain(String name) {
      chains.computeIfAbsent(name, k -> new ArrayList<>());
    }

    void rule(String chain, String rule) {
      List<String> list = chains.get(chain);
      if (list == null) {
        throw new IllegalStateException("rule for undeclared chain " + chain);
      }
      list.add(rule);
    }

    Container set(String name, String kind, String type, String flags, String timeout, String comment) {
      return containers.computeIfAbsent(name, k -> new Container(kind, type, flags, timeout, comment));
    }

    void element(String container, String element) {
      containers.get(container).elements.add(element);
    }
  }

  /** The node's table. */
  public static String render(NodeView node) {
    Table t = new Table();
    t.set("cluster-ips", "set", "ipv4_addr", null, null, "Active ClusterIPs");
    t.set("nodeport-ips", "set", "ipv4_addr", null, null, "IPs that accept NodePort traffic");
    t.set("firewall-ips", "map", "ipv4_addr . inet_proto . inet_service : verdict", null, null,
        "destinations that are subject to LoadBalancerSourceRanges");
    t.set("no-endpoint-nodeports", "map", "inet_proto . inet_service : verdict", null, null,
        "vmap to drop or reject packets to service nodeports with no endpoints");
    t.set("no-endpoint-services", "map", "ipv4_addr . inet_proto . inet_service : verdict", null, null,
        "vmap to drop or reject packets to services with no endpoints");
    t.set("service-ips", "map", "ipv4_addr . inet_proto . inet_service : verdict", null, null,
        "ClusterIP, ExternalIP and LoadBalancer IP traffic");
    t.set("service-nodeports", "map", "inet_proto . inet_service : verdict", null, null, "NodePort traffic");
    t.element("nodeport-ips", node.ip().toString());

    t.base("filter-prerouting-pre-dnat", "type filter hook prerouting priority -110; policy accept;");
    t.base("filter-output-pre-dnat", "type filter hook output priority -110; policy accept;");
    t.base("filter-forward", "type filter hook forward priority 0; policy accept;");
    t.base("filter-input", "type filter hook input priority 0; policy accept;");
    t.base("filter-output", "type filter hook output priority 0; policy accept;");
    t.base("nat-prerouting", "type nat hook prerouting priority -100; policy accept;");
    t.base("nat-output", "type nat hook output priority -100; policy accept;");
    t.base("nat-postrouting", "type nat hook postrouting priority 100; policy accept;");
    for (String c : List.of("cluster-ips-check", "firewall-check", "mark-for-masquerade", "masquerading",
        "nodeport-endpoints-check", "reject-chain", "service-endpoints-check", "services")) {
      t.chain(c);
    }
    t.chainComments.put("reject-chain", "helper for @no-endpoint-services / @no-endpoint-nodeports");
    t.rule("cluster-ips-check", "ip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"");
    t.rule("cluster-ips-check", "ip daddr { " + node.serviceCidr() + " } drop comment \"Drop traffic to unallocated ClusterIPs\"");
    t.rule("filter-prerouting-pre-dnat", "ct state new jump firewall-check");
    t.rule("filter-forward", "ct state new jump service-endpoints-check");
    t.rule("filter-forward", "ct state new jump cluster-ips-check");
    t.rule("filter-input", "ct state new jump nodeport-endpoints-check");
    t.rule("filter-input", "ct state new jump service-endpoints-check");
    t.rule("filter-output", "ct state new jump service-endpoints-check");
    t.rule("filter-output-pre-dnat", "ct state new jump firewall-check");
    t.rule("filter-output", "ct state new jump cluster-ips-check");
    t.rule("firewall-check", "ip daddr . meta l4proto . th dport vmap @firewall-ips");
    t.rule("mark-for-masquerade", "mark set mark or " + IptablesRules.MARK);
    t.rule("masquerading", "mark and " + IptablesRules.MARK + " == 0 return");
    t.rule("masquerading", "mark set mark xor " + IptablesRules.MARK);
    t.rule("masquerading", "masquerade fully-random");
    t.rule("nat-output", "jump services");
    t.rule("nat-postrouting", "jump masquerading");
    t.rule("nat-prerouting", "jump services");
    t.rule("nodeport-endpoints-check", noEndpointNodePortsRule());
    t.rule("reject-chain", "reject");
    t.rule("services", serviceIpsRule());
    t.rule("services", serviceNodePortsRule());
    t.rule("service-endpoints-check", noEndpointServicesRule());

    for (ServicePortView v : node.ports()) {
      writePort(t, node, new PortPlan(v));
    }
    return IptablesRules.preamble(node, "nftables") + print(t);
  }

  private static void writePort(Table t, NodeView node, PortPlan p) {
    var s = p.service;
    var port = p.view.port();
    Protocol protocol = port.protocol();
    String proto = p.protocol();
    String name = p.name();
    String base = ChainNames.nftServiceBase(s.namespace(), s.name(), protocol, port.name());
    String svc = "service-" + base;
    String local = "local-" + base;
    String ext = "external-" + base;
    String fw = "firewall-" + base;
    String internal = s.internalPolicyLocal() ? local : svc;
    String externalPolicy = s.externalPolicyLocal() ? local : svc;

    for (EndpointView e : p.reachable) {
      t.chain(endpointChain(p, e));
      if (p.affinity()) {
        t.set(affinitySet(p, e), "set", "ipv4_addr", "dynamic,timeout",
            p.service.affinityTimeoutSeconds() + "s", null);
      }
    }
    if (p.usesCluster) {
      t.chain(svc);
    }
    if (p.usesLocal) {
      t.chain(local);
    }
    if (p.usesExternal) {
      t.chain(ext);
    }
    // without any endpoint reject, with endpoints elsewhere only drop
    boolean onlyLocalMissing = p.hasEndpoints;
    String cip = s.clusterIP().toString();
    if (!t.containers.get("cluster-ips").elements.contains(cip)) {
      t.element("cluster-ips", cip);
    }
    if (p.hasInternal) {
      t.element("service-ips", serviceElement(cip, proto, p.port(), internal));
    } else {
      t.element("no-endpoint-services", noEndpointElement(cip, proto, p.port(), name, onlyLocalMissing));
    }
    for (Ipv4Address ip : s.externalIPs()) {
      if (p.hasEndpoints) {
        t.element("service-ips", serviceElement(ip.toString(), proto, p.port(), ext));
      }
      if (!p.hasExternal) {
        t.element("no-endpoint-services", noEndpointElement(ip.toString(), proto, p.port(), name, onlyLocalMissing));
      }
    }
    // kube-proxy's nftables mode filters LB sources even when there are no endpoints
    boolean usesFirewall = PortPlan.hasFirewall(s);
    if (usesFirewall) {
      t.chain(fw);
    }
    for (Ipv4Address ip : s.loadBalancerIPs()) {
      if (p.hasEndpoints) {
        t.element("service-ips", serviceElement(ip.toString(), proto, p.port(), ext));
      }
      if (usesFirewall) {
        t.element("firewall-ips", firewallElement(ip.toString(), proto, p.port(), name, fw));
      }
    }
    if (!p.hasExternal) {
      for (Ipv4Address ip : s.loadBalancerIPs()) {
        t.element("no-endpoint-services", noEndpointElement(ip.toString(), proto, p.port(), name, onlyLocalMissing));
      }
    }
    if (p.nodePort() != 0) {
      if (p.hasEndpoints) {
        t.element("service-nodeports", nodePortElement(proto, p.nodePort(), ext));
      }
      if (!p.hasExternal) {
        t.element("no-endpoint-nodeports", noEndpointNodePortElement(proto, p.nodePort(), name, onlyLocalMissing));
      }
    }

    if (p.hasInternal) {
      t.rule(internal, clusterIpMasqueradeRule(cip, proto, p.port(),
          node.kubeProxy().masqueradeAll() ? null : node.podCidr().toString()));
    }
    if (p.usesExternal) {
      if (!s.externalPolicyLocal()) {
        t.rule(ext, MASQUERADE_RULE);
      } else {
        t.rule(ext, externalPodShortCircuitRule(node.podCidr().toString(), svc));
        t.rule(ext, EXTERNAL_LOCAL_MASQUERADE_RULE);
        t.rule(ext, externalLocalShortCircuitRule(svc));
      }
      if (p.hasExternal) {
        t.rule(ext, gotoRule(externalPolicy));
      }
    }
    if (usesFirewall) {
      t.rule(fw, firewallRule(s, node.ip()));
    }
    if (p.usesCluster) {
      writeDispatch(t, p, svc, p.cluster);
    }
    if (p.usesLocal) {
      writeDispatch(t, p, local, p.local);
    }
    for (EndpointView e : p.reachable) {
      String chain = endpointChain(p, e);
      t.rule(chain, endpointHairpinRule(e.ip()));
      if (p.affinity()) {
        t.rule(chain, "update @" + affinitySet(p, e) + " { ip saddr }");
      }
      t.rule(chain, endpointDnatRule(proto, e.key()));
    }
  }

  /**
   * The one rule of a {@code firewall-} chain: drop what comes from outside the source ranges
   * (and the LB IPs, when a range holds the node's IP), the words joined as kube-proxy's
   * {@code knftables.Concat} joins them: {@code ip saddr != { 203.0.113.0/25 , 5.6.7.8 } drop}.
   */
  public static String firewallRule(Service s, Ipv4Address nodeIp) {
    List<String> sources = new ArrayList<>();
    s.loadBalancerSourceRanges().forEach(r -> sources.add(r.toString()));
    if (PortPlan.rangesHoldNode(s, nodeIp)) {
      s.loadBalancerIPs().forEach(ip -> sources.add(ip.toString()));
    }
    return "ip saddr != { " + String.join(" , ", sources) + " } drop";
  }

  /** Affinity checks first, then one {@code numgen} draw over the endpoints. */
  private static void writeDispatch(Table t, PortPlan p, String chain, List<EndpointView> list) {
    if (p.affinity()) {
      for (EndpointView e : list) {
        t.rule(chain, "ip saddr @" + affinitySet(p, e) + " goto " + endpointChain(p, e));
      }
    }
    List<String> chains = new ArrayList<>();
    for (EndpointView e : list) {
      chains.add(endpointChain(p, e));
    }
    t.rule(chain, numgenRule(chains));
  }

  // ---------------------------------------------------------------------------------------
  // Single rules and map elements, shared with svcsim explain.

  /** {@code services}: ClusterIPs, externalIPs and LB IPs through the {@code service-ips} map. */
  public static String serviceIpsRule() {
    return "ip daddr . meta l4proto . th dport vmap @service-ips";
  }

  /** {@code services}: NodePorts on the node's IP through the {@code service-nodeports} map. */
  public static String serviceNodePortsRule() {
    return "ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports";
  }

  /** {@code service-endpoints-check}: addresses without (local) endpoints. */
  public static String noEndpointServicesRule() {
    return "ip daddr . meta l4proto . th dport vmap @no-endpoint-services";
  }

  /** {@code nodeport-endpoints-check}: NodePorts without (local) endpoints. */
  public static String noEndpointNodePortsRule() {
    return "ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports";
  }

  /** A {@code service-ips} element: {@code 10.96.0.10 . tcp . 80 : goto service-...}. */
  public static String serviceElement(String ip, String proto, int port, String chain) {
    return ip + " . " + proto + " . " + port + " : goto " + chain;
  }

  /** A {@code service-nodeports} element: {@code tcp . 30080 : goto external-...}. */
  public static String nodePortElement(String proto, int nodePort, String chain) {
    return proto + " . " + nodePort + " : goto " + chain;
  }

  /** A {@code firewall-ips} element, to the Service port's {@code firewall-} chain. */
  public static String firewallElement(String ip, String proto, int port, String name, String chain) {
    return ip + " . " + proto + " . " + port + " " + quoted(name) + " : goto " + chain;
  }

  /**
   * The verdict for traffic without endpoints: none at all is rejected, endpoints only on other
   * nodes (a Local policy) drop it.
   */
  public static String noEndpointVerdict(boolean onlyLocalMissing) {
    return onlyLocalMissing ? "drop" : "goto reject-chain";
  }

  /** A {@code no-endpoint-services} element. */
  public static String noEndpointElement(String ip, String proto, int port, String name, boolean onlyLocalMissing) {
    return ip + " . " + proto + " . " + port + " " + quoted(name) + " : " + noEndpointVerdict(onlyLocalMissing);
  }

  /** A {@code no-endpoint-nodeports} element. */
  public static String noEndpointNodePortElement(String proto, int nodePort, String name, boolean onlyLocalMissing) {
    return proto + " . " + nodePort + " " + quoted(name) + " : " + noEndpointVerdict(onlyLocalMissing);
  }

  private static String quoted(String name) {
    return "comment \"" + name + "\"";
  }

  /**
   * {@code service-}/{@code local-}: mark ClusterIP traffic for masquerade, all of it
   * ({@code podCidr} null: masqueradeAll) or what does not come from a pod.
   */
  public static String clusterIpMasqueradeRule(String ip, String proto, int port, String podCidr) {
    return "ip daddr " + ip + " " + proto + " dport " + port + (podCidr == null ? "" : " ip saddr != " + podCidr)
        + " jump mark-for-masquerade";
  }

  /** {@code external-} with externalTrafficPolicy Cluster: masquerade everything. */
  public static final String MASQUERADE_RULE = "jump mark-for-masquerade";

  /** {@code external-} with policy Local: the node's own traffic is masqueraded... */
  public static final String EXTERNAL_LOCAL_MASQUERADE_RULE =
      "fib saddr type local jump mark-for-masquerade comment \"masquerade local traffic\"";

  /** {@code external-} with policy Local: pods short-circuit to the cluster-policy chain. */
  public static String externalPodShortCircuitRule(String podCidr, String svcChain) {
    return "ip saddr " + podCidr + " goto " + svcChain + " comment \"short-circuit pod traffic\"";
  }

  /** ...and the node's own traffic short-circuits too. */
  public static String externalLocalShortCircuitRule(String svcChain) {
    return "fib saddr type local goto " + svcChain + " comment \"short-circuit local traffic\"";
  }

  /** A bare goto, as the last rule of {@code external-} (to the external policy's chain). */
  public static String gotoRule(String chain) {
    return "goto " + chain;
  }

  /** {@code endpoint-}: a pod reaching itself through its Service (hairpin) is masqueraded. */
  public static String endpointHairpinRule(String endpointIp) {
    return "ip saddr " + endpointIp + " jump mark-for-masquerade";
  }

  /** {@code endpoint-}: the DNAT. */
  public static String endpointDnatRule(String proto, String endpoint) {
    return "meta l4proto " + proto + " dnat to " + endpoint;
  }

  /** {@code service-}/{@code local-}: one random draw over the endpoint chains, in order. */
  public static String numgenRule(List<String> endpointChains) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < endpointChains.size(); i++) {
      entries.add(i + " : goto " + endpointChains.get(i));
    }
    return "numgen random mod " + endpointChains.size() + " vmap { " + String.join(" , ", entries) + " }";
  }

  private static String endpointBase(PortPlan p, EndpointView e) {
    var s = p.service;
    var port = p.view.port();
    return ChainNames.nftEndpointBase(s.namespace(), s.name(), port.protocol(), port.name(), e.ip(), e.port());
  }

  static String endpointChain(PortPlan p, EndpointView e) {
    return "endpoint-" + endpointBase(p, e);
  }

  static String affinitySet(PortPlan p, EndpointView e) {
    return "affinity-" + endpointBase(p, e);
  }

  private static String print(Table t) {
    StringBuilder b = new StringBuilder();
    b.append("table ip kube-proxy {\n");
    b.append("\tcomment \"rules for kube-proxy\"\n");
    for (Map.Entry<String, Container> e : t.containers.entrySet()) {
      Container c = e.getValue();
      b.append('\n').append('\t').append(c.kind).append(' ').append(e.getKey()).append(" {\n");
      b.append("\t\ttype ").append(c.type).append('\n');
      if (c.flags != null) {
        b.append("\t\tflags ").append(c.flags).append('\n');
      }
      if (c.timeout != null) {
        b.append("\t\ttimeout ").append(c.timeout).append('\n');
      }
      if (c.comment != null) {
        b.append("\t\tcomment \"").append(c.comment).append("\"\n");
      }
      if (!c.elements.isEmpty()) {
        b.append("\t\telements = { ").append(String.join(",\n\t\t\t     ", c.elements)).append(" }\n");
      }
      b.append("\t}\n");
    }
    List<String> order = new ArrayList<>(t.baseChains.keySet());
    t.chains.keySet().stream().filter(c -> !t.baseChains.containsKey(c)).sorted().forEach(order::add);
    for (String c : order) {
      b.append('\n').append("\tchain ").append(c).append(" {\n");
      String spec = t.baseChains.get(c);
      if (spec != null) {
        b.append("\t\t").append(spec).append('\n');
      }
      String comment = t.chainComments.get(c);
      if (comment != null) {
        b.append("\t\tcomment \"").append(comment).append("\"\n");
      }
      for (String r : t.chains.get(c)) {
        b.append("\t\t").append(r).append('\n');
      }
      b.append("\t}\n");
    }
    b.append("}\n");
    return b.toString();
  }
}
