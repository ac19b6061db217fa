package dev.svcsim.models.dataplane;

import dev.svcsim.models.service.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * kube-proxy's {@code CategorizeEndpoints} (pkg/proxy/topology.go), written once for every mode:
 * which endpoints a node uses for cluster-policy traffic and which for local-policy traffic.
 *
 * <ol>
 *   <li>Cluster endpoints (when the Service uses them): the Ready endpoints that topology allows;
 *       if there are none, every serving-and-terminating endpoint, topology ignored.
 *   <li>Local endpoints (when a Local policy applies): the local Ready endpoints; if there are
 *       none, the local serving-and-terminating ones. Topology is never applied to them.
 *   <li>Topology ({@code trafficDistribution: PreferClose}): the EndpointSlice controller hints
 *       each Ready endpoint that has a zone for its own zone; kube-proxy filters by the node's
 *       zone only when every Ready endpoint carries a hint and at least one is for that zone.
 * </ol>
 *
 * <p>Both fallbacks to serving-and-terminating endpoints are kube-proxy's ProxyTerminatingEndpoints
 * feature (GA in v1.28). With {@code terminatingFallback} false, as before that feature, only
 * Ready endpoints are used, for the cluster and the local set alike, and only Ready endpoints
 * count for {@code hasAnyEndpoints} (topology.go with the feature gate off: "iTP: Local, eTP:
 * Local, PTE disabled, all endpoints remote and terminating" has no endpoints at all).
 */
final class EndpointCategorizer {

  private EndpointCategorizer() {}

  /**
   * The result for one node and one Service port.
   *
   * @param cluster the endpoints for cluster-policy traffic, or null when the Service does not
   *     use cluster endpoints (a ClusterIP-only Service with internalTrafficPolicy Local)
   * @param local the endpoints for local-policy traffic, or null when no Local policy applies
   * @param hasAnyEndpoints whether any endpoint anywhere is usable (Ready, or serving and
   *     terminating when the fallback is on); false means kube-proxy REJECTs
   */
  record Categorized(Endpoint[] cluster, Endpoint[] local, boolean hasAnyEndpoints) {}

  private static final Endpoint[] NONE = new Endpoint[0];

  /** kube-proxy's {@code UsesClusterEndpoints}. */
  static boolean usesClusterEndpoints(Service s) {
    return !s.internalPolicyLocal() || s.externallyAccessible();
  }

  /** kube-proxy's {@code UsesLocalEndpoints}. */
  static boolean usesLocalEndpoints(Service s) {
    return s.internalPolicyLocal() || s.externalPolicyLocal();
  }

  /**
   * Categorizes {@code endpoints} (sorted by {@code ip:port}) for {@code node}.
   *
   * @param node the node whose kube-proxy asks
   * @param terminatingFallback whether to fall back to serving-and-terminating endpoints when no
   *     Ready one is usable ({@code kubeProxy.terminatingEndpointFallback})
   */
  static Categorized categorize(
      Endpoint[] endpoints, Service service, NodeState node, boolean terminatingFallback) {
    Endpoint[] cluster = null;
    boolean hasAny = false;
    if (usesClusterEndpoints(service)) {
      String zone = topologyZone(endpoints, service, node);
      List<Endpoint> picked = new ArrayList<>();
      for (Endpoint e : endpoints) {
        if (e.ready && (zone == null || zone.equals(e.zone))) {
          picked.add(e);
        }
      }
      if (picked.isEmpty() && terminatingFallback) {
        for (Endpoint e : endpoints) {
          if (e.servingTerminating()) {
            picked.add(e);
          }
        }
      }
      cluster = picked.isEmpty() ? NONE : picked.toArray(NONE);
      hasAny = cluster.length > 0;
    }
    if (!usesLocalEndpoints(service)) {
      return new Categorized(cluster, null, hasAny);
    }
    List<Endpoint> local = new ArrayList<>();
    for (Endpoint e : endpoints) {
      if (e.ready && e.isLocalTo(node)) {
        local.add(e);
      }
    }
    if (local.isEmpty() && terminatingFallback) {
      for (Endpoint e : endpoints) {
        if (e.servingTerminating() && e.isLocalTo(node)) {
          local.add(e);
        }
      }
    }
    for (Endpoint e : endpoints) {
      if (e.ready || (terminatingFallback && e.servingTerminating())) {
        hasAny = true;
        break;
      }
    }
    return new Categorized(cluster, local.isEmpty() ? NONE : local.toArray(NONE), hasAny);
  }

  /**
   * The zone to filter by, or null for no filtering: PreferClose hints exist only when every
   * Ready endpoint has a zone, and are used only when one of them is in the node's zone.
   */
  static String topologyZone(Endpoint[] endpoints, Service service, NodeState node) {
    if (!"PreferClose".equals(service.trafficDistribution())) {
      return null;
    }
    String zone = node.node.zone();
    if (zone.isEmpty()) {
      return null;
    }
    boolean anyForZone = false;
    boolean anyReady = false;
    for (Endpoint e : endpoints) {
      if (!e.ready) {
        continue;
      }
      anyReady = true;
      if (e.zone.isEmpty()) {
        return null;
      }
      anyForZone |= e.zone.equals(zone);
    }
    return anyReady && anyForZone ? zone : null;
  }
}
