package dev.svcsim.models.scenario;

import dev.svcsim.models.cluster.Node;
import dev.svcsim.models.cluster.Pod;
import dev.svcsim.models.cluster.Workload;
import dev.svcsim.models.service.ManualEndpoints;
import dev.svcsim.models.service.Service;
import java.util.List;
import java.util.Objects;

/**
 * A validated scenario, ready to simulate: settings, the cluster's objects at time zero (pods
 * already expanded from their workloads and placed), traffic, the timeline and expectations.
 *
 * @param durationNanos measured simulated time, after the warmup
 * @param events in time order (file order at equal times)
 */
public record Scenario(
    String name,
    String description,
    long seed,
    long durationNanos,
    long warmupNanos,
    ClusterConfig cluster,
    LoadBalancerConfig loadBalancer,
    SchedulerStrategy scheduler,
    List<Node> nodes,
    List<Workload> workloads,
    List<Pod> pods,
    List<Service> services,
    List<ManualEndpoints> manualEndpoints,
    List<TrafficSource> traffic,
    List<TimelineEvent> events,
    List<Expectation> expectations) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (durationNanos <= 0 || warmupNanos < 0) {
      throw new IllegalArgumentException("need duration > 0 and warmup >= 0");
    }
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(loadBalancer, "loadBalancer");
    Objects.requireNonNull(scheduler, "scheduler");
    nodes = List.copyOf(nodes);
    workloads = List.copyOf(workloads);
    pods = List.copyOf(pods);
    services = List.copyOf(services);
    manualEndpoints = List.copyOf(manualEndpoints);
    traffic = List.copyOf(traffic);
    events = List.copyOf(events);
    expectations = List.copyOf(expectations);
  }

  /** The end of the run: warmup plus duration. */
  public long endNanos() {
    return warmupNanos + durationNanos;
  }
}
