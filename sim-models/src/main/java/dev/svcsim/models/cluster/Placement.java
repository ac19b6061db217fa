package dev.svcsim.models.cluster;

import dev.svcsim.models.scenario.SchedulerStrategy;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.commons.rng.UniformRandomProvider;

/** Where the scheduler puts a pod among the nodes that can take it ({@code spec.scheduler}). */
public final class Placement {

  /** The kubelet's default {@code maxPods}. */
  public static final int MAX_PODS_PER_NODE = 110;

  private Placement() {}

  /**
   * Chooses a node, or returns null when {@code eligible} is empty.
   *
   * @param eligible the nodes that can take the pod, in the cluster's order
   * @param podsOn how many pods a node runs
   * @param ownPodsOn how many pods of the same workload a node runs
   * @param rng used by {@link SchedulerStrategy#RANDOM} only
   */
  public static Node choose(SchedulerStrategy strategy, List<Node> eligible, ToIntFunction<Node> podsOn,
      ToIntFunction<Node> ownPodsOn, UniformRandomProvider rng) {
    if (eligible.isEmpty()) {
      return null;
    }
    return switch (strategy) {
      case RANDOM -> eligible.get(rng.nextInt(eligible.size()));
      case BINPACK -> {
        Node best = eligible.get(0);
        for (Node n : eligible) {
          if (podsOn.applyAsInt(n) > podsOn.applyAsInt(best)) {
            best = n;
          }
        }
        yield best;
      }
      case SPREAD -> {
        Node best = null;
        long bestOwn = Long.MAX_VALUE;
        long bestAll = Long.MAX_VALUE;
        for (Node n : eligible) {
          long own = ownPodsOn.applyAsInt(n);
          long all = podsOn.applyAsInt(n);
          if (own < bestOwn || (own == bestOwn && all < bestAll)
              || (own == bestOwn && all == bestAll && n.name().compareTo(best.name()) < 0)) {
            best = n;
            bestOwn = own;
            bestAll = all;
          }
        }
        yield best;
      }
    };
  }
}
