package dev.svcsim.models.rules;

import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.net.Ipv4Cidr;
import dev.svcsim.models.scenario.KubeProxyConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one node's kube-proxy has programmed at one moment of a run: everything needed to print
 * its rules.
 *
 * @param atNanos the simulated time (the timeline's clock: 0 is the start of the warmup)
 * @param name the node's name
 * @param ip the node's IP
 * @param zone the node's zone, or ""
 * @param up whether the node is up (a failed node keeps its last rules)
 * @param kubeProxy the cluster's kube-proxy settings (mode, scheduler, masqueradeAll)
 * @param podCidr the cluster's pod network (kube-proxy's {@code clusterCIDR})
 * @param serviceCidr the cluster's Service network
 * @param ports every Service port kube-proxy proxies (not headless, not ExternalName), ordered
 *     by Service key, then port order
 * @param ipvsActive in ipvs mode, the open connections per real server of this node's virtual
 *     servers, keyed {@code "PROTO vip:vport ip:port"}; empty otherwise
 */
public record NodeView(long atNanos, String name, Ipv4Address ip, String zone, boolean up,
    KubeProxyConfig kubeProxy, Ipv4Cidr podCidr, Ipv4Cidr serviceCidr,
    List<ServicePortView> ports, Map<String, Integer> ipvsActive) {

  public NodeView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(kubeProxy, "kubeProxy");
    ports = List.copyOf(ports);
    ipvsActive = Map.copyOf(ipvsActive);
  }
}
