package dev.svcsim.models.service;

import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.net.Ipv4Cidr;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Service as the API server stores it: defaulted, validated and with its ClusterIP and
 * NodePorts allocated.
 *
 * @param clusterIP the ClusterIP, or null for a headless or ExternalName Service
 * @param selector the pod selector, or null for a Service without one (its endpoints then come
 *     from Endpoints or EndpointSlice manifests)
 * @param affinityTimeoutSeconds the ClientIP affinity timeout (10800 by default), 0 with None
 * @param externalTrafficPolicy null unless the Service is externally accessible
 * @param internalTrafficPolicy null for ExternalName Services
 * @param healthCheckNodePort the port for LoadBalancer + Local, else 0
 * @param allocateLoadBalancerNodePorts null unless type is LoadBalancer
 * @param externalName the DNS name of an ExternalName Service, else ""
 * @param trafficDistribution {@code PreferClose} or ""
 * @param loadBalancerIPs the load balancer's ingress IPs (from the manifest's status or
 *     {@code spec.loadBalancerIP}, else assigned by svcsim); empty unless type is LoadBalancer
 */
public record Service(
    String namespace,
    String name,
    ServiceType type,
    Ipv4Address clusterIP,
    List<ServicePort> ports,
    Map<String, String> selector,
    SessionAffinity sessionAffinity,
    int affinityTimeoutSeconds,
    TrafficPolicy externalTrafficPolicy,
    TrafficPolicy internalTrafficPolicy,
    int healthCheckNodePort,
    List<Ipv4Address> externalIPs,
    List<Ipv4Cidr> loadBalancerSourceRanges,
    Boolean allocateLoadBalancerNodePorts,
    String externalName,
    boolean publishNotReadyAddresses,
    String trafficDistribution,
    List<Ipv4Address> loadBalancerIPs) {

  public Service {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    ports = List.copyOf(ports);
    selector = selector == null ? null : Map.copyOf(selector);
    Objects.requireNonNull(sessionAffinity, "sessionAffinity");
    externalIPs = List.copyOf(externalIPs);
    loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
    Objects.requireNonNull(externalName, "externalName");
    Objects.requireNonNull(trafficDistribution, "trafficDistribution");
    loadBalancerIPs = List.copyOf(loadBalancerIPs);
  }

  /** {@code ns/name}, as reports key Services. */
  public String key() {
    return namespace + "/" + name;
  }

  /** Headless: {@code clusterIP: None} (DNS answers with pod IPs; kube-proxy writes no rules). */
  public boolean headless() {
    return clusterIP == null && type != ServiceType.EXTERNAL_NAME;
  }

  /** kube-proxy's {@code ExternallyAccessible}: a NodePort, an LB VIP or an externalIP exists. */
  public boolean externallyAccessible() {
    return type == ServiceType.NODE_PORT
        || type == ServiceType.LOAD_BALANCER
        || (type == ServiceType.CLUSTER_IP && !externalIPs.isEmpty());
  }

  public boolean externalPolicyLocal() {
    return externallyAccessible() && externalTrafficPolicy == TrafficPolicy.LOCAL;
  }

  public boolean internalPolicyLocal() {
    return internalTrafficPolicy == TrafficPolicy.LOCAL;
  }

  /** LoadBalancer with externalTrafficPolicy Local: kube-proxy serves a healthCheckNodePort. */
  public boolean needsHealthCheck() {
    return type == ServiceType.LOAD_BALANCER && externalTrafficPolicy == TrafficPolicy.LOCAL;
  }

  /** The port with this name, or with this number when {@code nameOrNumber} is numeric. */
  public Optional<ServicePort> port(String nameOrNumber) {
    for (ServicePort p : ports) {
      if (p.name().equals(nameOrNumber)) {
        return Optional.of(p);
      }
    }
    for (ServicePort p : ports) {
      if (Integer.toString(p.port()).equals(nameOrNumber)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
