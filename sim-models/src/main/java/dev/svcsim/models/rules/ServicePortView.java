package dev.svcsim.models.rules;

import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.ServicePort;
import java.util.List;
import java.util.Objects;

/**
 * One Service port as one node's kube-proxy has it programmed: the Service and port it last
 * synced, every endpoint (sorted by {@code ip:port}, as kube-proxy sorts them) and the result of
 * kube-proxy's {@code CategorizeEndpoints} for this node.
 *
 * @param cluster the endpoints for cluster-policy traffic, or null when the Service does not use
 *     them (a ClusterIP-only Service with internalTrafficPolicy Local)
 * @param local the endpoints for local-policy traffic, or null when no Local policy applies
 * @param hasAnyEndpoints whether any endpoint anywhere is usable; false means REJECT
 * @param topologyZone the zone topology-aware routing filtered cluster endpoints by, or ""
 */
public record ServicePortView(Service service, ServicePort port, List<EndpointView> endpoints,
    List<EndpointView> cluster, List<EndpointView> local, boolean hasAnyEndpoints,
    String topologyZone) {

  public ServicePortView {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(port, "port");
    endpoints = List.copyOf(endpoints);
    cluster = cluster == null ? null : List.copyOf(cluster);
    local = local == null ? null : List.copyOf(local);
    Objects.requireNonNull(topologyZone, "topologyZone");
  }

  /** kube-proxy's service port name, {@code ns/svc:port} (what iptables chain names hash). */
  public String servicePortName() {
    return ChainNames.servicePortName(service.namespace(), service.name(), port.name());
  }

  /** The cluster endpoints, or an empty list when the Service does not use them. */
  public List<EndpointView> clusterOrEmpty() {
    return cluster == null ? List.of() : cluster;
  }

  /** The local endpoints, or an empty list when no Local policy applies. */
  public List<EndpointView> localOrEmpty() {
    return local == null ? List.of() : local;
  }
}
