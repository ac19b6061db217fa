package dev.svcsim.models.dataplane;

import dev.svcsim.models.explain.Decision;
import dev.svcsim.models.explain.ExplainRequest;
import dev.svcsim.models.explain.Explanation;
import dev.svcsim.models.explain.Step;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.rules.ChainNames;
import dev.svcsim.models.rules.IptablesRules;
import dev.svcsim.models.rules.NftablesRules;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.scenario.ProxyMode;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.ServicePort;
import dev.svcsim.models.service.SessionAffinity;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Follows the connections {@code svcsim explain} asks about through a run and writes down each
 * hop as it happens. The data plane calls it only for connections marked {@link Connection#traced},
 * so an ordinary run never pays for it. When the connection asked for has ended, the tracer
 * stops the simulation.
 */
final class Tracer {

  /** Requests of one connection shown in full; later ones are only counted. */
  static final int REQUESTS_SHOWN = 10;

  private final DataPlaneRun run;
  final ExplainRequest request;
  private int matched;
  private int failedSeen;
  private final Map<Connection, Trace> open = new IdentityHashMap<>();
  /** The finished explanation, once the connection asked for has ended. */
  Explanation result;

  /** What has been written down about one traced connection. */
  private static final class Trace {
    final List<Step> steps = new ArrayList<>();
    Decision decision;
    int requestNumber;
    int requestsTotal;
    long requestSent;
    int hidden;
  }

  Tracer(DataPlaneRun run, ExplainRequest request) {
    this.run = run;
    this.request = request;
  }

  /** Whether to follow this new connection of {@code g}; if so, starts its trace. */
  boolean select(TrafficGenerator g, Connection c) {
    if (result != null || !g.spec.name().equals(request.traffic()) || run.sim.nowNanos() < request.afterNanos()) {
      return false;
    }
    if (request.client() != null && c.clientIp != request.client().bits()) {
      return false;
    }
    if (!request.failedOnly() && ++matched != request.connection()) {
      return false;
    }
    open.put(c, new Trace());
    return true;
  }

  private void step(Connection c, String kind, String where, String title, List<String> lines,
      Map<String, Object> facts) {
    Trace t = open.get(c);
    if (t != null) {
      t.steps.add(new Step(run.sim.nowNanos(), kind, where, title, lines, facts));
    }
  }

  // ---------------------------------------------------------------------------------------
  // The client and how it reaches a node

  void client(Connection c, TrafficGenerator g) {
    Trace t = open.get(c);
    t.requestsTotal = c.requestsLeft;
    String addr = ip(c.clientIp) + ":" + c.clientPort;
    String proto = c.port.port == null ? "TCP" : c.port.port.protocol().name();
    String where;
    String title;
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("traffic", g.spec.name());
    if (c.clientKind == TrafficGenerator.CLIENT_EXTERNAL) {
      where = "client/external";
      title = "an external client " + addr + " opens a " + proto + " connection";
      facts.put("client", "external");
    } else if (c.clientKind == TrafficGenerator.CLIENT_NODE) {
      where = "node/" + c.clientNode.name();
      title = "a process on node " + c.clientNode.name() + " itself (" + addr + ") opens a " + proto + " connection";
      facts.put("client", "node");
      facts.put("clientNode", c.clientNode.name());
    } else {
      PodState pod = run.podByIp(c.clientIp);
      String name = pod == null ? ip(c.clientIp) : pod.pod.key();
      where = "pod/" + name;
      title = "pod " + name + " on " + c.clientNode.name() + " (" + addr + ") opens a " + proto + " connection";
      facts.put("client", "pod");
      facts.put("clientPod", name);
      facts.put("clientNode", c.clientNode.name());
    }
    facts.put("sourceIp", ip(c.clientIp));
    facts.put("sourcePort", c.clientPort);
    facts.put("requests", c.requestsLeft);
    List<String> lines = new ArrayList<>();
    lines.add("traffic '" + g.spec.name() + "' to service/" + c.service.key() + " port " + c.port.id + " via "
        + g.spec.via().word() + "; " + c.requestsLeft + " request" + (c.requestsLeft == 1 ? "" : "s") + " on this connection");
    step(c, "client", where, title, lines, facts);
  }

  /** The Service has no kube-proxy rules: a DNS name that leads straight to a backend. */
  void dns(Connection c, Endpoint e, Endpoint[] answer) {
    Service s = c.service.service;
    String fqdn = fqdn(s);
    List<String> lines = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("name", fqdn);
    String title;
    if (s.type() == dev.svcsim.models.service.ServiceType.EXTERNAL_NAME) {
      title = fqdn + " is an ExternalName Service: DNS answers with a CNAME to " + s.externalName();
      lines.add("no ClusterIP, no endpoints, no kube-proxy rules: the client resolves " + s.externalName()
          + " and connects to it directly");
      facts.put("cname", s.externalName());
    } else {
      title = fqdn + " is headless (clusterIP: None): DNS answers with the Ready pods' own addresses";
      List<String> records = new ArrayList<>();
      if (answer != null) {
        for (Endpoint a : answer) {
          records.add(a.ip.toString());
          String pod = a.pod == null ? "" : a.pod.pod.name();
          lines.add("A " + a.ip + (pod.isEmpty() ? "" : "   (pod " + pod + "; its own name is " + pod + "." + fqdn + " when"
              + " the pod sets hostname and subdomain, as StatefulSet pods do)"));
        }
      }
      lines.add("CoreDNS caches the answer for 5 s and shuffles it per response; the client takes the first record"
          + (e == null ? ", but there is none: no Ready pod" : ": " + e.ip));
      lines.add("no ClusterIP and no kube-proxy rules: the client connects to the pod directly, keeping its own address");
      facts.put("answer", records);
      facts.put("chosen", e == null ? "" : e.key);
    }
    step(c, "dns", "dns/" + fqdn, title, lines, facts);
  }

  /** How the connection reached the node whose kube-proxy handles it. */
  void entry(Connection c, TrafficGenerator g, EntryPath via, NodeState entry, FailureReason why) {
    Service s = c.service.service;
    ServicePort sp = c.port.port;
    List<String> lines = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    String dest = destination(c, via, entry);
    facts.put("destination", dest);
    facts.put("node", entry == null ? "" : entry.name());
    String kind;
    String where;
    String title;
    switch (via) {
      case LOAD_BALANCER -> {
        kind = "loadBalancer";
        where = "lb/" + c.service.key();
        if (c.clientKind == TrafficGenerator.CLIENT_EXTERNAL && c.service.loadBalancer != null) {
          c.service.loadBalancer.explain(c, lines);
          title = why == null ? "the load balancer for " + dest + " sends the connection to " + entry.name()
              + " (" + entry.node.ip() + "), keeping the client's address"
              : "the load balancer for " + dest + " has no node to send the connection to";
        } else {
          title = "the client dials the load balancer's address " + dest + ", but never reaches the load balancer";
          lines.add("inside the cluster, kube-proxy on the client's own node (" + entry.name() + ") catches the LB IP"
              + " (KUBE-SERVICES has a rule for it) and handles it like the Service's other addresses");
        }
      }
      case NODE_PORT -> {
        kind = "nodePort";
        where = "node/" + entry.name();
        title = "the client dials node " + entry.name() + " at " + dest + ": the nodePort " + (sp == null ? "" : sp.nodePort())
            + " of port " + c.port.id;
        lines.add("every node opens the nodePort; this one was "
            + (g.spec.dialNodes().isEmpty() ? "picked at random among all nodes" : "picked among " + g.spec.dialNodes()));
        if (sp != null) {
          lines.add("port mapping: nodePort " + sp.nodePort() + " -> Service port " + sp.port() + " -> targetPort "
              + sp.targetPort() + " on the pod");
        }
      }
      case EXTERNAL_IP -> {
        kind = "externalIP";
        where = "node/" + entry.name();
        title = "the client dials the externalIP " + dest + "; the network delivers it to " + entry.name();
        lines.add("svcsim sends externalIP traffic from outside to a random node (your routers decide this in a real cluster)");
      }
      default -> {
        kind = g.spec.via() == EntryPath.DNS ? "dns" : "clusterIP";
        where = "node/" + entry.name();
        if (g.spec.via() == EntryPath.DNS) {
          title = fqdn(s) + " resolves to the ClusterIP " + s.clusterIP() + "; the client connects to " + dest;
        } else {
          title = "the client connects to the ClusterIP " + dest;
        }
        lines.add("a ClusterIP is virtual: no interface has it. The packet is caught on the client's own node ("
            + entry.name() + ") by its kube-proxy's rules, before it leaves the node");
      }
    }
    if (entry != null && !entry.up) {
      lines.add(entry.name() + " is down");
    }
    step(c, kind, where, title, lines, facts);
  }

  // ---------------------------------------------------------------------------------------
  // kube-proxy

  void proxy(KubeProxy proxy, Connection c, PortState p, EntryPath kind, KubeProxy.Choice ch, Endpoint chosen,
      boolean masquerade, String masqueradeWhy, String pickNote, FailureReason result) {
    NodeState node = proxy.node;
    ProxyMode mode = run.scenario.cluster().kubeProxy().mode();
    Service s = p.publishedService;
    ServicePort sp = p.publishedPort;
    String dest = destination(c, kind, node);
    List<String> lines = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("node", node.name());
    facts.put("mode", mode.word());
    if (s != null && sp != null) {
      lines.add("endpoints of " + ChainNames.servicePortName(s.namespace(), s.name(), sp.name()) + " as " + node.name()
          + "'s kube-proxy has them (the API's changes reach it after the sync delay):");
      if (p.published.length == 0) {
        lines.add("  (none)");
      }
      for (Endpoint e : p.published) {
        lines.add("  " + describe(e, node));
      }
      EndpointCategorizer.Categorized r = proxy.rules(p);
      if (mode != ProxyMode.USERSPACE) {
        if (r.cluster() != null) {
          String zone = EndpointCategorizer.topologyZone(p.published, s, node);
          lines.add("cluster endpoints for this node: " + keys(r.cluster())
              + (zone != null ? " (PreferClose: only zone " + zone + ")" : "")
              + (r.cluster().length > 0 && !r.cluster()[0].ready ? " (no Ready endpoint: serving-and-terminating ones instead)" : ""));
        }
        if (r.local() != null) {
          lines.add("local endpoints for this node: " + keys(r.local())
              + (r.local().length > 0 && !r.local()[0].ready ? " (no local Ready endpoint: serving-and-terminating ones instead)" : ""));
        }
      }
      facts.put("endpoints", keyList(p.published));
    }
    List<String> candidates = ch.list() == null ? List.of() : keyList(ch.list());
    if (ch.refused() == null) {
      lines.add("policy: " + ch.policy());
      facts.put("policy", ch.policy());
      facts.put("candidates", candidates);
    }
    String verdict = "";
    if (s != null && sp != null) {
      List<String> path = switch (mode) {
        case IPTABLES -> iptablesPath(c, s, sp, kind, node, ch, chosen, masquerade, result);
        case NFTABLES -> nftablesPath(c, s, sp, kind, node, ch, chosen, masquerade, result);
        case IPVS -> ipvsPath(s, sp, kind, dest, ch, chosen, result);
        case USERSPACE -> List.of("nat KUBE-PORTALS-" + (fromNode(c, node) ? "HOST" : "CONTAINER") + ": -d " + dest
            + " -> redirected to the port kube-proxy listens on for " + c.service.key() + ":" + c.port.id);
      };
      lines.addAll(path);
    }
    if (!pickNote.isEmpty()) {
      lines.add(pickNote);
    }
    if (ch.refused() != null) {
      verdict = verdict(ch.refused());
      lines.add(ch.refused().clientSees());
    } else if (chosen != null) {
      lines.add("chosen: " + chosen.key + (chosen.pod == null ? " (outside the cluster)" : " (pod " + chosen.pod.pod.key() + ")"));
      lines.add("masquerade: " + (masquerade ? "yes, " : "no, ") + masqueradeWhy);
    }
    if (result == FailureReason.REPLY_DISCARDED) {
      lines.add("but: " + result.clientSees());
    }
    facts.put("chosen", chosen == null ? "" : chosen.key);
    facts.put("masquerade", masquerade);
    facts.put("verdict", verdict);
    String title = "kube-proxy (" + mode.word() + ") on " + node.name() + " handles the first packet to " + dest
        + (ch.refused() != null ? ": " + (verdict.isEmpty() ? "refused" : verdict) + " (" + ch.refused().key() + ")"
            : chosen != null ? ": DNAT to " + chosen.key : "");
    step(c, "kubeProxy", "node/" + node.name(), title, lines, facts);
    Trace t = open.get(c);
    if (t != null) {
      t.decision = new Decision(node.name(), mode.word(), kind.word(), ip(c.clientIp), dest,
          sp == null ? "TCP" : sp.protocol().name(), fromNode(c, node), ch.policy(), candidates,
          chosen == null ? "" : chosen.key, masquerade, verdict, result == null ? "" : result.key());
    }
  }

  private static String verdict(FailureReason r) {
    return switch (r) {
      case NO_ENDPOINTS -> "REJECT";
      case NO_LOCAL_ENDPOINTS, SOURCE_RANGE_BLOCKED -> "DROP";
      default -> "";
    };
  }

  /** Whether {@code node}'s iptables rules leave out the per-endpoint comments (kube-proxy's largeClusterMode). */
  private boolean largeClusterMode(NodeState node) {
    int endpoints = 0;
    for (ServiceState ss : run.services) {
      for (PortState p : ss.ports) {
        if (KubeProxy.proxied(p) && p.published != null) {
          endpoints += p.published.length;
        }
      }
    }
    return IptablesRules.largeClusterMode(endpoints);
  }

  /** The pod CIDR as the masquerade rules print it, or null with masqueradeAll. */
  private String masqueradeSource() {
    return run.masqueradeAll ? null : run.scenario.cluster().podCidr().toString();
  }

  /*
   * The rules quoted below come from the renderers' helpers, as "CHAIN: <rule>" ending the line:
   * exactly what `svcsim rules` prints after "-A CHAIN " (iptables) or in the chain (nftables).
   */

  private List<String> iptablesPath(Connection c, Service s, ServicePort sp, EntryPath kind, NodeState node,
      KubeProxy.Choice ch, Endpoint chosen, boolean masquerade, FailureReason result) {
    String name = ChainNames.servicePortName(s.namespace(), s.name(), sp.name());
    String proto = ChainNames.protocol(sp.protocol());
    String svc = ChainNames.svc(name, sp.protocol());
    String svl = ChainNames.svl(name, sp.protocol());
    String ext = ChainNames.ext(name, sp.protocol());
    String fw = ChainNames.fw(name, sp.protocol());
    String hook = fromNode(c, node) ? "OUTPUT" : "PREROUTING";
    String dest = destination(c, kind, node);
    String vip = dest.substring(0, dest.lastIndexOf(':'));
    List<String> out = new ArrayList<>();
    FailureReason refused = ch.refused();
    boolean external = kind != EntryPath.CLUSTER_IP;
    if (refused == FailureReason.NO_ENDPOINTS || refused == FailureReason.NO_LOCAL_ENDPOINTS) {
      String chain = external ? "KUBE-EXTERNAL-SERVICES" : "KUBE-SERVICES";
      boolean onlyLocal = refused == FailureReason.NO_LOCAL_ENDPOINTS;
      String rule = kind == EntryPath.NODE_PORT
          ? IptablesRules.noEndpointsNodePortRule(name, onlyLocal, proto, sp.nodePort())
          : IptablesRules.noEndpointsRule(name, onlyLocal, proto, vip, sp.port());
      if (external && onlyLocal) {
        // the Service has endpoints elsewhere: nat still sends the packet to KUBE-EXT (which has
        // the short-circuit rules), but there is no -j KUBE-SVL rule, so nothing DNATs it
        out.add("nat " + hook + " -> KUBE-SERVICES -> " + (kind == EntryPath.NODE_PORT ? "KUBE-NODEPORTS -> " : "")
            + ext + ": the packet is neither from a pod nor from this node, and with no local endpoint there is"
            + " no -j " + svl + " rule: it leaves nat un-DNATed");
      } else {
        out.add("nat " + hook + " -> KUBE-SERVICES: no rule for " + dest + " (kube-proxy writes no nat rules for it)");
      }
      out.add("filter " + chain + ": " + rule);
      return out;
    }
    boolean firewalled = kind == EntryPath.LOAD_BALANCER && !s.loadBalancerSourceRanges().isEmpty();
    switch (kind) {
      case CLUSTER_IP -> out.add("nat " + hook + " -> KUBE-SERVICES: "
          + IptablesRules.clusterIpRule(name, proto, vip, sp.port(), s.internalPolicyLocal() ? svl : svc));
      case LOAD_BALANCER -> out.add("nat " + hook + " -> KUBE-SERVICES: "
          + IptablesRules.loadBalancerIpRule(name, proto, vip, sp.port(), firewalled ? fw : ext));
      case EXTERNAL_IP -> out.add("nat " + hook + " -> KUBE-SERVICES: "
          + IptablesRules.externalIpRule(name, proto, vip, sp.port(), ext));
      default -> {
        out.add("nat " + hook + " -> KUBE-SERVICES: " + IptablesRules.nodePortsJumpRule());
        out.add("then KUBE-NODEPORTS: " + IptablesRules.nodePortRule(name, proto, sp.nodePort(), ext));
      }
    }
    if (firewalled) {
      if (refused == FailureReason.SOURCE_RANGE_BLOCKED) {
        out.add("no -s rule of " + fw + " matches " + ip(c.clientIp) + " (loadBalancerSourceRanges "
            + s.loadBalancerSourceRanges() + "), so the packet is not DNATed");
        out.add("filter KUBE-PROXY-FIREWALL: " + IptablesRules.firewallDropRule(name, proto, vip, sp.port(), fw));
      } else {
        String source = null;
        for (var range : s.loadBalancerSourceRanges()) {
          if (source == null && range.contains(new Ipv4Address(c.clientIp))) {
            source = range.toString();
          }
        }
        out.add(source == null ? fw + " accepts the source (one of its -s rules) and jumps to " + ext
            : fw + ": " + IptablesRules.firewallAllowRule(name, source, ext));
      }
      if (refused != null) {
        return out;
      }
    }
    String dispatch;
    if (!external) {
      dispatch = s.internalPolicyLocal() ? svl : svc;
      if (masquerade && chosen != null && chosen.ip.bits() != c.clientIp) {
        out.add(dispatch + ": " + IptablesRules.clusterIpMasqueradeRule(name, proto, vip, sp.port(), masqueradeSource()));
      }
    } else if (!s.externalPolicyLocal()) {
      out.add(ext + ": " + IptablesRules.externalMasqueradeRule(name));
      out.add(ext + ": " + IptablesRules.jumpRule(svc));
      dispatch = svc;
    } else if (proxyFromPod(c)) {
      out.add("the short-circuit for pods, " + ext + ": "
          + IptablesRules.externalPodShortCircuitRule(name, run.scenario.cluster().podCidr().toString(), svc));
      dispatch = svc;
    } else if (c.clientNode == node) {
      out.add(ext + ": " + IptablesRules.externalLocalMasqueradeRule(name));
      out.add(ext + ": " + IptablesRules.externalLocalShortCircuitRule(name, svc));
      dispatch = svc;
    } else {
      out.add("neither a pod nor this node, so the last rule, " + ext + ": " + IptablesRules.jumpRule(svl));
      dispatch = svl;
    }
    if (ch.list() == null) {
      return out;
    }
    Endpoint[] list = ch.list();
    int n = list.length;
    int i = indexOf(list, chosen);
    StringBuilder rulesText = new StringBuilder(dispatch + " has " + n + " endpoint rule" + (n == 1 ? "" : "s") + ":");
    for (int k = 0; k < n; k++) {
      rulesText.append(' ').append(list[k].key).append(k == n - 1 ? " (catch-all)" : " (--probability " + ChainNames.probability(n - k) + ")");
    }
    out.add(rulesText + "; each endpoint gets 1/" + n + " of new connections");
    if (s.sessionAffinity() == SessionAffinity.CLIENT_IP) {
      out.add("before them, one -m recent --name KUBE-SEP-... --rcheck --seconds " + s.affinityTimeoutSeconds()
          + " --reap rule per endpoint (session affinity)");
    }
    if (chosen != null && i >= 0) {
      String sep = ChainNames.sep(name, sp.protocol(), chosen.key);
      boolean large = largeClusterMode(node);
      out.add(dispatch + " -> " + sep + (i == n - 1 ? " (rule " + (i + 1) + ", the catch-all)" : " (rule " + (i + 1) + ")"));
      if (chosen.ip.bits() == c.clientIp) {
        out.add("hairpin, " + sep + ": " + IptablesRules.endpointHairpinRule(name, large, chosen.ip.toString()));
      }
      out.add(sep + ": " + IptablesRules.endpointDnatRule(name, large,
          s.sessionAffinity() == SessionAffinity.CLIENT_IP ? sep : null, proto, chosen.key));
      if (masquerade) {
        out.add("nat POSTROUTING -> KUBE-POSTROUTING: mark 0x4000 is set -> MASQUERADE: the source becomes " + node.node.ip());
      }
    }
    return out;
  }

  private List<String> nftablesPath(Connection c, Service s, ServicePort sp, EntryPath kind, NodeState node,
      KubeProxy.Choice ch, Endpoint chosen, boolean masquerade, FailureReason result) {
    String name = ChainNames.servicePortName(s.namespace(), s.name(), sp.name());
    String base = ChainNames.nftServiceBase(s.namespace(), s.name(), sp.protocol(), sp.name());
    String proto = ChainNames.protocol(sp.protocol());
    String dest = destination(c, kind, node);
    String vip = dest.substring(0, dest.lastIndexOf(':'));
    String hook = fromNode(c, node) ? "nat-output" : "nat-prerouting";
    List<String> out = new ArrayList<>();
    FailureReason refused = ch.refused();
    boolean external = kind != EntryPath.CLUSTER_IP;
    if (refused == FailureReason.NO_ENDPOINTS || refused == FailureReason.NO_LOCAL_ENDPOINTS) {
      boolean onlyLocal = refused == FailureReason.NO_LOCAL_ENDPOINTS;
      if (kind == EntryPath.NODE_PORT) {
        out.add("filter (ct state new) -> nodeport-endpoints-check: " + NftablesRules.noEndpointNodePortsRule());
        out.add("@no-endpoint-nodeports: " + NftablesRules.noEndpointNodePortElement(proto, sp.nodePort(), name, onlyLocal));
      } else {
        out.add("filter (ct state new) -> service-endpoints-check: " + NftablesRules.noEndpointServicesRule());
        out.add("@no-endpoint-services: " + NftablesRules.noEndpointElement(vip, proto, sp.port(), name, onlyLocal));
      }
      return out;
    }
    if (refused == FailureReason.SOURCE_RANGE_BLOCKED) {
      out.add("filter (pre-DNAT): @firewall-ips maps " + dest + " to goto firewall-" + base + ": "
          + NftablesRules.firewallRule(s, node.node.ip()));
      return out;
    }
    String target = external ? "external-" + base : (s.internalPolicyLocal() ? "local-" : "service-") + base;
    if (kind == EntryPath.NODE_PORT) {
      out.add(hook + " -> services: " + NftablesRules.serviceNodePortsRule());
      out.add("@service-nodeports: " + NftablesRules.nodePortElement(proto, sp.nodePort(), target));
    } else {
      out.add(hook + " -> services: " + NftablesRules.serviceIpsRule());
      out.add("@service-ips: " + NftablesRules.serviceElement(vip, proto, sp.port(), target));
    }
    String dispatch = target;
    String svc = "service-" + base;
    if (external) {
      if (!s.externalPolicyLocal()) {
        out.add(target + ": " + NftablesRules.MASQUERADE_RULE);
        out.add(target + ": " + NftablesRules.gotoRule(svc));
        dispatch = svc;
      } else if (proxyFromPod(c)) {
        out.add(target + ": " + NftablesRules.externalPodShortCircuitRule(run.scenario.cluster().podCidr().toString(), svc));
        dispatch = svc;
      } else if (c.clientNode == node) {
        out.add(target + ": " + NftablesRules.EXTERNAL_LOCAL_MASQUERADE_RULE);
        out.add(target + ": " + NftablesRules.externalLocalShortCircuitRule(svc));
        dispatch = svc;
      } else {
        out.add("neither a pod nor this node, so the last rule, " + target + ": " + NftablesRules.gotoRule("local-" + base));
        dispatch = "local-" + base;
      }
    } else if (masquerade && chosen != null && chosen.ip.bits() != c.clientIp) {
      out.add(target + ": " + NftablesRules.clusterIpMasqueradeRule(vip, proto, sp.port(), masqueradeSource()));
    }
    if (ch.list() == null || chosen == null) {
      return out;
    }
    Endpoint[] list = ch.list();
    int i = indexOf(list, chosen);
    List<String> chains = new ArrayList<>(list.length);
    for (Endpoint e : list) {
      chains.add(endpointChain(s, sp, e));
    }
    String ep = endpointChain(s, sp, chosen);
    if (s.sessionAffinity() == SessionAffinity.CLIENT_IP) {
      out.add("before numgen, one ip saddr @affinity-... goto endpoint-... rule per endpoint (session affinity, timeout "
          + s.affinityTimeoutSeconds() + "s)");
    }
    out.add(dispatch + ": " + NftablesRules.numgenRule(chains));
    out.add("numgen draws " + i + " -> goto " + ep + " (each endpoint 1/" + list.length + ")");
    if (chosen.ip.bits() == c.clientIp) {
      out.add("hairpin, " + ep + ": " + NftablesRules.endpointHairpinRule(chosen.ip.toString()));
    }
    out.add(ep + ": " + NftablesRules.endpointDnatRule(proto, chosen.key));
    if (masquerade) {
      out.add("nat-postrouting -> masquerading: mark 0x4000 set -> masquerade fully-random: the source becomes " + node.node.ip());
    }
    return out;
  }

  private static String endpointChain(Service s, ServicePort sp, Endpoint e) {
    return "endpoint-" + ChainNames.nftEndpointBase(s.namespace(), s.name(), sp.protocol(), sp.name(), e.ip.toString(), e.port);
  }

  private List<String> ipvsPath(Service s, ServicePort sp, EntryPath kind, String dest, KubeProxy.Choice ch,
      Endpoint chosen, FailureReason result) {
    List<String> out = new ArrayList<>();
    String sched = run.scenario.cluster().kubeProxy().ipvsScheduler().word();
    String vs = sp.protocol() + " " + dest + " " + sched
        + (s.sessionAffinity() == SessionAffinity.CLIENT_IP ? " persistent " + s.affinityTimeoutSeconds() : "");
    out.add("IPVS virtual server " + vs + (kind == EntryPath.CLUSTER_IP ? " (address bound to kube-ipvs0)" : ""));
    if (ch.refused() == FailureReason.SOURCE_RANGE_BLOCKED) {
      out.add("iptables KUBE-LOAD-BALANCER / KUBE-FIREWALL: the source is not in loadBalancerSourceRanges: DROP");
    } else if (ch.refused() != null) {
      out.add("the virtual server has no real servers: the kernel answers ICMP port unreachable");
    } else if (chosen != null) {
      out.add("real servers: " + keys(ch.list()) + " (Masq, weight 1); -> " + chosen.key);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // After kube-proxy

  void staleEndpoint(Connection c, Endpoint e, FailureReason why) {
    List<String> lines = List.of(why == FailureReason.NODE_DOWN
        ? "the pod's node has failed; until the control plane notices (nodeMonitorGracePeriod) the endpoint stays"
            + " listed as ready, so the rules still send connections to it"
        : "the pod has stopped, but this node's rules still list it (rules trail the API by the sync delay)");
    step(c, "nat", "node/" + (c.entryNode == null ? "" : c.entryNode.name()), "the endpoint " + e.key + " is gone ("
        + why.key() + ")", lines, Map.of("endpoint", e.key));
  }

  void established(Connection c, NodeState entry, NodeState podNode) {
    Endpoint e = c.endpoint;
    List<String> lines = new ArrayList<>();
    Map<String, Object> facts = new LinkedHashMap<>();
    Trace t = open.get(c);
    boolean preserved = c.seenSourceIp == c.clientIp;
    boolean snat = t != null && t.decision != null ? t.decision.masquerade() : !preserved;
    String title = "the packet now goes to " + e.key + " from " + ip(c.seenSourceIp)
        + (!snat ? " (the client's own address)"
            : preserved ? " (SNAT to " + entry.name() + "'s address, which is the client's own: the client is the node)"
            : " (SNAT: the pod will see " + entry.name() + "'s address, not the client's)");
    if (podNode == null) {
      lines.add("the endpoint is outside the cluster: " + entry.name() + " routes the packet out of the cluster");
    } else if (podNode == entry) {
      lines.add("the pod runs on " + entry.name() + " itself: delivered over the node's bridge, one hop");
    } else {
      boolean cross = !entry.node.zone().equals(podNode.node.zone());
      lines.add("the pod runs on " + podNode.name() + ": " + entry.name() + " forwards the packet over the node network,"
          + " a second hop" + (cross ? ", crossing zones " + entry.node.zone() + " -> " + podNode.node.zone() + " (billed as cross-zone traffic on most clouds)"
              : " within zone " + podNode.node.zone()));
    }
    lines.add("conntrack on " + entry.name() + " remembers the translation: every later packet of this connection"
        + " follows it without consulting the rules again, and replies are translated back");
    facts.put("endpoint", e.key);
    facts.put("seenSourceIp", ip(c.seenSourceIp));
    facts.put("masquerade", snat);
    facts.put("sourcePreserved", preserved);
    facts.put("hops", c.hops);
    facts.put("crossZone", c.crossZone);
    facts.put("podNode", podNode == null ? "" : podNode.name());
    step(c, "forward", "node/" + entry.name(), title, lines, facts);
  }

  void direct(Connection c, Endpoint e) {
    List<String> lines = new ArrayList<>();
    String title = e == null ? "the client connects to " + c.service.service.externalName() + " outside the cluster"
        : "the client connects straight to " + e.key + " from its own address " + ip(c.seenSourceIp);
    if (c.hops == 0) {
      lines.add("svcsim does not model the outside service's network, only its latency and service time");
      if (c.seenSourceIp != c.clientIp) {
        lines.add("leaving the cluster, the packet is masqueraded to the node's address " + ip(c.seenSourceIp)
            + " (what pod egress usually gets), so the server does not see the client's own address");
      }
    } else {
      lines.add("no NAT anywhere: the pod sees the client's own address");
    }
    step(c, "forward", e == null ? "external/" + c.service.service.externalName() : "pod/" + (e.pod == null ? e.key : e.pod.pod.key()),
        title, lines, Map.of("endpoint", e == null ? "" : e.key, "hops", c.hops));
  }

  void request(Connection c, long in, long out, long extra) {
    Trace t = open.get(c);
    if (t == null) {
      return;
    }
    t.requestNumber++;
    t.requestSent = run.sim.nowNanos();
    if (t.requestNumber > REQUESTS_SHOWN) {
      t.hidden++;
      return;
    }
    List<String> lines = new ArrayList<>();
    boolean direct = c.path == EntryPath.DNS;
    lines.add((direct ? "network: client -> " + (c.pod == null ? "the outside service " : "pod ") + ms(in + out)
        : "network: client -> node " + ms(in) + ", node -> " + (c.pod == null ? "endpoint " : "pod ") + ms(out))
        + (extra > 0 ? ", plus " + ms(extra) + " before it (user-space proxy work or failed dials)" : ""));
    step(c, "request", "client", "request " + t.requestNumber + " of " + t.requestsTotal + " is sent",
        lines, Map.of("request", t.requestNumber, "inNanos", in, "outNanos", out, "extraNanos", extra));
  }

  void atPod(Connection c, PodState p, String what) {
    Trace t = open.get(c);
    if (t == null || t.requestNumber > REQUESTS_SHOWN) {
      return;
    }
    step(c, "pod", "pod/" + p.pod.key(), "request " + t.requestNumber + " reaches pod " + p.pod.key() + " on " + p.node.name(),
        List.of(what, "workers busy: " + p.busy + " of " + p.concurrency + "; queued: " + p.queueSize + (p.queueLimit == Long.MAX_VALUE ? " (no limit)" : " (limit " + p.queueLimit + ")")),
        Map.of("busy", p.busy, "concurrency", p.concurrency, "queued", p.queueSize));
  }

  void service(Connection c, PodState p, long serviceNanos) {
    Trace t = open.get(c);
    if (t == null || t.requestNumber > REQUESTS_SHOWN) {
      return;
    }
    step(c, "pod", "pod/" + p.pod.key(), "a worker of " + p.pod.key() + " starts on request " + t.requestNumber
        + "; it takes " + ms(serviceNanos), List.of(), Map.of("serviceNanos", serviceNanos));
  }

  void response(Connection c, long back, boolean more, long think) {
    Trace t = open.get(c);
    if (t == null || t.requestNumber > REQUESTS_SHOWN) {
      return;
    }
    long latency = run.sim.nowNanos() + back - t.requestSent;
    List<String> lines = new ArrayList<>();
    if (c.path == EntryPath.DNS) {
      lines.add("the reply comes straight back (" + ms(back) + ")" + (c.seenSourceIp != c.clientIp
          ? "; the node's conntrack undoes the egress masquerade" : ": there was no NAT to undo"));
    } else {
      lines.add("the reply goes back the same way (" + ms(back) + "); conntrack undoes the DNAT"
          + (t.decision != null && t.decision.masquerade() ? " and the SNAT" : "")
          + " so the client sees it come from the address it dialed");
    }
    lines.add("request latency as the client measures it: " + ms(latency));
    if (more) {
      lines.add("the client waits " + ms(think) + " of think time, then sends the next request on the same connection"
          + " (no new kube-proxy decision: the connection is already tracked)");
    }
    step(c, "response", "pod/" + (c.pod == null ? "external" : c.pod.pod.key()), "response " + t.requestNumber + " leaves",
        lines, Map.of("backNanos", back, "latencyNanos", latency));
  }

  // ---------------------------------------------------------------------------------------
  // The end

  void closed(Connection c) {
    Trace t = open.get(c);
    if (t == null) {
      return;
    }
    List<String> lines = new ArrayList<>();
    if (t.hidden > 0) {
      lines.add("requests " + (REQUESTS_SHOWN + 1) + " to " + t.requestNumber + " took the same path and are not shown");
    }
    step(c, "closed", "client", "the connection closes after " + t.requestNumber + " request" + (t.requestNumber == 1 ? "" : "s")
        + ": delivered", lines, Map.of("requests", t.requestNumber));
    end(c, null);
  }

  void failed(Connection c, FailureReason reason) {
    Trace t = open.get(c);
    if (t == null) {
      return;
    }
    boolean told = t.decision != null && t.decision.failure().equals(reason.key());
    step(c, "failed", "client", "the connection fails: " + reason.key(), told ? List.of() : List.of(reason.clientSees()),
        Map.of("reason", reason.key()));
    end(c, reason);
  }

  private void end(Connection c, FailureReason reason) {
    Trace t = open.remove(c);
    if (request.failedOnly() && (reason == null || ++failedSeen != request.connection())) {
      return;
    }
    result = new Explanation(request, true, "", c.service.key(), c.port.id, t.steps,
        reason == null ? "delivered" : "failed", reason == null ? "" : reason.key(), t.decision);
    run.sim.stop();
  }

  /** The explanation, or why there is none. */
  Explanation finish(String service, String port) {
    if (result != null) {
      return result;
    }
    String why;
    if (request.failedOnly()) {
      why = "only " + failedSeen + " matching connection" + (failedSeen == 1 ? "" : "s") + " failed";
    } else {
      why = "only " + matched + " matching connection" + (matched == 1 ? " was" : "s were") + " opened";
    }
    return new Explanation(request, false, why + after(), service, port, List.of(), "", "", null);
  }

  private String after() {
    return (request.afterNanos() > 0 ? " after " + dev.svcsim.engine.units.Durations.format(request.afterNanos()) : "")
        + (request.client() != null ? " from " + request.client() : "");
  }

  // ---------------------------------------------------------------------------------------
  // Words

  /** The address and port the client sent the first packet to. */
  private String destination(Connection c, EntryPath via, NodeState entry) {
    Service s = c.service.service;
    ServicePort sp = c.port.port;
    int port = sp == null ? 0 : sp.port();
    return switch (via) {
      case LOAD_BALANCER -> (s.loadBalancerIPs().isEmpty() ? "?" : s.loadBalancerIPs().get(c.vipIndex).toString()) + ":" + port;
      case EXTERNAL_IP -> (s.externalIPs().isEmpty() ? "?" : s.externalIPs().get(c.vipIndex).toString()) + ":" + port;
      case NODE_PORT -> (entry == null ? "?" : entry.node.ip().toString()) + ":" + (sp == null ? 0 : sp.nodePort());
      default -> (s.clusterIP() == null ? "?" : s.clusterIP().toString()) + ":" + port;
    };
  }

  private boolean proxyFromPod(Connection c) {
    return (c.clientIp & run.podNetworkMask) == run.podNetworkBase;
  }

  /** Whether the packet comes from a process of the node itself (nat OUTPUT), not a pod. */
  private static boolean fromNode(Connection c, NodeState node) {
    return c.clientKind == TrafficGenerator.CLIENT_NODE && c.clientNode == node;
  }

  private static String describe(Endpoint e, NodeState node) {
    StringBuilder b = new StringBuilder(e.key);
    b.append(e.pod == null ? "  (not a pod)" : "  pod " + e.pod.pod.key());
    b.append(e.node == null ? "  no node" : "  on " + e.node.name()).append(e.zone.isEmpty() ? "" : " (" + e.zone + ")");
    b.append(e.ready ? "  ready" : "  not ready").append(e.serving ? ", serving" : "").append(e.terminating ? ", terminating" : "");
    if (e.isLocalTo(node)) {
      b.append("  [local]");
    }
    return b.toString();
  }

  private static int indexOf(Endpoint[] list, Endpoint e) {
    for (int i = 0; i < list.length; i++) {
      if (list[i] == e || e != null && list[i].key.equals(e.key)) {
        return i;
      }
    }
    return -1;
  }

  private static String keys(Endpoint[] list) {
    return list.length == 0 ? "none" : String.join(", ", keyList(list));
  }

  private static List<String> keyList(Endpoint[] list) {
    List<String> out = new ArrayList<>(list.length);
    for (Endpoint e : list) {
      out.add(e.key);
    }
    return out;
  }

  static String fqdn(Service s) {
    return s.name() + "." + s.namespace() + ".svc.cluster.local";
  }

  static String ip(int bits) {
    return new Ipv4Address(bits).toString();
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }
}
