package dev.svcsim.models.dataplane;

import dev.svcsim.models.rules.EndpointView;
import dev.svcsim.models.rules.NodeView;
import dev.svcsim.models.rules.ServicePortView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the run's internal state into the public views that rules and explanations print. */
final class Views {

  private Views() {}

  static EndpointView endpoint(Endpoint e) {
    return new EndpointView(e.ip.toString(), e.port, e.node == null ? "" : e.node.name(), e.zone,
        e.ready, e.serving, e.terminating, e.pod == null ? "" : e.pod.pod.key());
  }

  static List<EndpointView> endpoints(Endpoint[] list) {
    if (list == null) {
      return null;
    }
    List<EndpointView> out = new ArrayList<>(list.length);
    for (Endpoint e : list) {
      out.add(endpoint(e));
    }
    return out;
  }

  /** One port as {@code node}'s kube-proxy has it, or null when kube-proxy does not proxy it. */
  static ServicePortView port(NodeState node, PortState p) {
    if (!KubeProxy.proxied(p)) {
      return null;
    }
    EndpointCategorizer.Categorized r = node.proxy.rules(p);
    String zone = EndpointCategorizer.usesClusterEndpoints(p.publishedService)
        ? EndpointCategorizer.topologyZone(p.published, p.publishedService, node) : null;
    return new ServicePortView(p.publishedService, p.publishedPort, endpoints(p.published),
        endpoints(r.cluster()), endpoints(r.local()), r.hasAnyEndpoints(), zone == null ? "" : zone);
  }

  static NodeView node(DataPlaneRun run, NodeState node) {
    List<ServicePortView> ports = new ArrayList<>();
    for (ServiceState s : run.services) {
      for (PortState p : s.ports) {
        ServicePortView v = port(node, p);
        if (v != null) {
          ports.add(v);
        }
      }
    }
    var cluster = run.scenario.cluster();
    Map<String, Integer> active = node.proxy instanceof IpvsProxy ipvs ? ipvs.activeConnections() : Map.of();
    return new NodeView(run.sim.nowNanos(), node.name(), node.node.ip(), node.node.zone(), node.up,
        cluster.kubeProxy(), cluster.podCidr(), cluster.serviceCidr(), ports, active);
  }
}
