package dev.svcsim.models.dataplane;

import dev.svcsim.models.result.FailureReason;

/**
 * What sits in front of a LoadBalancer Service's VIP and sends each new connection from outside
 * to a node. Implementations: a cloud load balancer with health checks, MetalLB layer 2, MetalLB
 * BGP.
 */
abstract class LoadBalancer {

  final DataPlaneRun run;
  final ServiceState service;
  /** The node the last {@link #route} chose. */
  NodeState chosen;

  LoadBalancer(DataPlaneRun run, ServiceState service) {
    this.run = run;
    this.service = service;
  }

  /**
   * Chooses the node for a new connection and stores it in {@link #chosen}; returns null, or
   * the reason there is no node to send it to.
   */
  abstract FailureReason route(Connection c);

  /**
   * Says, for a traced connection just routed, which nodes were considered, what the load
   * balancer knew of each, and how it chose.
   */
  abstract void explain(Connection c, java.util.List<String> lines);

  /** The Service's spec or endpoints changed, or a node failed or recovered. */
  void changed() {}

  /** The connection through this LB has ended. */
  void closed(Connection c) {}

  /** A node stopped answering (at once, before anyone noticed). */
  void nodeFailed(NodeState node) {}

  /** A node answers again. */
  void nodeRecovered(NodeState node) {}

  /** Stops periodic work (the run is over). */
  void stop() {}

  /**
   * Whether {@code node} has a local Ready endpoint of the Service as its kube-proxy sees it —
   * what the healthCheckNodePort answers 200 for (terminating endpoints do not count).
   */
  boolean hasLocalReadyEndpoint(NodeState node) {
    for (PortState p : service.ports) {
      for (Endpoint e : p.published) {
        if (e.ready && e.node == node) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the Service's Local external policy applies (as the nodes have it programmed). */
  boolean localPolicy() {
    return service.ports.isEmpty() || service.ports.get(0).publishedService == null
        ? service.service.externalPolicyLocal()
        : service.ports.get(0).publishedService.externalPolicyLocal();
  }
}
