package dev.svcsim.scenario.load;

import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.load.ManifestSpecs.AddressSpec;
import dev.svcsim.scenario.load.ManifestSpecs.ContainerPortSpec;
import dev.svcsim.scenario.load.ManifestSpecs.EndpointGroupSpec;
import dev.svcsim.scenario.load.ManifestSpecs.EndpointPortSpec;
import dev.svcsim.scenario.load.ManifestSpecs.EndpointsSpec;
import dev.svcsim.scenario.load.ManifestSpecs.Meta;
import dev.svcsim.scenario.load.ManifestSpecs.NodeSpec;
import dev.svcsim.scenario.load.ManifestSpecs.OwnerRef;
import dev.svcsim.scenario.load.ManifestSpecs.PodManifest;
import dev.svcsim.scenario.load.ManifestSpecs.PodSpecSpec;
import dev.svcsim.scenario.load.ManifestSpecs.ServicePortSpec;
import dev.svcsim.scenario.load.ManifestSpecs.ServiceSpec;
import dev.svcsim.scenario.load.ManifestSpecs.WorkloadSpec;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlNode;
import dev.svcsim.scenario.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds Kubernetes manifests to {@link ManifestSpecs} records. Lenient, as kubectl is: fields
 * svcsim does not model ({@code status}, {@code managedFields}, probes, resources...) are ignored,
 * but a field svcsim does read must have the right type.
 */
final class ManifestBinder {

  /** What one stream of manifests holds, in file order. */
  static final class Manifests {
    final List<ServiceSpec> services = new ArrayList<>();
    final List<PodManifest> pods = new ArrayList<>();
    final List<WorkloadSpec> workloads = new ArrayList<>();
    final List<NodeSpec> nodes = new ArrayList<>();
    final List<EndpointsSpec> endpoints = new ArrayList<>();
  }

  /** The kinds svcsim reads, by apiVersion. */
  static final Map<String, String> KINDS =
      Map.of(
          "Service", "v1",
          "Pod", "v1",
          "Node", "v1",
          "Endpoints", "v1",
          "List", "v1",
          "Deployment", "apps/v1",
          "StatefulSet", "apps/v1",
          "DaemonSet", "apps/v1",
          "EndpointSlice", "discovery.k8s.io/v1");

  private final Problems problems;
  private final Map<YamlMap, Fields.Reads> tracked;

  ManifestBinder(Problems problems) {
    this(problems, Map.of());
  }

  /**
   * A binder that records which fields it reads of the manifests in {@code tracked} (keyed by
   * identity, as an {@link java.util.IdentityHashMap}), so that {@code --set} can tell a field
   * svcsim reads from one it ignores.
   */
  ManifestBinder(Problems problems, Map<YamlMap, Fields.Reads> tracked) {
    this.problems = problems;
    this.tracked = tracked;
  }

  /** Binds one manifest document (or the items of a List) into {@code out}. */
  void bind(YamlMap root, String path, Manifests out) {
    Fields.Reads reads = tracked.isEmpty() ? null : tracked.get(root);
    Fields f = new Fields(root, path, problems, false, reads);
    String kind = f.string("kind");
    String apiVersion = f.string("apiVersion");
    if (kind == null) {
      problems.error(root.location(), f.pathOf("kind"), "Required value: every manifest needs apiVersion and kind");
      return;
    }
    String expected = KINDS.get(kind);
    if (expected == null && kind.equals("ReplicaSet") && root.get("metadata") instanceof YamlMap m
        && m.has("ownerReferences")) {
      return; // a Deployment's ReplicaSet in a kubectl dump: the Deployment stands for it
    }
    if (expected == null) {
      String hint = Suggestions.closest(kind, KINDS.keySet());
      if (hint != null) {
        f.error("kind", "unknown kind " + YamlScalar.quote(kind) + " (did you mean " + YamlScalar.quote(hint) + "?)");
      } else {
        f.warning(
            "kind",
            "svcsim does not model kind " + YamlScalar.quote(kind) + "; this document is ignored");
      }
      return;
    }
    if (apiVersion == null) {
      problems.error(root.location(), f.pathOf("apiVersion"), "Required value: " + kind + " is apiVersion " + expected);
    } else if (!apiVersion.equals(expected)
        && !(kind.equals("EndpointSlice") && apiVersion.equals("discovery.k8s.io/v1beta1"))) {
      f.error("apiVersion", kind + " must be apiVersion " + YamlScalar.quote(expected) + ", not " + YamlScalar.quote(apiVersion));
      return;
    }
    Source src = new Source(root);
    switch (kind) {
      case "List" -> {
        for (Fields.Item item : f.list("items")) {
          if (item.node() instanceof YamlMap m) {
            bind(m, "", out); // each item's paths are its own, as the API server reports them
          } else {
            problems.error(item.node().location(), item.path(), "must be a mapping, not " + item.node().describe());
          }
        }
      }
      case "Service" -> out.services.add(service(f, src));
      case "Pod" -> {
        Meta meta = meta(f, kind, true);
        Fields spec = f.object("spec");
        out.pods.add(new PodManifest(src, meta, podSpec(spec, src, "", meta, f)));
      }
      case "Deployment", "StatefulSet", "DaemonSet" -> out.workloads.add(workload(f, src, kind));
      case "Node" -> out.nodes.add(node(f, src));
      case "Endpoints" -> out.endpoints.add(endpoints(f, src));
      case "EndpointSlice" -> out.endpoints.add(endpointSlice(f, src));
      default -> throw new IllegalStateException(kind);
    }
    if (reads != null) {
      reads.complete = true;
    }
  }

  private Meta meta(Fields f, String kind, boolean namespaced) {
    Fields m = f.object("metadata");
    if (m == null) {
      problems.error(f.map().location(), f.pathOf("metadata"), "Required value: every manifest needs metadata.name");
      return new Meta(kind, "default", "", Map.of(), Map.of(), List.of());
    }
    String name = m.string("name");
    if (name == null || name.isEmpty()) {
      problems.error(
          m.has("name") ? m.locationOf("name") : m.map().location(),
          m.pathOf("name"),
          "Required value: name or generateName is required");
      name = "";
    }
    String ns = namespaced ? m.string("namespace", "default") : "";
    if (namespaced && ns.isEmpty()) {
      ns = "default";
    }
    List<OwnerRef> owners = new ArrayList<>();
    for (Fields o : m.objects("ownerReferences")) {
      String k = o.string("kind");
      String n = o.string("name");
      if (k != null && n != null) {
        owners.add(new OwnerRef(k, n));
      }
    }
    return new Meta(kind, ns, name, m.stringMap("labels"), m.stringMap("annotations"), owners);
  }

  private ServiceSpec service(Fields f, Source src) {
    Meta meta = meta(f, "Service", true);
    Fields spec = f.object("spec");
    if (spec == null) {
      spec = new Fields(new YamlMap(f.map().location(), List.of()), f.pathOf("spec"), problems, false, f.reads());
    }
    List<ServicePortSpec> ports = new ArrayList<>();
    for (Fields p : spec.objects("ports")) {
      Object target = null;
      YamlNode t = p.node("targetPort");
      if (t instanceof YamlScalar s && s.type() == YamlScalar.Type.INTEGER) {
        target = p.integer("targetPort", Integer.MIN_VALUE, Integer.MAX_VALUE);
      } else if (t != null) {
        target = p.string("targetPort");
      }
      Long port = p.integer("port", Integer.MIN_VALUE, Integer.MAX_VALUE);
      ports.add(
          new ServicePortSpec(
              p.string("name"),
              p.string("protocol"),
              port,
              target,
              p.integer("nodePort", Integer.MIN_VALUE, Integer.MAX_VALUE),
              port == null && p.has("port")));
    }
    Map<String, String> selector = spec.has("selector") ? spec.stringMap("selector") : null;
    Long timeout = null;
    Fields affinity = spec.object("sessionAffinityConfig");
    if (affinity != null) {
      Fields clientIP = affinity.object("clientIP");
      if (clientIP != null) {
        timeout = clientIP.integer("timeoutSeconds", Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
    }
    List<String> ingress = new ArrayList<>();
    Fields status = f.object("status");
    if (status != null) {
      Fields lb = status.object("loadBalancer");
      if (lb != null) {
        for (Fields ing : lb.objects("ingress")) {
          String ip = ing.string("ip");
          String mode = ing.string("ipMode");
          if (ip != null && (mode == null || mode.equals("VIP"))) {
            ingress.add(ip);
          }
        }
      }
    }
    return new ServiceSpec(
        src,
        meta,
        spec.string("type"),
        spec.string("clusterIP"),
        spec.strings("clusterIPs"),
        ports,
        selector,
        spec.string("sessionAffinity"),
        timeout,
        affinity != null,
        spec.string("externalTrafficPolicy"),
        spec.string("internalTrafficPolicy"),
        spec.integer("healthCheckNodePort", Integer.MIN_VALUE, Integer.MAX_VALUE),
        spec.strings("externalIPs"),
        spec.strings("loadBalancerSourceRanges"),
        spec.bool("allocateLoadBalancerNodePorts"),
        spec.string("externalName"),
        spec.bool("publishNotReadyAddresses", false),
        spec.string("trafficDistribution"),
        spec.string("loadBalancerIP"),
        ingress);
  }

  private PodSpecSpec podSpec(Fields spec, Source src, String prefix, Meta meta, Fields owner) {
    String specPath = prefix + "spec";
    if (spec == null) {
      problems.error(owner.map().location(), owner.pathOf("spec"), "Required value: a pod needs spec.containers");
      return new PodSpecSpec(src, specPath, meta.labels(), meta.annotations(), "", Map.of(), List.of(), null, null);
    }
    List<ContainerPortSpec> ports = new ArrayList<>();
    containerPorts(spec, "containers", ports);
    containerPorts(spec, "initContainers", ports);
    String podIP = null;
    Fields status = owner.object("status");
    if (status != null) {
      podIP = status.string("podIP");
    }
    return new PodSpecSpec(
        src,
        spec.path(),
        meta.labels(),
        meta.annotations(),
        spec.string("nodeName", ""),
        spec.stringMap("nodeSelector"),
        ports,
        podIP,
        spec.integer("terminationGracePeriodSeconds", Long.MIN_VALUE, Long.MAX_VALUE));
  }

  private static void containerPorts(Fields spec, String key, List<ContainerPortSpec> out) {
    for (Fields c : spec.objects(key)) {
      if (key.equals("initContainers") && !"Always".equals(c.string("restartPolicy"))) {
        continue; // only sidecar init containers keep serving
      }
      for (Fields p : c.objects("ports")) {
        out.add(
            new ContainerPortSpec(
                p.string("name", ""),
                p.integer("containerPort", Integer.MIN_VALUE, Integer.MAX_VALUE),
                p.string("protocol"),
                p.path()));
      }
    }
  }

  private WorkloadSpec workload(Fields f, Source src, String kind) {
    Meta meta = meta(f, kind, true);
    Fields spec = f.object("spec");
    if (spec == null) {
      problems.error(f.map().location(), f.pathOf("spec"), "Required value: a " + kind + " needs spec.template");
      return new WorkloadSpec(src, meta, null, Map.of(), null);
    }
    Long replicas = kind.equals("DaemonSet") ? null : spec.integer("replicas", 0, 100_000);
    Map<String, String> matchLabels = new LinkedHashMap<>();
    Fields selector = spec.object("selector");
    if (selector != null) {
      matchLabels = selector.stringMap("matchLabels");
      if (!selector.list("matchExpressions").isEmpty()) {
        selector.warning(
            "matchExpressions", "svcsim reads only matchLabels; matchExpressions are ignored");
      }
    }
    Fields template = spec.object("template");
    PodSpecSpec pod = null;
    if (template == null) {
      problems.error(spec.map().location(), spec.pathOf("template"), "Required value");
    } else {
      Fields tm = template.object("metadata");
      Map<String, String> labels = tm == null ? Map.of() : tm.stringMap("labels");
      Map<String, String> annotations = tm == null ? Map.of() : tm.stringMap("annotations");
      Meta templateMeta = new Meta("PodTemplate", meta.namespace(), meta.name(), labels, annotations, List.of());
      pod = podSpec(template.object("spec"), src, template.path() + ".", templateMeta, template);
    }
    return new WorkloadSpec(src, meta, replicas, matchLabels, pod);
  }

  private NodeSpec node(Fields f, Source src) {
    Meta meta = meta(f, "Node", false);
    Fields spec = f.object("spec");
    String podCIDR = null;
    boolean unschedulable = false;
    if (spec != null) {
      podCIDR = spec.string("podCIDR");
      unschedulable = spec.bool("unschedulable", false);
    }
    String internalIP = null;
    Fields status = f.object("status");
    if (status != null) {
      for (Fields a : status.objects("addresses")) {
        if ("InternalIP".equals(a.string("type")) && internalIP == null) {
          internalIP = a.string("address");
        }
      }
    }
    return new NodeSpec(src, meta, internalIP, podCIDR, unschedulable);
  }

  private EndpointsSpec endpoints(Fields f, Source src) {
    Meta meta = meta(f, "Endpoints", true);
    List<EndpointGroupSpec> groups = new ArrayList<>();
    for (Fields subset : f.objects("subsets")) {
      List<AddressSpec> addresses = new ArrayList<>();
      for (Fields a : subset.objects("addresses")) {
        addresses.add(new AddressSpec(a.string("ip"), a.string("nodeName", ""), "", true, true, false, a.path()));
      }
      for (Fields a : subset.objects("notReadyAddresses")) {
        addresses.add(new AddressSpec(a.string("ip"), a.string("nodeName", ""), "", false, false, false, a.path()));
      }
      groups.add(new EndpointGroupSpec(addresses, endpointPorts(subset)));
    }
    return new EndpointsSpec(src, meta, meta.name(), false, "IPv4", groups);
  }

  private EndpointsSpec endpointSlice(Fields f, Source src) {
    Meta meta = meta(f, "EndpointSlice", true);
    String service = meta.labels().get("kubernetes.io/service-name");
    boolean managed =
        "endpointslice-controller.k8s.io".equals(meta.labels().get("endpointslice.kubernetes.io/managed-by"));
    List<AddressSpec> addresses = new ArrayList<>();
    for (Fields e : f.objects("endpoints")) {
      List<String> ips = e.strings("addresses");
      Fields c = e.object("conditions");
      Boolean ready = c == null ? null : c.bool("ready");
      Boolean serving = c == null ? null : c.bool("serving");
      Boolean terminating = c == null ? null : c.bool("terminating");
      addresses.add(
          new AddressSpec(
              ips.isEmpty() ? null : ips.get(0),
              e.string("nodeName", ""),
              e.string("zone", ""),
              ready,
              serving,
              terminating,
              e.path()));
    }
    List<EndpointGroupSpec> groups = List.of(new EndpointGroupSpec(addresses, endpointPorts(f)));
    return new EndpointsSpec(src, meta, service, managed, f.string("addressType", "IPv4"), groups);
  }

  private static List<EndpointPortSpec> endpointPorts(Fields f) {
    List<EndpointPortSpec> ports = new ArrayList<>();
    for (Fields p : f.objects("ports")) {
      ports.add(
          new EndpointPortSpec(
              p.string("name", ""),
              p.integer("port", Integer.MIN_VALUE, Integer.MAX_VALUE),
              p.string("protocol"),
              p.path()));
    }
    return ports;
  }
}
