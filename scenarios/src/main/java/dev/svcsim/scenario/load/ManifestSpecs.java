package dev.svcsim.scenario.load;

import java.util.List;
import java.util.Map;

/**
 * The Kubernetes manifests svcsim reads, as bound from YAML: raw values (strings for enums, boxed
 * numbers that may be null when unset), before defaulting and validation. Each record keeps its
 * {@link Source} for locating problems.
 */
final class ManifestSpecs {
  private ManifestSpecs() {}

  /** Common object metadata. */
  record Meta(
      String kind,
      String namespace,
      String name,
      Map<String, String> labels,
      Map<String, String> annotations,
      List<OwnerRef> owners) {}

  /** {@code metadata.ownerReferences[]}. */
  record OwnerRef(String kind, String name) {}

  /**
   * {@code spec.ports[i]} of a Service. {@code targetPort} is a Long, a String or null.
   * {@code portMistyped}: {@code port} is null because it was written with the wrong type (that
   * was reported when binding), not because it was left out.
   */
  record ServicePortSpec(
      String name, String protocol, Long port, Object targetPort, Long nodePort, boolean portMistyped) {}

  /** A v1 Service. */
  record ServiceSpec(
      Source source,
      Meta meta,
      String type,
      String clusterIP,
      List<String> clusterIPs,
      List<ServicePortSpec> ports,
      Map<String, String> selector,
      String sessionAffinity,
      Long affinityTimeoutSeconds,
      boolean affinityConfigPresent,
      String externalTrafficPolicy,
      String internalTrafficPolicy,
      Long healthCheckNodePort,
      List<String> externalIPs,
      List<String> loadBalancerSourceRanges,
      Boolean allocateLoadBalancerNodePorts,
      String externalName,
      boolean publishNotReadyAddresses,
      String trafficDistribution,
      String loadBalancerIP,
      List<String> ingressIPs) {}

  /** {@code containers[].ports[]}. */
  record ContainerPortSpec(String name, Long containerPort, String protocol, String path) {}

  /**
   * A pod spec with its metadata: a bare Pod, or a workload's template. {@code
   * terminationGracePeriodSeconds} is null when it is not set (or was mistyped).
   */
  record PodSpecSpec(
      Source source,
      String pathPrefix,
      Map<String, String> labels,
      Map<String, String> annotations,
      String nodeName,
      Map<String, String> nodeSelector,
      List<ContainerPortSpec> ports,
      String podIP,
      Long terminationGracePeriodSeconds) {}

  /** A bare v1 Pod. */
  record PodManifest(Source source, Meta meta, PodSpecSpec pod) {}

  /** A Deployment, StatefulSet or DaemonSet. */
  record WorkloadSpec(
      Source source,
      Meta meta,
      Long replicas,
      Map<String, String> matchLabels,
      PodSpecSpec template) {}

  /** A v1 Node. */
  record NodeSpec(
      Source source, Meta meta, String internalIP, String podCIDR, boolean unschedulable) {}

  /** An endpoint address of an Endpoints subset or an EndpointSlice. */
  record AddressSpec(
      String ip,
      String nodeName,
      String zone,
      Boolean ready,
      Boolean serving,
      Boolean terminating,
      String path) {}

  /** A port of an Endpoints subset or an EndpointSlice. */
  record EndpointPortSpec(String name, Long port, String protocol, String path) {}

  /** One group of addresses times ports. */
  record EndpointGroupSpec(List<AddressSpec> addresses, List<EndpointPortSpec> ports) {}

  /** A v1 Endpoints or discovery.k8s.io/v1 EndpointSlice. */
  record EndpointsSpec(
      Source source,
      Meta meta,
      String serviceName,
      boolean managedByController,
      String addressType,
      List<EndpointGroupSpec> groups) {}
}
