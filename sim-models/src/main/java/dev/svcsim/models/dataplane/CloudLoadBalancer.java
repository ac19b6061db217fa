package dev.svcsim.models.dataplane;

import dev.svcsim.engine.EventHandler;
import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.service.SessionAffinity;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A cloud load balancer (GCE, AWS NLB, Azure style): every node is a target with equal weight,
 * blind to how many pods it runs, and each new connection goes to one healthy target chosen at
 * random; for a Service with ClientIP session affinity, chosen by a hash of the client's address
 * instead (GCE's CLIENT_IP affinity, Azure's SourceIP distribution), so that a client keeps its
 * node, and with it the node's kube-proxy affinity, while the healthy set stays the same. Health is learnt only by probing each node every {@code interval}: under
 * externalTrafficPolicy Local the probe asks the Service's healthCheckNodePort, which answers 200
 * only while the node's kube-proxy has a local Ready endpoint; under Cluster it asks kube-proxy's
 * own health port (10256), which answers while the node is up. A node is taken out after
 * {@code unhealthyThreshold} failed probes in a row and put back after {@code healthyThreshold}
 * good ones, so a node that lost its pods keeps receiving traffic until the probes catch up.
 * Each node's probes start at a random phase within the first interval. When no target is
 * healthy, connections fail with {@code lbNoHealthyTarget} (real cloud LBs often "fail open" and
 * spread over every target instead; svcsim does not model that).
 */
final class CloudLoadBalancer extends LoadBalancer {

  private final UniformRandomProvider rng;
  private final boolean[] healthy;
  private final int[] fails;
  private final int[] goods;
  private final long[] probeEvents;
  private int[] healthyNodes;
  private int healthyCount;
  private boolean stopped;
  private final EventHandler probe = this::probe;

  CloudLoadBalancer(DataPlaneRun run, ServiceState service) {
    super(run, service);
    this.rng = run.streams.stream("lb/" + service.key());
    int n = run.nodes.length;
    healthy = new boolean[n];
    fails = new int[n];
    goods = new int[n];
    probeEvents = new long[n];
    healthyNodes = new int[n];
    UniformRandomProvider phases = run.streams.stream("lb-probe-phase/" + service.key());
    long interval = run.scenario.loadBalancer().healthCheckIntervalNanos();
    for (int i = 0; i < n; i++) {
      healthy[i] = probeSucceeds(run.nodes[i]);
      probeEvents[i] = run.sim.schedule((long) (phases.nextDouble() * interval), probe, i);
    }
    rebuild();
  }

  private boolean probeSucceeds(NodeState node) {
    if (!node.up) {
      return false;
    }
    return !localPolicy() || hasLocalReadyEndpoint(node);
  }

  private void probe(long nodeIndex) {
    if (stopped) {
      return;
    }
    int i = (int) nodeIndex;
    var config = run.scenario.loadBalancer();
    probeEvents[i] = run.sim.schedule(config.healthCheckIntervalNanos(), probe, i);
    if (probeSucceeds(run.nodes[i])) {
      fails[i] = 0;
      goods[i]++;
      if (!healthy[i] && goods[i] >= config.healthyThreshold()) {
        healthy[i] = true;
        rebuild();
      }
    } else {
      goods[i] = 0;
      fails[i]++;
      if (healthy[i] && fails[i] >= config.unhealthyThreshold()) {
        healthy[i] = false;
        rebuild();
      }
    }
  }

  private void rebuild() {
    healthyCount = 0;
    for (int i = 0; i < healthy.length; i++) {
      if (healthy[i]) {
        healthyNodes[healthyCount++] = i;
      }
    }
  }

  @Override
  FailureReason route(Connection c) {
    if (healthyCount == 0) {
      return FailureReason.LB_NO_HEALTHY_TARGET;
    }
    int pick;
    if (healthyCount == 1) {
      pick = 0;
    } else if (service.service.sessionAffinity() == SessionAffinity.CLIENT_IP) {
      // GCE CLIENT_IP affinity, Azure SourceIP distribution: a hash of the client address
      pick = (int) Long.remainderUnsigned(IpvsProxy.mix(c.clientIp), healthyCount);
    } else {
      pick = rng.nextInt(healthyCount);
    }
    chosen = run.nodes[healthyNodes[pick]];
    return null;
  }

  @Override
  void explain(Connection c, java.util.List<String> lines) {
    var config = run.scenario.loadBalancer();
    boolean local = localPolicy();
    lines.add("cloud load balancer: every node is a target of equal weight; each node is probed every "
        + dev.svcsim.engine.units.Durations.format(config.healthCheckIntervalNanos()) + " on "
        + (local ? "the Service's healthCheckNodePort " + service.service.healthCheckNodePort()
            + " (200 only while the node has a local Ready endpoint)" : "kube-proxy's health port 10256 (200 while the node is up)")
        + "; out after " + config.unhealthyThreshold() + " failed probe(s) in a row, back after " + config.healthyThreshold() + " good one(s)");
    for (int i = 0; i < healthy.length; i++) {
      NodeState n = run.nodes[i];
      String truth = !n.up ? "down" : local && !hasLocalReadyEndpoint(n) ? "up, no local Ready endpoint" : "up";
      lines.add("  " + n.name() + " (" + n.node.ip() + "): " + (healthy[i] ? "healthy" : "unhealthy")
          + " to the load balancer (" + (healthy[i] ? fails[i] + " failed probe(s) in a row" : goods[i] + " good probe(s) in a row")
          + "); actually " + truth);
    }
    if (healthyCount == 0) {
      lines.add("no healthy target: the load balancer has nowhere to send the connection");
    } else if (service.service.sessionAffinity() == SessionAffinity.CLIENT_IP && healthyCount > 1) {
      lines.add("ClientIP affinity: a hash of the client address picks among the " + healthyCount + " healthy targets: "
          + chosen.name());
    } else {
      lines.add("picks one of the " + healthyCount + " healthy targets at random (each 1/" + healthyCount + "): " + chosen.name());
    }
  }

  @Override
  void stop() {
    stopped = true;
    for (long id : probeEvents) {
      run.sim.cancel(id);
    }
  }
}
