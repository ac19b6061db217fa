package dev.svcsim.models.rules;

import dev.svcsim.models.cluster.Protocol;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.service.SessionAffinity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IPVS virtual servers kube-proxy's ipvs mode programs on one node, as {@code ipvsadm -Ln}
 * lists them (pkg/proxy/ipvs {@code syncProxyRules} and {@code syncEndpoint}).
 *
 * <p>One virtual server per ClusterIP, externalIP and LB IP, and one per node IP x nodePort, each
 * with the scenario's scheduler and {@code persistent T} for ClientIP affinity. Real servers are
 * {@code Masq} with weight 1: the ClusterIP's follow internalTrafficPolicy, the others
 * externalTrafficPolicy, and a Local policy with no local endpoint falls back to the cluster
 * endpoints (kubernetes PR 97081). A removed endpoint that still has open connections stays with
 * weight 0, as kube-proxy's graceful termination leaves it. ActiveConn is the simulator's count of
 * open connections; InActConn is always 0 (svcsim does not print the closed connections IPVS
 * still holds). Virtual servers are sorted by protocol, address and port, real servers by address
 * and port, as {@code ipvsadm} sorts them.
 *
 * <p>Not printed: the iptables rules and ipsets that ipvs mode writes besides (masquerade,
 * loadBalancerSourceRanges, the Local-policy NodePort and LB sets, the hairpin set); the output
 * says so in a comment.
 */
public final class IpvsRules {

  private IpvsRules() {}

  /** One virtual server. */
  private record VirtualServer(Protocol protocol, Ipv4Address vip, int vport, String scheduler,
      int persistence, List<EndpointView> servers) {

    String address() {
      return protocol + " " + vip + ":" + vport;
    }
  }

  /** The node's virtual servers. */
  public static String render(NodeView node) {
    String scheduler = node.kubeProxy().ipvsScheduler().word();
    Map<String, VirtualServer> servers = new LinkedHashMap<>();
    for (ServicePortView v : node.ports()) {
      var s = v.service();
      var port = v.port();
      int persistence = s.sessionAffinity() == SessionAffinity.CLIENT_IP ? s.affinityTimeoutSeconds() : 0;
      List<EndpointView> internal = realServers(v, s.internalPolicyLocal());
      List<EndpointView> external = realServers(v, s.externalPolicyLocal());
      add(servers, new VirtualServer(port.protocol(), s.clusterIP(), port.port(), scheduler, persistence, internal));
      for (Ipv4Address ip : s.externalIPs()) {
        add(servers, new VirtualServer(port.protocol(), ip, port.port(), scheduler, persistence, external));
      }
      for (Ipv4Address ip : s.loadBalancerIPs()) {
        add(servers, new VirtualServer(port.protocol(), ip, port.port(), scheduler, persistence, external));
      }
      if (port.nodePort() != 0) {
        add(servers, new VirtualServer(port.protocol(), node.ip(), port.nodePort(), scheduler, persistence,
            external));
      }
    }
    List<VirtualServer> list = new ArrayList<>(servers.values());
    list.sort(Comparator.comparingInt((VirtualServer vs) -> protocolNumber(vs.protocol()))
        .thenComparing(VirtualServer::vip).thenComparingInt(VirtualServer::vport));

    StringBuilder b = new StringBuilder();
    b.append(IptablesRules.preamble(node, "ipvs"));
    b.append("# Scheduler ").append(scheduler)
        .append("; ActiveConn counts the simulated open connections, InActConn is not simulated (0).\n");
    b.append("# Not shown: the iptables rules and ipsets ipvs mode also writes (masquerade,")
        .append(" loadBalancerSourceRanges, Local-policy sets); see docs/rules.md.\n");
    b.append("IP Virtual Server version 1.2.1 (size=4096)\n");
    b.append("Prot LocalAddress:Port Scheduler Flags\n");
    b.append("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
    for (VirtualServer vs : list) {
      b.append(vs.protocol()).append("  ").append(vs.vip()).append(':').append(vs.vport()).append(' ')
          .append(vs.scheduler());
      if (vs.persistence() > 0) {
        b.append(" persistent ").append(vs.persistence());
      }
      b.append('\n');
      Map<String, Integer> weights = new LinkedHashMap<>();
      Map<String, Ipv4Address> addresses = new LinkedHashMap<>();
      for (EndpointView e : vs.servers()) {
        weights.put(e.key(), 1);
        addresses.put(e.key(), Ipv4Address.parse(e.ip()));
      }
      // removed endpoints still holding connections: weight 0 until they drain
      String prefix = vs.address() + " ";
      for (Map.Entry<String, Integer> a : node.ipvsActive().entrySet()) {
        if (a.getKey().startsWith(prefix) && a.getValue() > 0) {
          String key = a.getKey().substring(prefix.length());
          if (!weights.containsKey(key)) {
            weights.put(key, 0);
            addresses.put(key, Ipv4Address.parse(key.substring(0, key.lastIndexOf(':'))));
          }
        }
      }
      List<String> keys = new ArrayList<>(weights.keySet());
      keys.sort(Comparator.comparing((String k) -> addresses.get(k))
          .thenComparingInt(k -> Integer.parseInt(k.substring(k.lastIndexOf(':') + 1))));
      for (String k : keys) {
        int active = node.ipvsActive().getOrDefault(prefix + k, 0);
        b.append(String.format("  -> %-28s %-7s %-6d %-10d %-10d", k, "Masq", weights.get(k), active, 0)
            .stripTrailing()).append('\n');
      }
    }
    return b.toString();
  }

  /**
   * The real servers kube-proxy gives a virtual server of {@code v} whose traffic policy is Local
   * ({@code localPolicy}) or Cluster: the local endpoints, or when Local finds none, the cluster
   * endpoints (empty for a ClusterIP-only Service under internalTrafficPolicy Local).
   */
  public static List<EndpointView> realServers(ServicePortView v, boolean localPolicy) {
    if (localPolicy && !v.localOrEmpty().isEmpty()) {
      return v.localOrEmpty();
    }
    return v.clusterOrEmpty();
  }

  private static void add(Map<String, VirtualServer> servers, VirtualServer vs) {
    servers.putIfAbsent(vs.address(), vs);
  }

  private static int protocolNumber(Protocol p) {
    return switch (p) {
      case TCP -> 6;
      case UDP -> 17;
      case SCTP -> 132;
    };
  }
}
