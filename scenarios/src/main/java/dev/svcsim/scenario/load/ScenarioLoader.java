package dev.svcsim.scenario.load;

import dev.svcsim.engine.random.RandomStreams;
import dev.svcsim.models.cluster.Pod;
import dev.svcsim.models.cluster.PodTemplate;
import dev.svcsim.models.cluster.Workload;
import dev.svcsim.models.cluster.WorkloadKind;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.net.Ipv4Cidr;
import dev.svcsim.models.net.PortRange;
import dev.svcsim.models.scenario.Arrival;
import dev.svcsim.models.scenario.ClusterConfig;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.models.scenario.IntOrPercent;
import dev.svcsim.models.scenario.IpvsScheduler;
import dev.svcsim.models.scenario.KubeProxyConfig;
import dev.svcsim.models.scenario.LoadBalancerConfig;
import dev.svcsim.models.scenario.LoadBalancerProvider;
import dev.svcsim.models.scenario.NetworkConfig;
import dev.svcsim.models.scenario.Origin;
import dev.svcsim.models.scenario.ProxyMode;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.scenario.SchedulerStrategy;
import dev.svcsim.models.scenario.TimelineEvent;
import dev.svcsim.models.scenario.TrafficSource;
import dev.svcsim.models.service.EndpointAddress;
import dev.svcsim.models.service.EndpointPort;
import dev.svcsim.models.service.ManualEndpoints;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.ServicePort;
import dev.svcsim.models.service.ServiceType;
import dev.svcsim.models.cluster.Protocol;
import dev.svcsim.scenario.Problems;
import dev.svcsim.scenario.load.ManifestBinder.Manifests;
import dev.svcsim.scenario.load.ManifestSpecs.AddressSpec;
import dev.svcsim.scenario.load.ManifestSpecs.EndpointGroupSpec;
import dev.svcsim.scenario.load.ManifestSpecs.EndpointPortSpec;
import dev.svcsim.scenario.load.ManifestSpecs.EndpointsSpec;
import dev.svcsim.scenario.load.ManifestSpecs.ServiceSpec;
import dev.svcsim.scenario.load.ManifestSpecs.WorkloadSpec;
import dev.svcsim.scenario.load.ScenarioSpec.EventSpec;
import dev.svcsim.scenario.load.ScenarioSpec.ExpectationSpec;
import dev.svcsim.scenario.load.ScenarioSpec.TrafficSpec;
import dev.svcsim.scenario.yaml.Location;
import dev.svcsim.scenario.yaml.YamlDocument;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlNode;
import dev.svcsim.scenario.yaml.YamlPath;
import dev.svcsim.scenario.yaml.YamlReader;
import dev.svcsim.scenario.yaml.YamlScalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads a scenario file (and the manifest files it names) into a validated {@link Scenario}, or
 * the complete list of problems. Nothing here throws on bad input.
 */
public final class ScenarioLoader {

  /** The scenario's own apiVersion. */
  public static final String API_VERSION = "svcsim.dev/v1";

  /** Service fields a patch event may change (svcsim honours these). */
  static final Set<String> SERVICE_PATCHABLE =
      Set.of(
          "type", "clusterIP", "ports", "selector", "sessionAffinity", "sessionAffinityConfig",
          "externalTrafficPolicy", "internalTrafficPolicy", "healthCheckNodePort", "externalIPs",
          "loadBalancerSourceRanges", "allocateLoadBalancerNodePorts", "externalName",
          "publishNotReadyAddresses", "trafficDistribution", "loadBalancerIP");

  /** Workload template fields a patch event may change. */
  static final Set<String> TEMPLATE_PATCHABLE =
      Set.of("nodeName", "nodeSelector", "containers", "initContainers", "terminationGracePeriodSeconds");

  private final YamlReader reader = new YamlReader();

  /** Loads the scenario at {@code file}; the path is shown in messages as given. */
  public LoadResult load(Path file) {
    return load(file, List.of());
  }

  /**
   * Loads the scenario at {@code file} with {@code --set} overrides applied to its documents
   * before they are bound, in order (of two overrides of one field, the later wins). An
   * override whose path names nothing is an error of the result, located at the override.
   */
  public LoadResult load(Path file, List<SetOverride> overrides) {
    Problems problems = new Problems();
    String display = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      problems.error(Location.of(display), "", "cannot read the file: " + describe(e));
      return new LoadResult(display, null, problems.sorted());
    }
    Path dir = file.toAbsolutePath().getParent();
    return load(display, bytes, dir, overrides, problems);
  }

  /**
   * Loads a scenario from bytes; {@code baseDir} resolves {@code spec.manifests} (null: manifests
   * files are not allowed).
   */
  public LoadResult load(String display, byte[] bytes, Path baseDir) {
    return load(display, bytes, baseDir, List.of());
  }

  /** Loads a scenario from bytes with {@code --set} overrides, as {@link #load(Path, List)}. */
  public LoadResult load(String display, byte[] bytes, Path baseDir, List<SetOverride> overrides) {
    return load(display, bytes, baseDir, overrides, new Problems());
  }

  private LoadResult load(
      String display, byte[] bytes, Path baseDir, List<SetOverride> overrides, Problems problems) {
    Scenario scenario = null;
    try {
      scenario = new Run(problems, baseDir, overrides).load(display, bytes);
    } catch (StackOverflowError e) {
      problems.error(Location.of(display), "", "the input nests too deeply to load");
    }
    if (problems.hasErrors()) {
      scenario = null;
    }
    return new LoadResult(display, scenario, problems.sorted());
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** One load: all state of the loading of one scenario. */
  private final class Run {
    private final Problems problems;
    private final Path baseDir;
    private final Overrides overrides;
    private final Manifests manifests = new Manifests();
    /** The manifest documents in file order: the scenario file's, then spec.manifests files'. */
    private final List<YamlMap> manifestDocs = new ArrayList<>();
    /**
     * Whether some YAML or a manifests file could not be read: then a manifest a --set names may
     * be missing for that reason, and the --set is not also reported as naming nothing.
     */
    private boolean unreadable;
    private String display = "";

    Run(Problems problems, Path baseDir, List<SetOverride> overrides) {
      this.problems = problems;
      this.baseDir = baseDir;
      this.overrides = new Overrides(overrides, problems);
    }

    private List<YamlDocument> read(String name, byte[] bytes) {
      int before = problems.errorCount();
      List<YamlDocument> docs = reader.read(name, bytes, problems);
      unreadable |= problems.errorCount() > before;
      return docs;
    }

    Scenario load(String display, byte[] bytes) {
      this.display = display;
      List<YamlDocument> docs = read(display, bytes);
      YamlMap scenarioDoc = null;
      for (YamlDocument d : docs) {
        if (!(d.root() instanceof YamlMap m)) {
          problems.error(d.root().location(), "", "a document must be a mapping (a Kubernetes manifest or the Scenario), not " + d.root().describe());
          continue;
        }
        String kind = m.get("kind") instanceof YamlScalar k ? k.text() : "";
        if (kind.equals("Scenario")) {
          if (scenarioDoc != null) {
            problems.error(m.get("kind").location(), "kind", "a file holds one Scenario document; another one starts at line " + scenarioDoc.location().line());
          } else {
            scenarioDoc = m;
          }
        } else if (kind.equals("Sweep")) {
          problems.error(m.location(), "kind", "this is a Sweep document; run it with `svcsim sweep " + display + "`");
        } else {
          manifestDocs.add(m);
        }
      }
      if (scenarioDoc == null) {
        bindManifests(); // their problems are worth reporting too, but there is nothing to --set
        if (!problems.hasErrors()) {
          problems.error(Location.of(display), "", "no `kind: Scenario` document in this file; add one (see docs/scenario-format.md)");
        }
        return null;
      }
      String apiVersion = scenarioDoc.get("apiVersion") instanceof YamlScalar a ? a.text() : null;
      if (apiVersion == null) {
        problems.error(scenarioDoc.location(), "apiVersion", "Required value: the Scenario is apiVersion " + API_VERSION);
      } else if (!apiVersion.equals(API_VERSION)) {
        problems.error(scenarioDoc.get("apiVersion").location(), "apiVersion",
            "Unsupported value: " + YamlScalar.quote(apiVersion) + ": supported values: \"" + API_VERSION + "\"");
      }
      scenarioDoc = overrides.applyToScenario(scenarioDoc);
      ScenarioSpec spec = new ScenarioBinder(problems).bind(scenarioDoc);
      int before = problems.errorCount();
      loadManifestFiles(spec); // reports only files it could not find or read; binding comes later
      unreadable |= problems.errorCount() > before;
      List<YamlMap> changed = overrides.applyToManifests(manifestDocs, scenarioDoc, !unreadable);
      manifestDocs.clear();
      manifestDocs.addAll(changed);
      bindManifests();
      overrides.checkReads(manifestDocs);
      return build(spec);
    }

    /** Binds every manifest document, recording the reads of those that --set changed. */
    private void bindManifests() {
      ManifestBinder binder = new ManifestBinder(problems, overrides.tracked());
      for (YamlMap m : manifestDocs) {
        binder.bind(m, "", manifests);
      }
    }

    private void loadManifestFiles(ScenarioSpec spec) {
      for (Fields.Item item : spec.manifests()) {
        if (!(item.node() instanceof YamlScalar s) || s.isNull()) {
          problems.error(item.node().location(), item.path(), "must be a file or folder path, not " + item.node().describe());
          continue;
        }
        if (baseDir == null) {
          problems.error(s.location(), item.path(), "manifest files cannot be read here (the scenario did not come from a file)");
          continue;
        }
        Path p;
        try {
          p = baseDir.resolve(s.text());
        } catch (java.nio.file.InvalidPathException e) {
          problems.error(s.location(), item.path(), "not a valid path: " + YamlScalar.quote(s.text()));
          continue;
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(p)) {
          try (Stream<Path> list = Files.list(p)) {
            list.filter(f -> {
                  String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                  return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(f);
                })
                .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                .forEach(files::add);
          } catch (IOException e) {
            problems.error(s.location(), item.path(), "cannot list folder " + YamlScalar.quote(s.text()) + ": " + describe(e));
            continue;
          }
          if (files.isEmpty()) {
            problems.warning(s.location(), item.path(), "folder " + YamlScalar.quote(s.text()) + " holds no *.yaml or *.yml files");
          }
        } else if (Files.isRegularFile(p)) {
          files.add(p);
        } else {
          problems.error(s.location(), item.path(), "no such file or folder: " + YamlScalar.quote(s.text()) + " (paths are relative to the scenario file)");
          continue;
        }
        for (Path f : files) {
          String name = displayName(s.text(), p, f);
          byte[] bytes;
          try {
            bytes = Files.readAllBytes(f);
          } catch (IOException e) {
            problems.error(s.location(), item.path(), "cannot read " + name + ": " + describe(e));
            continue;
          }
          for (YamlDocument d : read(name, bytes)) {
            if (!(d.root() instanceof YamlMap m)) {
              problems.error(d.root().location(), "", "a manifest must be a mapping, not " + d.root().describe());
            } else if (m.get("kind") instanceof YamlScalar k && k.text().equals("Scenario")) {
              problems.error(m.location(), "kind", "a manifests file cannot hold a Scenario; the Scenario is the file you run");
            } else {
              manifestDocs.add(m);
            }
          }
        }
      }
    }

    /**
     * A manifest file as problems name it: as the scenario names it, but beside the scenario as
     * the user named that ({@code examples/manifests/web.yaml} for {@code svcsim validate
     * examples/s.yaml}), so that the name opens from where the user ran svcsim.
     */
    private String displayName(String given, Path resolved, Path file) {
      String name = given;
      if (!file.equals(resolved)) {
        name = (given.endsWith("/") ? given : given + "/") + file.getFileName();
      }
      if (name.startsWith("/")) {
        return name;
      }
      int slash = display.lastIndexOf('/');
      return slash < 0 ? name : display.substring(0, slash + 1) + name;
    }

    // ------------------------------------------------------------------ build

    private Scenario build(ScenarioSpec spec) {
      Source src = spec.source();
      ScenarioSpec.ClusterSpec c = spec.cluster();
      Ipv4Cidr serviceCidr = cidr(src, "spec.cluster.serviceCIDR", c.serviceCIDR(), "10.96.0.0/12");
      Ipv4Cidr podCidr = cidr(src, "spec.cluster.podCIDR", c.podCIDR(), "10.244.0.0/16");
      Ipv4Cidr nodeCidr = cidr(src, "spec.cluster.nodeCIDR", c.nodeCIDR(), "192.168.0.0/16");
      checkOverlap(src, "spec.cluster.podCIDR", podCidr, "serviceCIDR", serviceCidr);
      checkOverlap(src, "spec.cluster.nodeCIDR", nodeCidr, "serviceCIDR", serviceCidr);
      checkOverlap(src, "spec.cluster.nodeCIDR", nodeCidr, "podCIDR", podCidr);
      PortRange range = new PortRange(30000, 32767);
      try {
        range = PortRange.parse(c.nodePortRange());
      } catch (IllegalArgumentException e) {
        src.error(problems, "spec.cluster.nodePortRange", e.getMessage());
      }
      RandomStreams streams = new RandomStreams(spec.seed(), 0);
      SchedulerStrategy strategy = SchedulerStrategy.valueOf(spec.scheduler().toUpperCase(Locale.ROOT));
      ClusterBuilder cluster = new ClusterBuilder(problems, podCidr, nodeCidr, strategy,
          streams.stream("load/pod-names"), streams.stream("load/scheduler"));
      cluster.buildNodes(src, c.nodes(), manifests.nodes);

      ServiceValidator services = new ServiceValidator(problems, serviceCidr, range, streams.stream("load/allocation"));
      Map<String, Service> serviceMap = new LinkedHashMap<>();
      Map<String, ServiceSpec> serviceSpecs = new HashMap<>();
      for (ServiceSpec s : manifests.services) {
        if (s.meta().name().isEmpty()) {
          continue;
        }
        String key = s.meta().namespace() + "/" + s.meta().name();
        ServiceSpec first = serviceSpecs.putIfAbsent(key, s);
        if (first != null) {
          s.source().error(problems, "metadata.name",
              "Duplicate value: Service " + key + " is already defined at " + first.source().root().location());
          continue;
        }
        Service svc = services.create(s);
        if (svc != null) {
          serviceMap.put(key, svc);
        }
      }
      if (!cluster.nodes.isEmpty()) {
        cluster.buildPods(manifests.workloads, manifests.pods);
      }
      List<ManualEndpoints> manual = manualEndpoints(serviceMap, cluster);
      checkEndpointsOfServices(serviceMap, cluster, manual, serviceSpecs);

      // 0 (no end) when the duration is missing or bad: "after the end of the run" would be false
      long end = spec.durationNanos() == null ? 0 : spec.warmupNanos() + spec.durationNanos();
      List<TrafficSource> traffic = traffic(spec, serviceMap, serviceSpecs.keySet(), cluster, end);
      warnUnusedPorts(serviceMap, serviceSpecs, traffic);
      List<TimelineEvent> events = events(spec, serviceMap, serviceSpecs, services, cluster, end);
      List<Expectation> expectations = expectations(spec, serviceMap);

      if (problems.hasErrors() || spec.durationNanos() == null || spec.name() == null) {
        return null;
      }
      ScenarioSpec.LoadBalancerSpec lb = spec.loadBalancer();
      ClusterConfig clusterConfig = new ClusterConfig(
          serviceCidr, podCidr, nodeCidr, range,
          new KubeProxyConfig(
              ProxyMode.valueOf(c.mode().toUpperCase(Locale.ROOT)),
              IpvsScheduler.valueOf(c.ipvsScheduler().toUpperCase(Locale.ROOT)),
              c.masqueradeAll(), c.syncDelayNanos(), c.terminatingEndpointFallback()),
          c.nodeMonitorGracePeriodNanos(),
          new NetworkConfig(c.latency().get("sameNode"), c.latency().get("sameZone"),
              c.latency().get("crossZone"), c.latency().get("external"), c.userspaceProxyOverhead()));
      return new Scenario(
          spec.name(), spec.description(), spec.seed(), spec.durationNanos(), spec.warmupNanos(),
          clusterConfig,
          new LoadBalancerConfig(
              LoadBalancerProvider.valueOf(lb.provider().toUpperCase(Locale.ROOT).replace('-', '_')),
              lb.intervalNanos(), lb.unhealthyThreshold(), lb.healthyThreshold()),
          strategy, cluster.nodes, cluster.workloads, cluster.pods, List.copyOf(serviceMap.values()),
          manual, traffic, events, expectations);
    }

    private Ipv4Cidr cidr(Source src, String path, String text, String fallback) {
      try {
        Ipv4Cidr c = Ipv4Cidr.parse(text, false);
        if (c.prefix() > 30) {
          src.error(problems, path, "Invalid value: " + YamlScalar.quote(text) + ": too small; use a prefix of /30 or shorter");
          return Ipv4Cidr.parse(fallback, false);
        }
        return c;
      } catch (IllegalArgumentException e) {
        src.error(problems, path, ServiceValidator.invalid(text, e.getMessage()));
        return Ipv4Cidr.parse(fallback, false);
      }
    }

    private void checkOverlap(Source src, String path, Ipv4Cidr a, String otherName, Ipv4Cidr b) {
      if (a.overlaps(b)) {
        src.error(problems, path, a + " overlaps " + otherName + " " + b + "; the node, pod and service networks must be disjoint");
      }
    }

    // -------------------------------------------------------------- endpoints

    private List<ManualEndpoints> manualEndpoints(Map<String, Service> services, ClusterBuilder cluster) {
      List<ManualEndpoints> out = new ArrayList<>();
      for (EndpointsSpec e : manifests.endpoints) {
        if (e.managedByController() || e.meta().name().isEmpty()) {
          continue; // the EndpointSlice controller's own slices: svcsim computes those from pods
        }
        Source src = e.source();
        String serviceName = e.serviceName();
        if (serviceName == null || serviceName.isEmpty()) {
          src.warning(problems, "metadata.labels", "this EndpointSlice has no label kubernetes.io/service-name, so it belongs to no Service; it is ignored");
          continue;
        }
        String key = e.meta().namespace() + "/" + serviceName;
        Service svc = services.get(key);
        if (svc == null) {
          src.warning(problems, "metadata.name", "there is no Service " + key + " for these endpoints; they are ignored");
          continue;
        }
        if (svc.selector() != null) {
          continue; // the controller manages a selector Service's endpoints; svcsim derives them from pods
        }
        if (!e.addressType().equals("IPv4")) {
          src.warning(problems, "addressType", "svcsim models IPv4 only; this " + e.addressType() + " slice is ignored");
          continue;
        }
        List<ManualEndpoints.Group> groups = new ArrayList<>();
        for (EndpointGroupSpec g : e.groups()) {
          List<EndpointAddress> addresses = new ArrayList<>();
          for (AddressSpec a : g.addresses()) {
            if (a.ip() == null) {
              src.error(problems, a.path() + (e.meta().kind().equals("EndpointSlice") ? ".addresses" : ".ip"), "Required value");
              continue;
            }
            Ipv4Address ip;
            try {
              ip = Ipv4Address.parse(a.ip());
            } catch (IllegalArgumentException ex) {
              src.error(problems, a.path() + (e.meta().kind().equals("EndpointSlice") ? ".addresses[0]" : ".ip"), ServiceValidator.invalid(a.ip(), ex.getMessage()));
              continue;
            }
            String node = a.nodeName();
            String zone = a.zone();
            if (!node.isEmpty() && !cluster.nodesByName.containsKey(node)) {
              src.warning(problems, a.path() + ".nodeName", "node " + YamlScalar.quote(node) + " is not in the cluster; the endpoint is treated as having no node");
              node = "";
            }
            if (!node.isEmpty() && zone.isEmpty()) {
              zone = cluster.nodesByName.get(node).zone();
            }
            boolean ready = a.ready() == null || a.ready();
            boolean serving = a.serving() == null ? ready : a.serving();
            boolean terminating = a.terminating() != null && a.terminating();
            addresses.add(new EndpointAddress(ip, node, zone, ready, serving, terminating));
          }
          List<EndpointPort> ports = new ArrayList<>();
          for (EndpointPortSpec p : g.ports()) {
            long port = p.port() == null ? 0 : p.port();
            if (port < 1 || port > 65535) {
              src.error(problems, p.path() + ".port", "Invalid value: " + port + ": must be between 1 and 65535, inclusive");
              continue;
            }
            String proto = p.protocol() == null ? "TCP" : p.protocol();
            Protocol protocol = Protocol.fromValue(proto);
            if (protocol == null) {
              src.error(problems, p.path() + ".protocol", ServiceValidator.notSupported(proto, "SCTP", "TCP", "UDP"));
              continue;
            }
            boolean servesAPort = false;
            for (dev.svcsim.models.service.ServicePort sp : svc.ports()) {
              servesAPort |= sp.name().equals(p.name()) && sp.protocol() == protocol;
            }
            if (!servesAPort) {
              List<String> names = new ArrayList<>();
              for (dev.svcsim.models.service.ServicePort sp : svc.ports()) {
                names.add((sp.name().isEmpty() ? "(unnamed)" : sp.name()) + "/" + sp.protocol());
              }
              src.warning(problems, p.path() + ".name", "no port of Service " + key + " is "
                  + (p.name().isEmpty() ? "unnamed" : "named " + YamlScalar.quote(p.name())) + " with protocol " + protocol
                  + " (its ports: " + String.join(", ", names) + "); endpoint ports are matched to Service ports by name"
                  + " and protocol, so these addresses serve no port of the Service");
            }
            ports.add(new EndpointPort(p.name(), (int) port, protocol));
          }
          groups.add(new ManualEndpoints.Group(addresses, ports));
        }
        out.add(new ManualEndpoints(e.meta().namespace(), serviceName,
            e.meta().kind() + " " + e.meta().namespace() + "/" + e.meta().name(), groups));
      }
      return out;
    }

    private void checkEndpointsOfServices(
        Map<String, Service> services, ClusterBuilder cluster, List<ManualEndpoints> manual,
        Map<String, ServiceSpec> specs) {
      Set<String> withManual = new HashSet<>();
      for (ManualEndpoints m : manual) {
        withManual.add(m.serviceKey());
      }
      for (Service s : services.values()) {
        Source src = specs.get(s.key()).source();
        if (s.type() == ServiceType.EXTERNAL_NAME) {
          continue;
        }
        if (s.selector() == null) {
          if (!withManual.contains(s.key()) && !s.key().equals("default/kubernetes")) {
            src.warning(problems, "spec", "Service " + s.key() + " has no selector and no Endpoints or EndpointSlice: it has no endpoints, so its connections fail");
          }
          continue;
        }
        List<Pod> matching = new ArrayList<>();
        for (Pod p : cluster.pods) {
          if (p.namespace().equals(s.namespace()) && !s.selector().isEmpty() && p.matches(s.selector())) {
            matching.add(p);
          }
        }
        if (matching.isEmpty()) {
          if (problems.hasErrors()) {
            continue; // the pods may be missing because of those errors; don't blame the selector
          }
          src.warning(problems, "spec.selector", "selector " + s.selector() + " matches no pod in namespace " + s.namespace() + ": the Service has no endpoints");
          continue;
        }
        for (int i = 0; i < s.ports().size(); i++) {
          ServicePort port = s.ports().get(i);
          if (!port.targetPort().isNamed()) {
            continue;
          }
          List<String> missing = new ArrayList<>();
          for (Pod p : matching) {
            if (port.targetPort().resolve(p.ports(), port.protocol()).isEmpty()) {
              missing.add(p.name());
            }
          }
          if (!missing.isEmpty()) {
            src.warning(problems, "spec.ports[" + i + "].targetPort",
                "no container port named " + YamlScalar.quote(port.targetPort().name()) + " (" + port.protocol()
                    + ") on " + missing.size() + " of " + matching.size() + " pods (" + abbreviate(missing)
                    + "): they are left out of this port's endpoints");
          }
        }
      }
    }

    private String abbreviate(List<String> names) {
      return names.size() <= 3 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + ", ...";
    }

    // ---------------------------------------------------------------- traffic

    private List<TrafficSource> traffic(
        ScenarioSpec spec, Map<String, Service> services, Set<String> defined, ClusterBuilder cluster, long end) {
      Source src = spec.source();
      List<TrafficSource> out = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (TrafficSpec t : spec.traffic()) {
        String p = t.path();
        int before = problems.errorCount();
        if (t.name() != null && !names.add(t.name())) {
          src.error(problems, p + ".name", "Duplicate value: " + YamlScalar.quote(t.name()) + ": traffic names must be unique");
        }
        Origin origin = null;
        if (t.from() != null) {
          origin = origin(src, p + ".from", t, cluster);
        }
        Service svc = null;
        String portName = null;
        if (t.to() != null) {
          String to = t.to();
          int colon = to.lastIndexOf(':');
          String[] parts = (colon < 0 ? to : to.substring(0, colon)).split("/", -1);
          if (!to.startsWith("service/") || colon < 0 || parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            src.error(problems, p + ".to", ServiceValidator.invalid(to, "must be service/<namespace>/<name>:<port name or number>, e.g. service/default/web:80"));
          } else {
            String key = parts[1] + "/" + parts[2];
            svc = services.get(key);
            portName = to.substring(colon + 1);
            if (svc == null && defined.contains(key)) {
              // the Service is written but invalid: its own errors say why; "not found" would be false
            } else if (svc == null) {
              String hint = Suggestions.closest(key, services.keySet());
              src.error(problems, p + ".to", "Service " + key + " not found"
                  + (hint != null ? " (did you mean " + hint + "?)" : services.isEmpty() ? "; the scenario defines no Services" : "; Services: " + String.join(", ", services.keySet())));
            } else if (svc.type() != ServiceType.EXTERNAL_NAME && svc.port(portName).isEmpty()) {
              List<String> known = svc.ports().stream().map(sp -> sp.name().isEmpty() ? Integer.toString(sp.port()) : sp.name() + " (" + sp.port() + ")").toList();
              src.error(problems, p + ".to", "Service " + key + " has no port " + YamlScalar.quote(portName) + "; its ports: " + String.join(", ", known));
              svc = null;
            }
          }
        }
        EntryPath via = null;
        if (svc != null && origin != null) {
          via = via(src, p, t, svc, origin, cluster);
        }
        Ipv4Cidr clientCidr = null;
        try {
          clientCidr = Ipv4Cidr.parse(t.clientCIDR(), true);
        } catch (IllegalArgumentException e) {
          src.error(problems, p + ".clientCIDR", ServiceValidator.invalid(t.clientCIDR(), e.getMessage()));
        }
        if (clientCidr != null && origin instanceof Origin.External && t.clients() > clientCidr.size()) {
          src.warning(problems, p + ".clients", t.clients() + " clients but clientCIDR " + clientCidr + " holds only "
              + clientCidr.size() + " addresses: clients share IPs (as behind NAT), which ClientIP affinity and"
              + " source-hashing schedulers see as one client; widen clientCIDR to avoid this");
        }
        if (t.startNanos() >= end && end > 0) {
          src.warning(problems, p + ".start", "starts at or after the end of the run; it sends nothing");
        }
        long stop = t.stopNanos() == null ? end : Math.min(t.stopNanos(), end);
        if (problems.errorCount() > before || origin == null || svc == null || via == null || t.rate() == null || t.name() == null) {
          continue;
        }
        if (origin instanceof Origin.External e) {
          origin = new Origin.External(e.clients(), clientCidr);
        }
        out.add(new TrafficSource(t.name(), origin, svc.namespace(), svc.name(),
            svc.type() == ServiceType.EXTERNAL_NAME ? portName : svc.port(portName).map(sp -> sp.name().isEmpty() ? Integer.toString(sp.port()) : sp.name()).orElse(portName),
            via, t.nodes(), t.rate(), Arrival.valueOf(t.arrival().toUpperCase(Locale.ROOT)),
            t.requestsPerConnection(), t.thinkTime(), Math.min(t.startNanos(), Math.max(stop, 0)), Math.max(stop, Math.min(t.startNanos(), stop))));
      }
      return out;
    }

    private Origin origin(Source src, String path, TrafficSpec t, ClusterBuilder cluster) {
      String from = t.from();
      if (from.equals("external")) {
        return new Origin.External(t.clients(), Ipv4Cidr.parse("0.0.0.0/0", false));
      }
      String[] parts = from.split("/", -1);
      String kind = parts[0];
      if (kind.equals("node") && parts.length == 2) {
        if (!cluster.nodesByName.containsKey(parts[1])) {
          src.error(problems, path, "node " + YamlScalar.quote(parts[1]) + " not found; nodes: " + abbreviate(List.copyOf(cluster.nodesByName.keySet())));
          return null;
        }
        return new Origin.FromNode(parts[1]);
      }
      if (parts.length == 3 && (kind.equals("pod") || kind.equals("deployment") || kind.equals("statefulset") || kind.equals("daemonset"))) {
        String key = parts[1] + "/" + parts[2];
        if (kind.equals("pod")) {
          if (!cluster.podsByKey.containsKey(key)) {
            src.error(problems, path, "pod " + key + " not found" + podHint(key, cluster));
            return null;
          }
          return new Origin.FromPod(parts[1], parts[2]);
        }
        if (!cluster.workloadSpecs.containsKey(from)) {
          src.error(problems, path, kind + " " + key + " not found");
          return null;
        }
        WorkloadKind wk = WorkloadKind.valueOf(kind.toUpperCase(Locale.ROOT));
        return new Origin.FromWorkload(wk, parts[1], parts[2]);
      }
      src.error(problems, path, ServiceValidator.invalid(from, "must be external, pod/<namespace>/<name>, deployment/<namespace>/<name> (or statefulset/, daemonset/) or node/<name>"));
      return null;
    }

    private String podHint(String key, ClusterBuilder cluster) {
      String hint = Suggestions.closest(key, cluster.podsByKey.keySet());
      return hint == null ? " (run `svcsim validate --list FILE` to see the pods' names)" : " (did you mean " + hint + "?)";
    }

    private EntryPath via(Source src, String p, TrafficSpec t, Service svc, Origin origin, ClusterBuilder cluster) {
      boolean outside = origin instanceof Origin.External;
      EntryPath via;
      if (t.via() == null) {
        if (svc.type() == ServiceType.EXTERNAL_NAME || svc.headless()) {
          via = EntryPath.DNS;
        } else if (outside && svc.type() == ServiceType.LOAD_BALANCER) {
          via = EntryPath.LOAD_BALANCER;
        } else if (outside && svc.type() == ServiceType.NODE_PORT) {
          via = EntryPath.NODE_PORT;
        } else if (outside && !svc.externalIPs().isEmpty()) {
          via = EntryPath.EXTERNAL_IP;
        } else if (outside) {
          src.error(problems, p + ".from", "Service " + svc.key() + " is type ClusterIP without externalIPs: clients outside the cluster cannot reach it (use a NodePort or LoadBalancer Service, or externalIPs)");
          return null;
        } else {
          via = EntryPath.CLUSTER_IP;
        }
      } else {
        via = switch (t.via()) {
          case "loadBalancer" -> EntryPath.LOAD_BALANCER;
          case "nodePort" -> EntryPath.NODE_PORT;
          case "clusterIP" -> EntryPath.CLUSTER_IP;
          case "externalIP" -> EntryPath.EXTERNAL_IP;
          default -> EntryPath.DNS;
        };
      }
      ServicePort port = svc.port(t.to().substring(t.to().lastIndexOf(':') + 1)).orElse(null);
      String why = switch (via) {
        case LOAD_BALANCER -> svc.type() != ServiceType.LOAD_BALANCER ? "Service " + svc.key() + " is type " + svc.type().value() + ", not LoadBalancer" : null;
        case NODE_PORT -> port == null || port.nodePort() == 0
            ? "Service " + svc.key() + " has no NodePort on that port (type " + svc.type().value()
                + (svc.type() == ServiceType.LOAD_BALANCER ? ", allocateLoadBalancerNodePorts false" : "") + ")"
            : null;
        case CLUSTER_IP -> svc.clusterIP() == null ? "Service " + svc.key() + " has no ClusterIP (" + (svc.headless() ? "headless; use via: dns" : "ExternalName; use via: dns") + ")"
            : outside ? "a ClusterIP is reachable only from inside the cluster" : null;
        case EXTERNAL_IP -> svc.externalIPs().isEmpty() ? "Service " + svc.key() + " has no externalIPs" : null;
        case DNS -> outside
            ? "cluster DNS names (" + svc.name() + "." + svc.namespace() + ".svc) resolve only inside the cluster; clients outside reach a Service through via: loadBalancer, nodePort or externalIP"
            : null;
      };
      if (why != null) {
        src.error(problems, p + (t.via() == null ? ".to" : ".via"), ServiceValidator.invalid(via.word(), why));
        return null;
      }
      if (!t.nodes().isEmpty()) {
        if (via != EntryPath.NODE_PORT) {
          src.error(problems, p + ".nodes", "nodes lists the nodes clients dial, so it only goes with via: nodePort");
        }
        for (int i = 0; i < t.nodes().size(); i++) {
          if (!cluster.nodesByName.containsKey(t.nodes().get(i))) {
            src.error(problems, p + ".nodes[" + i + "]", "node " + YamlScalar.quote(t.nodes().get(i)) + " not found");
          }
        }
      }
      return via;
    }

    private void warnUnusedPorts(Map<String, Service> services, Map<String, ServiceSpec> specs, List<TrafficSource> traffic) {
      Map<String, Set<String>> used = new HashMap<>();
      for (TrafficSource t : traffic) {
        used.computeIfAbsent(t.serviceKey(), k -> new HashSet<>()).add(t.servicePort());
      }
      if (traffic.isEmpty()) {
        return;
      }
      for (Service s : services.values()) {
        if (s.key().equals("default/kubernetes") || s.type() == ServiceType.EXTERNAL_NAME) {
          continue;
        }
        Set<String> u = used.getOrDefault(s.key(), Set.of());
        List<String> unused = new ArrayList<>();
        for (ServicePort port : s.ports()) {
          if (!u.contains(port.label())) {
            unused.add(port.label());
          }
        }
        if (!unused.isEmpty()) {
          specs.get(s.key()).source().warning(problems, "spec.ports",
              (unused.size() == s.ports().size() ? "no traffic source uses Service " + s.key()
                  : "no traffic source uses port" + (unused.size() > 1 ? "s " : " ") + String.join(", ", unused) + " of Service " + s.key()));
        }
      }
    }

    // ----------------------------------------------------------------- events

    private List<TimelineEvent> events(
        ScenarioSpec spec, Map<String, Service> services, Map<String, ServiceSpec> serviceSpecs,
        ServiceValidator validator, ClusterBuilder cluster, long end) {
      Source src = spec.source();
      List<EventSpec> ordered = new ArrayList<>(spec.events());
      ordered.sort(Comparator.comparing((EventSpec e) -> e.atNanos() == null ? 0 : e.atNanos()).thenComparing(EventSpec::index));
      Map<String, ServiceSpec> currentService = new HashMap<>(serviceSpecs);
      Map<String, Service> currentModel = new HashMap<>(services);
      Map<String, YamlMap> currentWorkload = new HashMap<>();
      Set<String> trafficNames = new LinkedHashSet<>();
      for (TrafficSpec t : spec.traffic()) {
        if (t.name() != null) {
          trafficNames.add(t.name());
        }
      }
      List<TimelineEvent> out = new ArrayList<>();
      for (EventSpec e : ordered) {
        String p = e.path();
        if (e.atNanos() != null && end > 0 && e.atNanos() > end) {
          src.warning(problems, p + ".at", "after the end of the run (" + dev.svcsim.engine.units.Durations.format(end) + "); it never happens");
        }
        if (e.action() == null || e.target() == null || e.atNanos() == null) {
          continue;
        }
        String target = e.target();
        String[] parts = target.split("/", -1);
        TimelineEvent.Action action = null;
        String tp = p + ".target";
        switch (e.action()) {
          case "deletePod", "killPod" -> {
            if (parts.length != 3 || !parts[0].equals("pod")) {
              src.error(problems, tp, ServiceValidator.invalid(target, "must be pod/<namespace>/<name>"));
            } else if (!cluster.podsByKey.containsKey(parts[1] + "/" + parts[2])) {
              src.error(problems, tp, "pod " + parts[1] + "/" + parts[2] + " not found" + podHint(parts[1] + "/" + parts[2], cluster));
            } else {
              action = e.action().equals("deletePod")
                  ? new TimelineEvent.DeletePod(parts[1], parts[2], gracePeriod(e))
                  : new TimelineEvent.KillPod(parts[1], parts[2]);
            }
          }
          case "scale", "rollout" -> {
            boolean rollout = e.action().equals("rollout");
            boolean kindOk = parts.length == 3 && (parts[0].equals("deployment") || (!rollout && parts[0].equals("statefulset")));
            if (!kindOk) {
              src.error(problems, tp, ServiceValidator.invalid(target, rollout ? "must be deployment/<namespace>/<name>" : "must be deployment/<namespace>/<name> or statefulset/<namespace>/<name>"));
            } else if (!cluster.workloadSpecs.containsKey(target)) {
              src.error(problems, tp, parts[0] + " " + parts[1] + "/" + parts[2] + " not found");
            } else if (rollout) {
              action = new TimelineEvent.Rollout(target, percent(e.maxSurge()), percent(e.maxUnavailable()));
              if (action instanceof TimelineEvent.Rollout r && r.maxSurge().value() == 0 && r.maxUnavailable().value() == 0) {
                src.error(problems, p + ".maxSurge", "maxSurge and maxUnavailable may not both be 0 (the rollout could never start)");
                action = null;
              }
            } else if (e.replicas() != null) {
              action = new TimelineEvent.Scale(target, e.replicas().intValue());
            }
          }
          case "failNode", "recoverNode", "drainNode" -> {
            if (parts.length != 2 || !parts[0].equals("node")) {
              src.error(problems, tp, ServiceValidator.invalid(target, "must be node/<name>"));
            } else if (!cluster.nodesByName.containsKey(parts[1])) {
              src.error(problems, tp, "node " + YamlScalar.quote(parts[1]) + " not found");
            } else {
              action = switch (e.action()) {
                case "failNode" -> new TimelineEvent.FailNode(parts[1]);
                case "recoverNode" -> new TimelineEvent.RecoverNode(parts[1]);
                default -> new TimelineEvent.DrainNode(parts[1], gracePeriod(e));
              };
            }
          }
          case "setRate" -> {
            if (parts.length != 2 || !parts[0].equals("traffic")) {
              src.error(problems, tp, ServiceValidator.invalid(target, "must be traffic/<name>"));
            } else if (!trafficNames.contains(parts[1])) {
              src.error(problems, tp, "traffic " + YamlScalar.quote(parts[1]) + " not found");
            } else if (e.rate() != null) {
              action = new TimelineEvent.SetRate(parts[1], e.rate());
            }
          }
          case "patch" -> action = patch(src, p, e, parts, currentService, currentModel, currentWorkload, validator, cluster);
          default -> {}
        }
        if (action != null) {
          out.add(new TimelineEvent(e.atNanos(), e.index(), action));
        }
      }
      return out;
    }

    /** An event's gracePeriod, or "each pod's own" when it gives none. */
    private static long gracePeriod(EventSpec e) {
      return e.gracePeriodNanos() == null ? TimelineEvent.POD_GRACE_PERIOD : e.gracePeriodNanos();
    }

    private IntOrPercent percent(String s) {
      return s.endsWith("%") ? new IntOrPercent(Integer.parseInt(s.substring(0, s.length() - 1)), true)
          : new IntOrPercent(Integer.parseInt(s), false);
    }

    private TimelineEvent.Action patch(
        Source src, String p, EventSpec e, String[] parts, Map<String, ServiceSpec> services,
        Map<String, Service> models, Map<String, YamlMap> workloads, ServiceValidator validator,
        ClusterBuilder cluster) {
      String target = e.target();
      String tp = p + ".target";
      boolean isService = parts.length == 3 && parts[0].equals("service");
      boolean isWorkload = parts.length == 3 && (parts[0].equals("deployment") || parts[0].equals("statefulset") || parts[0].equals("daemonset"));
      if (!isService && !isWorkload) {
        src.error(problems, tp, ServiceValidator.invalid(target, "must be service/<namespace>/<name> or a workload (deployment/<namespace>/<name>, statefulset/..., daemonset/...)"));
        return null;
      }
      String key = parts[1] + "/" + parts[2];
      YamlMap root;
      if (isService) {
        ServiceSpec s = services.get(key);
        if (s == null) {
          src.error(problems, tp, "Service " + key + " not found");
          return null;
        }
        root = s.source().root();
      } else {
        WorkloadSpec w = cluster.workloadSpecs.get(target);
        if (w == null) {
          src.error(problems, tp, parts[0] + " " + key + " not found");
          return null;
        }
        root = workloads.getOrDefault(target, w.source().root());
      }
      Map<String, String> set = new LinkedHashMap<>();
      int before = problems.errorCount();
      for (Map.Entry<String, YamlNode> entry : e.set().entrySet()) {
        String fieldPath = p + ".set[\"" + entry.getKey() + "\"]";
        YamlPath path;
        try {
          path = YamlPath.parse(entry.getKey());
        } catch (IllegalArgumentException ex) {
          src.error(problems, fieldPath, ex.getMessage());
          continue;
        }
        String refusal = isService ? servicePatchable(path) : workloadPatchable(path);
        if (refusal != null) {
          src.error(problems, fieldPath, refusal);
          continue;
        }
        try {
          root = (YamlMap) path.set(root, entry.getValue());
        } catch (IllegalArgumentException ex) {
          src.error(problems, fieldPath, ex.getMessage());
          continue;
        }
        set.put(entry.getKey(), render(entry.getValue()));
      }
      if (problems.errorCount() > before) {
        return null;
      }
      Manifests rebound = new Manifests();
      Problems local = new Problems();
      new ManifestBinder(local).bind(root, "", rebound);
      if (isService) {
        ServiceSpec patched = rebound.services.isEmpty() ? null : rebound.services.get(0);
        Service after = patched == null || local.hasErrors() ? null : validator.update(patched, models.get(key));
        // validator errors went to the real sink; binder errors are re-reported at the event
        for (var problem : local.sorted()) {
          if (problem.isError()) {
            src.error(problems, p + ".set", "after this patch, " + problem.path() + ": " + problem.message());
          }
        }
        if (after == null) {
          if (!local.hasErrors()) {
            src.error(problems, p + ".set", "the patched Service " + key + " is invalid (see the problem reported at the Service)");
          }
          return null;
        }
        services.put(key, patched);
        models.put(key, after);
        return new TimelineEvent.PatchService(after, set);
      }
      WorkloadSpec patched = rebound.workloads.isEmpty() ? null : rebound.workloads.get(0);
      PodTemplate template = patched == null || patched.template() == null ? null : cluster.template(patched.template());
      if (patched == null || template == null || local.hasErrors()) {
        for (var problem : local.sorted()) {
          src.error(problems, p + ".set", "after this patch, " + problem.path() + ": " + problem.message());
        }
        return null;
      }
      workloads.put(target, root);
      Workload old = cluster.workloads.stream().filter(w -> w.ref().equals(target)).findFirst().orElseThrow();
      int replicas = old.kind() == WorkloadKind.DAEMONSET ? 0 : (patched.replicas() == null ? 1 : patched.replicas().intValue());
      Workload after = new Workload(old.kind(), old.namespace(), old.name(), replicas, old.selector(), template);
      return new TimelineEvent.PatchWorkload(after, set);
    }

    private String servicePatchable(YamlPath path) {
      List<YamlPath.Segment> s = path.segments();
      if (s.size() >= 2 && s.get(0) instanceof YamlPath.Key k0 && s.get(1) instanceof YamlPath.Key k1) {
        if (k0.key().equals("spec") && SERVICE_PATCHABLE.contains(k1.key())) {
          return null;
        }
        if (k0.key().equals("metadata") && (k1.key().equals("annotations") || k1.key().equals("labels"))) {
          return null;
        }
        if (k0.key().equals("spec")) {
          String hint = Suggestions.closest(k1.key(), SERVICE_PATCHABLE);
          return "svcsim does not model Service field spec." + k1.key()
              + (hint != null ? " (did you mean spec." + hint + "?)" : "; patchable: spec." + String.join(", spec.", new java.util.TreeSet<>(SERVICE_PATCHABLE)));
        }
      }
      return "names no Service field svcsim models: give spec.<field> or metadata.annotations[...], e.g. spec.externalTrafficPolicy";
    }

    private String workloadPatchable(YamlPath path) {
      String text = path.toString();
      if (text.equals("spec.replicas")
          || text.startsWith("spec.template.metadata.labels")
          || text.startsWith("spec.template.metadata.annotations")) {
        return null;
      }
      List<YamlPath.Segment> s = path.segments();
      if (s.size() >= 4 && text.startsWith("spec.template.spec.") && s.get(3) instanceof YamlPath.Key k
          && TEMPLATE_PATCHABLE.contains(k.key())) {
        return null;
      }
      return "svcsim models these workload fields: spec.replicas, spec.template.metadata.labels/annotations, spec.template.spec.{nodeName,nodeSelector,containers,initContainers,terminationGracePeriodSeconds}; "
          + YamlScalar.quote(text) + " is none of them";
    }

    private static String render(YamlNode n) {
      if (n instanceof YamlScalar s) {
        return s.text();
      }
      return n.describe();
    }

    // ----------------------------------------------------------- expectations

    private List<Expectation> expectations(ScenarioSpec spec, Map<String, Service> services) {
      Source src = spec.source();
      List<Expectation> out = new ArrayList<>();
      for (ExpectationSpec e : spec.expectations()) {
        if (e.metric() != null) {
          try {
            YamlPath path = YamlPath.parse(e.metric());
            List<YamlPath.Segment> s = path.segments();
            if (s.size() >= 2 && s.get(0) instanceof YamlPath.Key k && k.key().equals("services")
                && s.get(1) instanceof YamlPath.Key svc && !services.containsKey(svc.key())) {
              src.error(problems, e.path() + ".metric", "Service " + YamlScalar.quote(svc.key()) + " not found; report keys are <namespace>/<name>"
                  + (services.isEmpty() ? "" : ", e.g. " + services.keySet().iterator().next()));
              continue;
            }
          } catch (IllegalArgumentException ex) {
            src.error(problems, e.path() + ".metric", ex.getMessage());
            continue;
          }
        }
        if (e.name() == null || e.metric() == null || e.op() == null || e.value() == null) {
          continue;
        }
        out.add(new Expectation(e.name(), e.metric(), Expectation.Op.fromSymbol(e.op()), e.value(), e.tolerance()));
      }
      return out;
    }
  }
}
