package dev.svcsim.scenario.load;

import dev.svcsim.engine.random.Distribution;
import dev.svcsim.engine.units.Durations;
import dev.svcsim.models.cluster.ContainerPort;
import dev.svcsim.models.cluster.Node;
import dev.svcsim.models.cluster.Placement;
import dev.svcsim.models.cluster.PodNames;
import dev.svcsim.models.cluster.Pod;
import dev.svcsim.models.cluster.PodPerformance;
import dev.svcsim.models.cluster.PodTemplate;
import dev.svcsim.models.cluster.Protocol;
import dev.svcsim.models.cluster.Workload;
import dev.svcsim.models.cluster.WorkloadKind;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.net.Ipv4Cidr;
import dev.svcsim.models.scenario.SchedulerStrategy;
import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.load.ManifestSpecs.ContainerPortSpec;
import dev.svcsim.scenario.load.ManifestSpecs.NodeSpec;
import dev.svcsim.scenario.load.ManifestSpecs.OwnerRef;
import dev.svcsim.scenario.load.ManifestSpecs.PodManifest;
import dev.svcsim.scenario.load.ManifestSpecs.PodSpecSpec;
import dev.svcsim.scenario.load.ManifestSpecs.WorkloadSpec;
import dev.svcsim.scenario.load.ScenarioSpec.NodeGroupSpec;
import dev.svcsim.scenario.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Builds the cluster at time zero: nodes with their IPs and pod networks, workloads expanded into
 * pods (adopting the pods of a {@code kubectl get -o yaml} dump that belong to them), pods placed
 * by the scheduler strategy, and pod IPs.
 */
final class ClusterBuilder {

  /** The kubelet's default {@code maxPods}; the scheduler never places more on one node. */
  static final int MAX_PODS_PER_NODE = Placement.MAX_PODS_PER_NODE;

  /** The characters Kubernetes uses in generated names ({@code util/rand}). */
  static final String NAME_ALPHABET = PodNames.ALPHABET;

  /** The pod annotations svcsim reads. */
  static final List<String> ANNOTATIONS =
      List.of(
          "svcsim.dev/service-time",
          "svcsim.dev/concurrency",
          "svcsim.dev/queue-limit",
          "svcsim.dev/ready-after");

  /** Where nodes get addresses when the configured network is too small (the load fails anyway). */
  private static final Ipv4Cidr STAND_IN = Ipv4Cidr.parse("10.0.0.0/8", false);

  private final Problems problems;
  private final Ipv4Cidr podCidr;
  private final Ipv4Cidr nodeCidr;
  private final SchedulerStrategy strategy;
  private final UniformRandomProvider nameRng;
  private final UniformRandomProvider schedulerRng;

  final List<Node> nodes = new ArrayList<>();
  final Map<String, Node> nodesByName = new LinkedHashMap<>();
  final Set<String> unschedulable = new HashSet<>();
  final List<Workload> workloads = new ArrayList<>();
  final Map<String, WorkloadSpec> workloadSpecs = new LinkedHashMap<>();
  final List<Pod> pods = new ArrayList<>();
  final Map<String, Pod> podsByKey = new LinkedHashMap<>();
  private final Map<String, Integer> podsOnNode = new HashMap<>();
  /** Pods per (workload, node), keyed {@code owner@node}, for the spread strategy. */
  private final Map<String, Integer> ownerPodsOnNode = new HashMap<>();
  private final Map<String, Integer> nextPodIp = new HashMap<>();
  private final Set<Ipv4Address> usedIps = new HashSet<>();
  private int creationIndex;

  ClusterBuilder(
      Problems problems,
      Ipv4Cidr podCidr,
      Ipv4Cidr nodeCidr,
      SchedulerStrategy strategy,
      UniformRandomProvider nameRng,
      UniformRandomProvider schedulerRng) {
    this.problems = problems;
    this.podCidr = podCidr;
    this.nodeCidr = nodeCidr;
    this.strategy = strategy;
    this.nameRng = nameRng;
    this.schedulerRng = schedulerRng;
  }

  // ---------------------------------------------------------------- nodes

  /** A node to create, from the Scenario or a Node manifest, with where it was written. */
  private record NodeDraft(
      String name, String zone, Map<String, String> labels, String ip, String podCIDR, Source source, String path) {}

  void buildNodes(Source scenario, List<NodeGroupSpec> groups, List<NodeSpec> manifests) {
    List<NodeDraft> drafts = new ArrayList<>();
    for (NodeGroupSpec g : groups) {
      if (g.name() != null) {
        drafts.add(new NodeDraft(g.name(), g.zone(), g.labels(), null, null, scenario, g.path() + ".name"));
      } else if (g.namePrefix() != null) {
        for (int i = 1; i <= g.count(); i++) {
          drafts.add(new NodeDraft(g.namePrefix() + "-" + i, g.zone(), g.labels(), null, null, scenario, g.path() + ".namePrefix"));
        }
      }
    }
    for (NodeSpec n : manifests) {
      if (n.meta().name().isEmpty()) {
        continue;
      }
      String zone = n.meta().labels().getOrDefault(Node.ZONE_LABEL,
          n.meta().labels().getOrDefault("failure-domain.beta.kubernetes.io/zone", ""));
      drafts.add(new NodeDraft(n.meta().name(), zone, n.meta().labels(), n.internalIP(), n.podCIDR(), n.source(), "metadata.name"));
      if (n.unschedulable()) {
        unschedulable.add(n.meta().name());
      }
    }
    Map<String, NodeDraft> seen = new HashMap<>();
    List<NodeDraft> unique = new ArrayList<>();
    for (NodeDraft d : drafts) {
      String bad = Names.dns1123Subdomain(d.name());
      if (bad != null) {
        d.source().error(problems, d.path(), ServiceValidator.invalid(d.name(), bad));
        continue;
      }
      NodeDraft first = seen.putIfAbsent(d.name(), d);
      if (first != null) {
        d.source().error(problems, d.path(),
            "Duplicate value: node " + YamlScalar.quote(d.name()) + " is already defined at " + first.source().at(first.path()));
        continue;
      }
      unique.add(d);
    }
    if (unique.isEmpty()) {
      scenario.error(problems, "spec.cluster.nodes",
          "Required value: the cluster has no nodes; list them in spec.cluster.nodes or add Node manifests");
      return;
    }
    // When a network is too small, the error is reported and the nodes are still built (from a
    // stand-in network), so that references to them do not fail as well: they exist.
    Ipv4Cidr pods = podCidr;
    long networks = podCidr.prefix() <= 24 ? 1L << (24 - podCidr.prefix()) : 0;
    if (unique.size() > networks) {
      scenario.error(problems, "spec.cluster.podCIDR",
          "podCIDR " + podCidr + " holds " + networks + " node network" + (networks == 1 ? "" : "s")
              + " (/24), but the cluster has " + unique.size()
              + " nodes; use a larger podCIDR such as 10.244.0.0/16");
      pods = STAND_IN;
    }
    Ipv4Cidr nodeNet = nodeCidr;
    for (NodeDraft d : unique) {
      if (d.ip() != null && Ipv4Address.isValid(d.ip())) {
        usedIps.add(Ipv4Address.parse(d.ip()));
      }
    }
    // A Node manifest's own spec.podCIDR (a kubectl dump's) is kept when it is a /24 inside the
    // cluster's podCIDR and no other node has it, so that the dump's pod IPs stay valid; the
    // other nodes take the free /24s in order.
    Map<String, Ipv4Cidr> ownPodCidr = new HashMap<>();
    Set<Ipv4Cidr> taken = new HashSet<>();
    if (pods == podCidr) {
      for (NodeDraft d : unique) {
        Ipv4Cidr own = ownPodCidr(d.podCIDR());
        if (own != null && taken.add(own)) {
          ownPodCidr.put(d.name(), own);
        }
      }
    }
    long nextNetwork = 0;
    long next = 1;
    for (int i = 0; i < unique.size(); i++) {
      NodeDraft d = unique.get(i);
      Ipv4Address ip = null;
      if (d.ip() != null && Ipv4Address.isValid(d.ip())) {
        ip = Ipv4Address.parse(d.ip());
      } else {
        while (next < nodeNet.size() - 1 && usedIps.contains(nodeNet.address(next))) {
          next++;
        }
        if (next >= nodeNet.size() - 1) {
          if (nodeNet == STAND_IN) {
            return;
          }
          scenario.error(problems, "spec.cluster.nodeCIDR",
              "nodeCIDR " + nodeCidr + " has " + Math.max(0, nodeCidr.size() - 2) + " addresses, too few for "
                  + unique.size() + " nodes; use a larger nodeCIDR");
          nodeNet = STAND_IN;
          next = 1;
          i--; // retry this node in the stand-in network
          continue;
        }
        ip = nodeNet.address(next++);
        usedIps.add(ip);
      }
      Map<String, String> labels = new TreeMap<>(d.labels());
      labels.put(Node.HOSTNAME_LABEL, d.name());
      if (!d.zone().isEmpty()) {
        labels.put(Node.ZONE_LABEL, d.zone());
      }
      Ipv4Cidr network = ownPodCidr.get(d.name());
      if (network == null) {
        do {
          network = pods.subnet(24, nextNetwork++);
        } while (taken.contains(network));
      }
      Node node = new Node(d.name(), d.zone(), labels, ip, network);
      nodes.add(node);
      nodesByName.put(node.name(), node);
      podsOnNode.put(node.name(), 0);
      nextPodIp.put(node.name(), 2);
    }
  }

  private Ipv4Cidr ownPodCidr(String text) {
    if (text == null) {
      return null;
    }
    try {
      Ipv4Cidr c = Ipv4Cidr.parse(text, false);
      return c.prefix() == 24 && podCidr.contains(c.base()) && podCidr.prefix() <= 24 ? c : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- pods

  /**
   * Reads a pod template: ports, the svcsim.dev annotations and terminationGracePeriodSeconds.
   * Null when it has errors.
   */
  PodTemplate template(PodSpecSpec spec) {
    Source src = spec.source();
    int before = problems.errorCount();
    List<ContainerPort> ports = new ArrayList<>();
    for (ContainerPortSpec p : spec.ports()) {
      long port = p.containerPort() == null ? 0 : p.containerPort();
      if (port < 1 || port > 65535) {
        src.error(problems, p.path() + ".containerPort", "Invalid value: " + port + ": must be between 1 and 65535, inclusive");
        continue;
      }
      String proto = p.protocol() == null || p.protocol().isEmpty() ? "TCP" : p.protocol();
      Protocol protocol = Protocol.fromValue(proto);
      if (protocol == null) {
        src.error(problems, p.path() + ".protocol", ServiceValidator.notSupported(proto, "SCTP", "TCP", "UDP"));
        continue;
      }
      if (!p.name().isEmpty()) {
        for (String bad : Names.portName(p.name())) {
          src.error(problems, p.path() + ".name", ServiceValidator.invalid(p.name(), bad));
        }
      }
      ports.add(new ContainerPort(p.name(), (int) port, protocol));
    }
    PodPerformance perf = performance(spec);
    if (problems.errorCount() > before) {
      return null;
    }
    return new PodTemplate(spec.labels(), spec.annotations(), perf, spec.nodeName(), spec.nodeSelector(), ports,
        terminationGracePeriodSeconds(spec));
  }

  /**
   * {@code terminationGracePeriodSeconds}: 30 when unset, as the API server defaults it. The API
   * server accepts a negative value with a warning (its validation only requires the field to be
   * set) and a deletion then uses 1 s (the pod registry's {@code CheckGracefulDelete}); so does
   * svcsim, with the API server's warning.
   */
  private long terminationGracePeriodSeconds(PodSpecSpec spec) {
    Long seconds = spec.terminationGracePeriodSeconds();
    if (seconds == null) {
      return PodTemplate.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
    }
    if (seconds < 0) {
      spec.source().warning(problems, spec.pathPrefix() + ".terminationGracePeriodSeconds",
          "must be >= 0; negative values are invalid and will be treated as 1");
      return 1;
    }
    return seconds;
  }

  private PodPerformance performance(PodSpecSpec spec) {
    Source src = spec.source();
    String base = spec.pathPrefix().endsWith("spec")
        ? spec.pathPrefix().substring(0, spec.pathPrefix().length() - 4) + "metadata.annotations"
        : "metadata.annotations";
    Distribution serviceTime = PodPerformance.DEFAULT.serviceTime();
    int concurrency = 1;
    long queueLimit = PodPerformance.UNLIMITED;
    long readyAfter = 0;
    for (Map.Entry<String, String> e : spec.annotations().entrySet()) {
      String key = e.getKey();
      String value = e.getValue().trim();
      String path = base + "[\"" + key + "\"]";
      if (!key.startsWith("svcsim.dev/")) {
        continue;
      }
      try {
        switch (key) {
          case "svcsim.dev/service-time" -> serviceTime = Fields.dist(value);
          case "svcsim.dev/concurrency" -> {
            concurrency = Integer.parseInt(value);
            if (concurrency < 1 || concurrency > 1_000_000) {
              src.error(problems, path, "must be a whole number of workers from 1 to 1000000, not " + YamlScalar.quote(value));
            }
          }
          case "svcsim.dev/queue-limit" -> {
            queueLimit = Long.parseLong(value);
            if (queueLimit < 0) {
              src.error(problems, path, "must be a whole number of queued requests, 0 or more, not " + YamlScalar.quote(value));
            }
          }
          case "svcsim.dev/ready-after" -> readyAfter = Durations.parseNanos(value);
          default -> {
            String hint = Suggestions.closest(key, ANNOTATIONS);
            src.warning(problems, path, "svcsim does not know this annotation; it is ignored"
                + (hint == null ? " (known: " + String.join(", ", ANNOTATIONS) + ")" : " (did you mean " + YamlScalar.quote(hint) + "?)"));
          }
        }
      } catch (NumberFormatException ex) {
        src.error(problems, path, "must be a whole number, not " + YamlScalar.quote(value));
      } catch (IllegalArgumentException ex) {
        src.error(problems, path, ex.getMessage());
      }
    }
    if (concurrency < 1 || queueLimit < 0) {
      return PodPerformance.DEFAULT;
    }
    return new PodPerformance(serviceTime, concurrency, queueLimit, readyAfter);
  }

  /** Adds workloads and bare pods, placing every pod. */
  void buildPods(List<WorkloadSpec> workloadManifests, List<PodManifest> podManifests) {
    Map<String, List<PodManifest>> adoptable = new HashMap<>();
    List<PodManifest> bare = new ArrayList<>();
    Map<String, WorkloadSpec> byRef = new HashMap<>();
    for (WorkloadSpec w : workloadManifests) {
      byRef.put(w.meta().kind() + "/" + w.meta().namespace() + "/" + w.meta().name(), w);
    }
    for (PodManifest p : podManifests) {
      String owner = ownerOf(p, byRef);
      if (owner != null) {
        adoptable.computeIfAbsent(owner, k -> new ArrayList<>()).add(p);
      } else {
        bare.add(p);
      }
    }
    for (WorkloadSpec w : workloadManifests) {
      expand(w, adoptable.getOrDefault(w.meta().kind() + "/" + w.meta().namespace() + "/" + w.meta().name(), List.of()));
    }
    for (PodManifest p : bare) {
      if (p.meta().name().isEmpty()) {
        continue;
      }
      PodTemplate t = template(p.pod());
      if (t == null) {
        continue;
      }
      place(p.meta().namespace(), p.meta().name(), t, "", "", p.pod().podIP(), p.source(), p.pod().pathPrefix());
    }
  }

  private static String ownerOf(PodManifest p, Map<String, WorkloadSpec> workloads) {
    for (OwnerRef o : p.meta().owners()) {
      String ns = p.meta().namespace();
      if (o.kind().equals("ReplicaSet")) {
        int dash = o.name().lastIndexOf('-');
        if (dash > 0 && workloads.containsKey("Deployment/" + ns + "/" + o.name().substring(0, dash))) {
          return "Deployment/" + ns + "/" + o.name().substring(0, dash);
        }
      } else if ((o.kind().equals("StatefulSet") || o.kind().equals("DaemonSet"))
          && workloads.containsKey(o.kind() + "/" + ns + "/" + o.name())) {
        return o.kind() + "/" + ns + "/" + o.name();
      }
    }
    return null;
  }

  private void expand(WorkloadSpec w, List<PodManifest> adopted) {
    if (w.meta().name().isEmpty() || w.template() == null) {
      return;
    }
    Source src = w.source();
    String bad = Names.dns1123Subdomain(w.meta().name());
    if (bad != null) {
      src.error(problems, "metadata.name", ServiceValidator.invalid(w.meta().name(), bad));
      return;
    }
    WorkloadKind kind = switch (w.meta().kind()) {
      case "Deployment" -> WorkloadKind.DEPLOYMENT;
      case "StatefulSet" -> WorkloadKind.STATEFULSET;
      default -> WorkloadKind.DAEMONSET;
    };
    Map<String, String> selector = w.matchLabels();
    if (selector.isEmpty()) {
      src.error(problems, "spec.selector", "Required value: a " + kind.kind() + " needs spec.selector.matchLabels");
      return;
    }
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(w.template().labels().get(e.getKey()))) {
        src.error(problems, "spec.template.metadata.labels",
            "Invalid value: " + w.template().labels() + ": `selector` does not match template `labels`");
        return;
      }
    }
    PodTemplate template = template(w.template());
    if (template == null) {
      return;
    }
    int replicas = kind == WorkloadKind.DAEMONSET ? 0 : (w.replicas() == null ? 1 : w.replicas().intValue());
    Workload workload = new Workload(kind, w.meta().namespace(), w.meta().name(), replicas, selector, template);
    if (workloadSpecs.putIfAbsent(workload.ref(), w) != null) {
      src.error(problems, "metadata.name", "Duplicate value: " + workload.ref() + " is defined twice");
      return;
    }
    workloads.add(workload);
    String owner = workload.ref();
    List<PodManifest> keep = new ArrayList<>(adopted);
    if (kind == WorkloadKind.DAEMONSET) {
      Set<String> covered = new HashSet<>();
      for (PodManifest p : keep) {
        String node = p.pod().nodeName();
        if (nodesByName.containsKey(node) && covered.add(node)) {
          place(p.meta().namespace(), p.meta().name(), template, node, owner, p.pod().podIP(), src, "spec.template.spec");
        }
      }
      for (Node n : nodes) {
        if (!covered.contains(n.name()) && n.matches(template.nodeSelector())) {
          place(workload.namespace(), generatedName(workload.name()), template, n.name(), owner, null, src, "spec.template.spec");
        }
      }
      return;
    }
    int count = 0;
    for (PodManifest p : keep) {
      if (count == replicas) {
        p.source().warning(problems, "metadata.name", "pod " + p.meta().namespace() + "/" + p.meta().name()
            + " belongs to " + owner + ", which already has its " + replicas + " replicas; this pod is ignored");
        continue;
      }
      String node = nodesByName.containsKey(p.pod().nodeName()) ? p.pod().nodeName() : "";
      if (place(p.meta().namespace(), p.meta().name(), template, node, owner, p.pod().podIP(), src, "spec.template.spec")) {
        count++;
      }
    }
    String hash = kind == WorkloadKind.DEPLOYMENT ? templateHash(template) : "";
    for (int ordinal = 0; count < replicas; ordinal++) {
      String name = switch (kind) {
        case STATEFULSET -> workload.name() + "-" + ordinal;
        default -> generatedName(workload.name() + "-" + hash);
      };
      if (podsByKey.containsKey(workload.namespace() + "/" + name)) {
        continue;
      }
      if (!place(workload.namespace(), name, template, "", owner, null, src, "spec.template.spec")) {
        break;
      }
      count++;
    }
  }

  String generatedName(String base) {
    return PodNames.generated(base, nameRng);
  }

  static String templateHash(PodTemplate t) {
    return PodNames.templateHash(t);
  }

  /** Places and records one pod; false (with an error) when no node can take it. */
  boolean place(
      String namespace, String name, PodTemplate t, String fixedNode, String owner, String podIP,
      Source src, String specPath) {
    String key = namespace + "/" + name;
    if (podsByKey.containsKey(key)) {
      src.error(problems, "metadata.name", "Duplicate value: pod " + key + " is defined twice");
      return false;
    }
    String node = fixedNode.isEmpty() ? t.nodeName() : fixedNode;
    if (!node.isEmpty() && !nodesByName.containsKey(node)) {
      src.error(problems, specPath + ".nodeName", "node " + YamlScalar.quote(node) + " not found; the cluster's nodes are "
          + String.join(", ", nodesByName.keySet()));
      return false;
    }
    if (node.isEmpty()) {
      node = schedule(t, owner);
      if (node == null) {
        src.error(problems, specPath + ".nodeSelector", "0/" + nodes.size() + " nodes are available for pod " + key + ": "
            + (t.nodeSelector().isEmpty() ? "every schedulable node holds " + MAX_PODS_PER_NODE + " pods"
                : "no schedulable node matches nodeSelector " + t.nodeSelector()));
        return false;
      }
    }
    Node n = nodesByName.get(node);
    Ipv4Address ip = null;
    if (podIP != null && Ipv4Address.isValid(podIP)) {
      Ipv4Address given = Ipv4Address.parse(podIP);
      if (n.podCidr().contains(given) && !usedIps.contains(given)) {
        ip = given;
      }
    }
    if (ip == null) {
      int next = nextPodIp.get(node);
      while (next < 255 && usedIps.contains(n.podCidr().address(next))) {
        next++;
      }
      if (next >= 255) {
        src.error(problems, specPath, "node " + node + " has no pod IP left in " + n.podCidr());
        return false;
      }
      ip = n.podCidr().address(next);
      nextPodIp.put(node, next + 1);
    }
    usedIps.add(ip);
    Pod pod = new Pod(namespace, name, t.labels(), node, ip, t.ports(), t.performance(), owner, creationIndex++,
        t.terminationGracePeriodSeconds());
    pods.add(pod);
    podsByKey.put(key, pod);
    podsOnNode.merge(node, 1, Integer::sum);
    if (!owner.isEmpty()) {
      ownerPodsOnNode.merge(owner + "@" + node, 1, Integer::sum);
    }
    return true;
  }

  private String schedule(PodTemplate t, String owner) {
    List<Node> eligible = new ArrayList<>();
    for (Node n : nodes) {
      if (!unschedulable.contains(n.name()) && n.matches(t.nodeSelector())
          && podsOnNode.get(n.name()) < MAX_PODS_PER_NODE) {
        eligible.add(n);
      }
    }
    Node chosen = Placement.choose(strategy, eligible, n -> podsOnNode.get(n.name()),
        n -> owner.isEmpty() ? 0 : ownerPodsOnNode.getOrDefault(owner + "@" + n.name(), 0), schedulerRng);
    return chosen == null ? null : chosen.name();
  }
}
