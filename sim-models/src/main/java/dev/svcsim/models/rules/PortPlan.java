package dev.svcsim.models.rules;

import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.net.Ipv4Cidr;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.SessionAffinity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions kube-proxy's iptables and nftables {@code syncProxyRules} make for one Service
 * port before writing anything (pkg/proxy/iptables and pkg/proxy/nftables): which policy chains
 * exist, whether ClusterIP and external traffic have endpoints, and whether the external and
 * firewall chains are needed. Both renderers read the same plan, so they agree with each other
 * and with the simulator's categorization ({@link ServicePortView#cluster()},
 * {@link ServicePortView#local()}).
 */
final class PortPlan {

  final ServicePortView view;
  final Service service;
  /** Some endpoint anywhere is usable; false: REJECT everything. */
  final boolean hasEndpoints;
  /** ClusterIP traffic has endpoints (false with internalTrafficPolicy Local and none local). */
  final boolean hasInternal;
  /** External traffic has endpoints (false with externalTrafficPolicy Local and none local). */
  final boolean hasExternal;
  /** The cluster-policy chain ({@code KUBE-SVC-}, {@code service-}) exists. */
  final boolean usesCluster;
  /** The local-policy chain ({@code KUBE-SVL-}, {@code local-}) exists. */
  final boolean usesLocal;
  /** The external chain ({@code KUBE-EXT-}, {@code external-}) exists. */
  final boolean usesExternal;
  /** The iptables firewall chain ({@code KUBE-FW-}) exists: LB IPs, source ranges, endpoints. */
  final boolean usesFirewall;
  final List<EndpointView> cluster;
  final List<EndpointView> local;
  /** Every endpoint some policy chain dispatches to, each once, sorted by {@code ip:port}. */
  final List<EndpointView> reachable;

  PortPlan(ServicePortView view) {
    this.view = view;
    this.service = view.service();
    this.cluster = view.clusterOrEmpty();
    this.local = view.localOrEmpty();
    this.hasEndpoints = view.hasAnyEndpoints();
    this.usesCluster = view.cluster() != null && !cluster.isEmpty();
    this.usesLocal = view.local() != null && !local.isEmpty();
    this.hasInternal = hasEndpoints && !(service.internalPolicyLocal() && local.isEmpty());
    this.hasExternal = hasEndpoints && !(service.externalPolicyLocal() && local.isEmpty());
    this.usesExternal = hasEndpoints && service.externallyAccessible();
    this.usesFirewall = hasEndpoints && hasFirewall(service);
    Map<String, EndpointView> all = new LinkedHashMap<>();
    if (usesCluster) {
      cluster.forEach(e -> all.putIfAbsent(e.key(), e));
    }
    if (usesLocal) {
      local.forEach(e -> all.putIfAbsent(e.key(), e));
    }
    List<EndpointView> list = new ArrayList<>(all.values());
    list.sort((a, b) -> a.key().compareTo(b.key()));
    this.reachable = List.copyOf(list);
  }

  /** LB IPs with {@code loadBalancerSourceRanges}: kube-proxy filters their sources. */
  static boolean hasFirewall(Service s) {
    return !s.loadBalancerIPs().isEmpty() && !s.loadBalancerSourceRanges().isEmpty();
  }

  /** kube-proxy's service port name, {@code ns/svc:port}. */
  String name() {
    return view.servicePortName();
  }

  boolean affinity() {
    return service.sessionAffinity() == SessionAffinity.CLIENT_IP;
  }

  int port() {
    return view.port().port();
  }

  int nodePort() {
    return view.port().nodePort();
  }

  String protocol() {
    return ChainNames.protocol(view.port().protocol());
  }

  /** Whether some source range holds the node's IP (then the LB IPs are allowed as sources too). */
  boolean rangesHoldNode(Ipv4Address nodeIp) {
    return rangesHoldNode(service, nodeIp);
  }

  static boolean rangesHoldNode(Service s, Ipv4Address nodeIp) {
    for (Ipv4Cidr c : s.loadBalancerSourceRanges()) {
      if (c.contains(nodeIp)) {
        return true;
      }
    }
    return false;
  }
}
