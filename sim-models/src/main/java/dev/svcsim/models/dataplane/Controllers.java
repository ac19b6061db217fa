package dev.svcsim.models.dataplane;

import dev.svcsim.models.cluster.Node;
import dev.svcsim.models.cluster.Placement;
import dev.svcsim.models.cluster.Pod;
import dev.svcsim.models.cluster.PodNames;
import dev.svcsim.models.cluster.PodTemplate;
import dev.svcsim.models.cluster.Workload;
import dev.svcsim.models.cluster.WorkloadKind;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.scenario.IntOrPercent;
import dev.svcsim.models.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The workload controllers: Deployments (through their ReplicaSets, with rolling updates bounded
 * by maxSurge and maxUnavailable), StatefulSets (stable names; a replacement waits until the old
 * pod is gone) and DaemonSets (one pod per matching node). They react at once to pods becoming
 * Ready, terminating or deleted, to scale and rollout events and to workload patches.
 *
 * <p>A pod a controller deletes (scale-down, rollout) gets its own {@code
 * terminationGracePeriodSeconds}, the one of the template it was created from.
 *
 * <p>Simplifications: StatefulSets create and delete pods in parallel (podManagementPolicy
 * Parallel) and a template patch of a StatefulSet or DaemonSet applies to pods created later
 * (OnDelete); pods that cannot be scheduled are not created (Kubernetes would keep them
 * Pending) and are retried whenever a node changes.
 */
final class Controllers {

  private final DataPlaneRun run;
  private final Scenario scenario;
  private final UniformRandomProvider names;
  private final UniformRandomProvider scheduler;
  private final Map<String, WorkloadState> byRef = new LinkedHashMap<>();
  private final Map<PodState, WorkloadState> ownerOf = new HashMap<>();
  private boolean reconciling;
  private final List<WorkloadState> dirty = new ArrayList<>();

  private static final class WorkloadState {
    Workload workload;
    String hash;
    int revision;
    IntOrPercent maxSurge = new IntOrPercent(25, true);
    IntOrPercent maxUnavailable = new IntOrPercent(25, true);
    final List<PodState> pods = new ArrayList<>();
    final Map<PodState, String> hashOf = new HashMap<>();
    boolean unschedulableWarned;

    WorkloadState(Workload w) {
      this.workload = w;
      this.hash = PodNames.templateHash(w.template());
    }
  }

  Controllers(DataPlaneRun run, Scenario scenario) {
    this.run = run;
    this.scenario = scenario;
    this.names = run.streams.stream("controllers/names");
    this.scheduler = run.streams.stream("controllers/scheduler");
    for (Workload w : scenario.workloads()) {
      byRef.put(w.ref(), new WorkloadState(w));
    }
  }

  /** Links the scenario's initial pods to their workloads. */
  void adoptInitialPods() {
    for (PodState p : run.allPods()) {
      WorkloadState ws = byRef.get(p.pod.owner());
      if (ws != null) {
        ws.pods.add(p);
        ws.hashOf.put(p, ws.hash);
        ownerOf.put(p, ws);
      }
    }
  }

  boolean isDaemonSetPod(PodState p) {
    WorkloadState ws = ownerOf.get(p);
    return ws != null && ws.workload.kind() == WorkloadKind.DAEMONSET;
  }

  /** A running pod of the workload, uniformly at random, or null. */
  PodState randomRunningPod(String ref, UniformRandomProvider rng) {
    WorkloadState ws = byRef.get(ref);
    if (ws == null) {
      return null;
    }
    List<PodState> running = new ArrayList<>();
    for (PodState p : ws.pods) {
      if (!p.gone && !p.deleted) {
        running.add(p);
      }
    }
    return running.isEmpty() ? null : running.get(running.size() == 1 ? 0 : rng.nextInt(running.size()));
  }

  void podReady(PodState p) {
    touch(ownerOf.get(p));
  }

  void podTerminating(PodState p) {
    touch(ownerOf.get(p));
  }

  void podDeleted(PodState p) {
    WorkloadState ws = ownerOf.get(p);
    if (ws != null) {
      ws.pods.remove(p);
      touch(ws);
    }
  }

  void nodeChanged() {
    for (WorkloadState ws : byRef.values()) {
      touch(ws);
    }
  }

  void scale(String ref, int replicas) {
    WorkloadState ws = byRef.get(ref);
    ws.workload = new Workload(ws.workload.kind(), ws.workload.namespace(), ws.workload.name(), replicas,
        ws.workload.selector(), ws.workload.template());
    touch(ws);
  }

  void rollout(String ref, IntOrPercent maxSurge, IntOrPercent maxUnavailable) {
    WorkloadState ws = byRef.get(ref);
    ws.revision++;
    ws.maxSurge = maxSurge;
    ws.maxUnavailable = maxUnavailable;
    Map<String, String> annotations = new HashMap<>(ws.workload.template().annotations());
    annotations.put("kubectl.kubernetes.io/restartedAt", "svcsim-" + ws.revision);
    PodTemplate t = ws.workload.template();
    PodTemplate restarted = new PodTemplate(t.labels(), annotations, t.performance(), t.nodeName(), t.nodeSelector(), t.ports(),
        t.terminationGracePeriodSeconds());
    ws.workload = new Workload(ws.workload.kind(), ws.workload.namespace(), ws.workload.name(), ws.workload.replicas(),
        ws.workload.selector(), restarted);
    ws.hash = PodNames.templateHash(restarted);
    touch(ws);
  }

  void patch(Workload after) {
    WorkloadState ws = byRef.get(after.ref());
    boolean templateChanged = !after.template().equals(ws.workload.template());
    ws.workload = after;
    if (templateChanged && after.kind() == WorkloadKind.DEPLOYMENT) {
      ws.maxSurge = new IntOrPercent(25, true);
      ws.maxUnavailable = new IntOrPercent(25, true);
      ws.hash = PodNames.templateHash(after.template());
    }
    touch(ws);
  }

  private void touch(WorkloadState ws) {
    if (ws == null || run.draining) {
      return;
    }
    if (!dirty.contains(ws)) {
      dirty.add(ws);
    }
    if (reconciling) {
      return;
    }
    reconciling = true;
    try {
      for (int guard = 0; !dirty.isEmpty() && guard < 100_000; guard++) {
        reconcile(dirty.remove(0));
      }
    } finally {
      reconciling = false;
    }
  }

  private void reconcile(WorkloadState ws) {
    switch (ws.workload.kind()) {
      case DEPLOYMENT -> reconcileDeployment(ws);
      case STATEFULSET -> reconcileStatefulSet(ws);
      case DAEMONSET -> reconcileDaemonSet(ws);
    }
  }

  private void reconcileDeployment(WorkloadState ws) {
    int replicas = ws.workload.replicas();
    List<PodState> fresh = new ArrayList<>();
    List<PodState> old = new ArrayList<>();
    for (PodState p : ws.pods) {
      if (!p.deleted && !p.terminating) {
        (ws.hash.equals(ws.hashOf.get(p)) ? fresh : old).add(p);
      }
    }
    if (old.isEmpty()) {
      for (int i = fresh.size(); i < replicas; i++) {
        if (create(ws, null) == null) {
          break;
        }
      }
      if (fresh.size() > replicas) {
        fresh.sort(Comparator.comparingInt((PodState p) -> p.pod.creationIndex()).reversed());
        for (int i = 0; i < fresh.size() - replicas; i++) {
          run.deletePodGracefully(fresh.get(i));
        }
      }
      return;
    }
    int surge = ws.maxSurge.of(replicas, true);
    int unavailable = ws.maxUnavailable.of(replicas, false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    int total = fresh.size() + old.size();
    int toCreate = Math.min(replicas + surge - total, replicas - fresh.size());
    for (int i = 0; i < toCreate; i++) {
      PodState p = create(ws, null);
      if (p == null) {
        break;
      }
      fresh.add(p);
      total++;
    }
    int freshUnavailable = 0;
    for (PodState p : fresh) {
      if (!p.ready) {
        freshUnavailable++;
      }
    }
    int maxScaledDown = total - (replicas - unavailable) - freshUnavailable;
    if (fresh.size() >= replicas && freshUnavailable == 0) {
      maxScaledDown = old.size();
    }
    old.sort(Comparator.comparing((PodState p) -> p.ready).thenComparing(
        Comparator.comparingInt((PodState p) -> p.pod.creationIndex()).reversed()));
    for (int i = 0; i < Math.min(maxScaledDown, old.size()); i++) {
      run.deletePodGracefully(old.get(i));
    }
  }

  private void reconcileStatefulSet(WorkloadState ws) {
    int replicas = ws.workload.replicas();
    Map<String, PodState> byName = new HashMap<>();
    for (PodState p : ws.pods) {
      if (!p.deleted) {
        byName.put(p.pod.name(), p);
      }
    }
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      String name = ws.workload.name() + "-" + ordinal;
      if (!byName.containsKey(name) && run.livePod(ws.workload.namespace() + "/" + name) == null) {
        create(ws, name);
      }
    }
    List<PodState> extra = new ArrayList<>();
    for (PodState p : ws.pods) {
      if (!p.deleted && !p.terminating && ordinal(ws, p) >= replicas) {
        extra.add(p);
      }
    }
    extra.sort(Comparator.comparingInt((PodState p) -> ordinal(ws, p)).reversed());
    for (PodState p : extra) {
      run.deletePodGracefully(p);
    }
  }

  private static int ordinal(WorkloadState ws, PodState p) {
    String n = p.pod.name();
    String prefix = ws.workload.name() + "-";
    if (!n.startsWith(prefix)) {
      return Integer.MAX_VALUE;
    }
    try {
      return Integer.parseInt(n.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private void reconcileDaemonSet(WorkloadState ws) {
    PodTemplate t = ws.workload.template();
    for (NodeState n : run.nodes) {
      if (n.markedNotReady || !n.node.matches(t.nodeSelector())) {
        continue;
      }
      boolean has = false;
      for (PodState p : ws.pods) {
        has |= !p.deleted && p.node == n;
      }
      if (!has) {
        start(ws, PodNames.generated(ws.workload.name(), names), n);
      }
    }
  }

  /** Creates one pod of a Deployment (name null: generated) or StatefulSet; null if unschedulable. */
  private PodState create(WorkloadState ws, String name) {
    PodTemplate t = ws.workload.template();
    NodeState node = place(ws, t);
    if (node == null) {
      if (!ws.unschedulableWarned) {
        ws.unschedulableWarned = true;
        run.warnings.add(run.at() + ws.workload.ref() + ": a new pod fits on no node (cordoned, not ready,"
            + " full or not matching nodeSelector); it stays Pending and is not simulated");
      }
      return null;
    }
    String podName = name != null ? name : PodNames.generated(ws.workload.name() + "-" + ws.hash, names);
    return start(ws, podName, node);
  }

  private PodState start(WorkloadState ws, String name, NodeState node) {
    Ipv4Address ip = run.allocatePodIp(node);
    if (ip == null) {
      run.warnings.add(run.at() + ws.workload.ref() + ": node " + node.name() + " has no pod IP left");
      return null;
    }
    Workload w = ws.workload;
    PodTemplate t = w.template();
    Pod pod = new Pod(w.namespace(), name, t.labels(), node.name(), ip, t.ports(), t.performance(), w.ref(),
        run.allPods().size(), t.terminationGracePeriodSeconds());
    PodState ps = run.startPod(pod);
    ws.pods.add(ps);
    ws.hashOf.put(ps, ws.hash);
    ownerOf.put(ps, ws);
    return ps;
  }

  private NodeState place(WorkloadState ws, PodTemplate t) {
    if (!t.nodeName().isEmpty()) {
      return run.node(t.nodeName());
    }
    List<Node> eligible = new ArrayList<>();
    for (NodeState n : run.nodes) {
      if (!n.cordoned && !n.markedNotReady && n.node.matches(t.nodeSelector())
          && n.podCount < Placement.MAX_PODS_PER_NODE) {
        eligible.add(n.node);
      }
    }
    // the scheduler's topology spread skips pods being deleted (kube-scheduler podtopologyspread:
    // "Bypass terminating Pod", kubernetes #87621); they still count as load on their node
    Map<String, Integer> own = new HashMap<>();
    for (PodState p : ws.pods) {
      if (!p.deleted && !p.terminating) {
        own.merge(p.node.name(), 1, Integer::sum);
      }
    }
    Node chosen = Placement.choose(scenario.scheduler(), eligible, n -> run.node(n.name()).podCount,
        n -> own.getOrDefault(n.name(), 0), scheduler);
    return chosen == null ? null : run.node(chosen.name());
  }
}
