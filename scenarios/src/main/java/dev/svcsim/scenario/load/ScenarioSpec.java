package dev.svcsim.scenario.load;

import dev.svcsim.engine.random.Distribution;
import java.util.List;
import java.util.Map;

/**
 * The Scenario document as bound from YAML: units already parsed, defaults applied, references
 * (to Services, pods, nodes, workloads) still unresolved. Nulls mark values that were missing or
 * wrong (a problem has then been reported).
 */
record ScenarioSpec(
    Source source,
    String name,
    String description,
    long seed,
    Long durationNanos,
    long warmupNanos,
    List<Fields.Item> manifests,
    ClusterSpec cluster,
    LoadBalancerSpec loadBalancer,
    String scheduler,
    List<TrafficSpec> traffic,
    List<EventSpec> events,
    List<ExpectationSpec> expectations) {

  /** {@code spec.cluster}. */
  record ClusterSpec(
      String serviceCIDR,
      String podCIDR,
      String nodeCIDR,
      String nodePortRange,
      String mode,
      String ipvsScheduler,
      boolean masqueradeAll,
      long syncDelayNanos,
      boolean terminatingEndpointFallback,
      long nodeMonitorGracePeriodNanos,
      List<NodeGroupSpec> nodes,
      Map<String, Distribution> latency,
      Distribution userspaceProxyOverhead) {}

  /** One entry of {@code spec.cluster.nodes}: a node, or a group with a name prefix and count. */
  record NodeGroupSpec(
      String path, String name, String namePrefix, int count, String zone, Map<String, String> labels) {}

  /** {@code spec.loadBalancer}. */
  record LoadBalancerSpec(
      String provider, long intervalNanos, int unhealthyThreshold, int healthyThreshold) {}

  /** One entry of {@code spec.traffic}. */
  record TrafficSpec(
      String path,
      String name,
      String from,
      int clients,
      String clientCIDR,
      String to,
      String via,
      List<String> nodes,
      Double rate,
      String arrival,
      Distribution requestsPerConnection,
      Distribution thinkTime,
      long startNanos,
      Long stopNanos) {}

  /**
   * One entry of {@code spec.events}; {@code set} keeps the raw YAML values of a patch, {@code
   * gracePeriodNanos} is null when not given (each pod's own grace period applies).
   */
  record EventSpec(
      String path,
      int index,
      Long atNanos,
      String action,
      String target,
      Long gracePeriodNanos,
      Long replicas,
      String maxSurge,
      String maxUnavailable,
      Map<String, dev.svcsim.scenario.yaml.YamlNode> set,
      Double rate) {}

  /** One entry of {@code spec.expectations}. */
  record ExpectationSpec(
      String path, String name, String metric, String op, Double value, double tolerance) {}
}
