package dev.svcsim.models.scenario;

import dev.svcsim.models.cluster.Workload;
import dev.svcsim.models.service.Service;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code spec.events}: an action applied at a simulated time.
 *
 * @param atNanos when, relative to the start of warmup
 * @param index the event's position in the file, which orders events at equal times
 */
public record TimelineEvent(long atNanos, int index, Action action) {

  public TimelineEvent {
    if (atNanos < 0) {
      throw new IllegalArgumentException("at must not be negative");
    }
    Objects.requireNonNull(action, "action");
  }

  /** What happens. */
  public sealed interface Action {
    /** The action's name as the scenario writes it, e.g. {@code deletePod}. */
    String word();
  }

  /**
   * A {@code gracePeriodNanos} of {@link DeletePod} and {@link DrainNode} that means "each pod's
   * own {@code terminationGracePeriodSeconds}", as {@code kubectl delete --grace-period=-1} (its
   * default) and {@code kubectl drain --grace-period=-1} do.
   */
  public static final long POD_GRACE_PERIOD = -1;

  /**
   * The pod becomes terminating, serves until the grace period ends, then is removed.
   *
   * @param gracePeriodNanos the grace period, or {@link #POD_GRACE_PERIOD} for the pod's own
   */
  public record DeletePod(String namespace, String name, long gracePeriodNanos) implements Action {
    public DeletePod {
      checkGracePeriod(gracePeriodNanos);
    }

    public String word() {
      return "deletePod";
    }
  }

  /** The pod disappears at once; its in-flight requests fail. */
  public record KillPod(String namespace, String name) implements Action {
    public String word() {
      return "killPod";
    }
  }

  /** A Deployment or StatefulSet gets a new replica count. */
  public record Scale(String workloadRef, int replicas) implements Action {
    public String word() {
      return "scale";
    }
  }

  /** Every pod of a Deployment is replaced, honouring surge and unavailability limits. */
  public record Rollout(String workloadRef, IntOrPercent maxSurge, IntOrPercent maxUnavailable)
      implements Action {
    public String word() {
      return "rollout";
    }
  }

  /** The node stops answering. */
  public record FailNode(String node) implements Action {
    public String word() {
      return "failNode";
    }
  }

  /** The node answers again. */
  public record RecoverNode(String node) implements Action {
    public String word() {
      return "recoverNode";
    }
  }

  /**
   * The node is cordoned and its pods are deleted gracefully.
   *
   * @param gracePeriodNanos the grace period, or {@link #POD_GRACE_PERIOD} for each pod's own
   */
  public record DrainNode(String node, long gracePeriodNanos) implements Action {
    public DrainNode {
      checkGracePeriod(gracePeriodNanos);
    }

    public String word() {
      return "drainNode";
    }
  }

  /**
   * A Service's fields change; {@code after} is the whole Service as it is after the patch
   * (validated, with any new NodePorts allocated).
   *
   * @param set the patched fields and their new values, as written, for reports
   */
  public record PatchService(Service after, Map<String, String> set) implements Action {
    public PatchService {
      set = Map.copyOf(set);
    }

    public String word() {
      return "patch";
    }
  }

  /** A workload's fields change; {@code after} is the whole workload after the patch. */
  public record PatchWorkload(Workload after, Map<String, String> set) implements Action {
    public PatchWorkload {
      set = Map.copyOf(set);
    }

    public String word() {
      return "patch";
    }
  }

  /** A traffic source's rate changes. */
  public record SetRate(String traffic, double ratePerSecond) implements Action {
    public String word() {
      return "setRate";
    }
  }

  private static void checkGracePeriod(long gracePeriodNanos) {
    if (gracePeriodNanos < 0 && gracePeriodNanos != POD_GRACE_PERIOD) {
      throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriodNanos);
    }
  }
}
