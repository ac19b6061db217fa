package dev.svcsim.scenario.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.cluster.Node;
import dev.svcsim.models.cluster.Pod;
import dev.svcsim.models.cluster.Protocol;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.net.Ipv4Cidr;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.service.EndpointAddress;
import dev.svcsim.models.service.EndpointPort;
import dev.svcsim.models.service.ManualEndpoints;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.ServicePort;
import dev.svcsim.models.service.ServiceType;
import dev.svcsim.models.service.SessionAffinity;
import dev.svcsim.models.service.TargetPort;
import dev.svcsim.models.service.TrafficPolicy;
import dev.svcsim.scenario.Problem;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Realistic inputs that must load without errors, and what they load into. */
class GoodInputTest {

  private static Path fixture(String name) {
    try {
      return Path.of(GoodInputTest.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String problems(LoadResult r) {
    return r.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  /** Loads and insists on no errors; returns the scenario. */
  private static Scenario ok(LoadResult r) {
    assertTrue(r.errors().isEmpty(), () -> "unexpected errors:\n" + problems(r));
    assertTrue(r.ok());
    return r.scenario();
  }

  private static Scenario loadText(String text) {
    LoadResult r = new ScenarioLoader().load("good.yaml", text.getBytes(StandardCharsets.UTF_8), null);
    return ok(r);
  }

  private static Service service(Scenario s, String key) {
    return s.services().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no Service " + key));
  }

  private static Pod pod(Scenario s, String key) {
    return s.pods().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no pod " + key));
  }

  private static Node node(Scenario s, String name) {
    return s.nodes().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
  }

  // ------------------------------------------------------------------ kubectl dumps

  @Test
  void aKubectlListDumpLoadsAndItsDeploymentAdoptsItsPods() {
    LoadResult r = new ScenarioLoader().load(fixture("shop-scenario.yaml"));
    Scenario s = ok(r);
    String file = fixture("kubectl-shop.yaml").toString();
    // the dump's ReplicaSet (owned by the Deployment) is skipped silently: the Deployment stands for it
    assertEquals("", problems(r), file);

    // nodes from the Node manifests: names, zones, InternalIPs and their own podCIDRs
    assertEquals(List.of("shop-worker", "shop-worker2"), s.nodes().stream().map(Node::name).toList());
    assertEquals("eu-west-1a", node(s, "shop-worker").zone());
    assertEquals(Ipv4Address.parse("172.18.0.3"), node(s, "shop-worker").ip());
    assertEquals(Ipv4Cidr.parse("10.244.1.0/24", false), node(s, "shop-worker").podCidr());
    assertEquals(Ipv4Cidr.parse("10.244.2.0/24", false), node(s, "shop-worker2").podCidr());

    // the Deployment adopts the ReplicaSet's pods: names and nodes kept, pod IPs kept when they
    // lie in the node's podCIDR (10.244.9.9 does not, so that pod gets a new one)
    List<Pod> web = s.pods().stream().filter(p -> p.owner().equals("deployment/shop/web")).toList();
    assertEquals(3, web.size());
    Pod a = pod(s, "shop/web-7c9f8d6b5f-x2k9q");
    assertEquals("shop-worker", a.nodeName());
    assertEquals(Ipv4Address.parse("10.244.1.7"), a.ip());
    Pod b = pod(s, "shop/web-7c9f8d6b5f-8fq4z");
    assertEquals("shop-worker2", b.nodeName());
    assertEquals(Ipv4Address.parse("10.244.2.12"), b.ip());
    Pod c = pod(s, "shop/web-7c9f8d6b5f-m4d7b");
    assertEquals("shop-worker2", c.nodeName());
    assertNotEquals(Ipv4Address.parse("10.244.9.9"), c.ip());
    assertTrue(node(s, "shop-worker2").podCidr().contains(c.ip()), c.ip().toString());
    assertEquals(8, a.performance().concurrency());

    // Services: default/kubernetes keeps 10.96.0.1; shop/web keeps everything the dump allocated
    assertEquals(Ipv4Address.parse("10.96.0.1"), service(s, "default/kubernetes").clusterIP());
    Service svc = service(s, "shop/web");
    assertEquals(ServiceType.LOAD_BALANCER, svc.type());
    assertEquals(Ipv4Address.parse("10.100.23.45"), svc.clusterIP());
    assertEquals(List.of(new ServicePort("http", Protocol.TCP, 80, TargetPort.named("http"), 31234)), svc.ports());
    assertEquals(32001, svc.healthCheckNodePort());
    assertEquals(TrafficPolicy.LOCAL, svc.externalTrafficPolicy());
    assertEquals(List.of(Ipv4Address.parse("34.120.1.2")), svc.loadBalancerIPs());

    // the apiserver's own EndpointSlice backs the selector-less default/kubernetes; the
    // controller-managed slice of shop/web is left to svcsim's endpoints controller
    assertEquals(1, s.manualEndpoints().size());
    ManualEndpoints k = s.manualEndpoints().get(0);
    assertEquals("default/kubernetes", k.serviceKey());
    assertEquals(
        List.of(new ManualEndpoints.Group(
            List.of(new EndpointAddress(Ipv4Address.parse("172.18.0.2"), "", "", true, true, false)),
            List.of(new EndpointPort("https", 6443, Protocol.TCP)))),
        k.groups());
  }

  @Test
  void selectorlessServicesTakeTheirEndpointsFromEndpointsAndEndpointSlices() {
    LoadResult r = new ScenarioLoader().load(fixture("payments-scenario.yaml"));
    Scenario s = ok(r);
    assertEquals("", problems(r));

    ManualEndpoints db = s.manualEndpoints().stream().filter(m -> m.serviceKey().equals("payments/legacy-db")).findFirst().orElseThrow();
    assertEquals("Endpoints payments/legacy-db", db.source());
    assertEquals(
        List.of(new ManualEndpoints.Group(
            List.of(
                new EndpointAddress(Ipv4Address.parse("10.20.0.5"), "", "", true, true, false),
                new EndpointAddress(Ipv4Address.parse("10.20.0.6"), "", "", false, false, false)),
            List.of(new EndpointPort("postgres", 5432, Protocol.TCP)))),
        db.groups());

    ManualEndpoints ledger = s.manualEndpoints().stream().filter(m -> m.serviceKey().equals("payments/ledger")).findFirst().orElseThrow();
    assertEquals("EndpointSlice payments/ledger-manual", ledger.source());
    assertEquals(
        List.of(new ManualEndpoints.Group(
            List.of(
                new EndpointAddress(Ipv4Address.parse("10.244.0.50"), "worker-1", "", true, true, false),
                new EndpointAddress(Ipv4Address.parse("10.244.1.50"), "worker-2", "zone-b", false, true, true)),
            List.of(new EndpointPort("grpc", 9090, Protocol.TCP)))),
        ledger.groups());
    Service l = service(s, "payments/ledger");
    assertNull(l.selector());
    assertEquals(SessionAffinity.CLIENT_IP, l.sessionAffinity());
    assertEquals(600, l.affinityTimeoutSeconds());

    // the DaemonSet keeps the dump's pod on worker-2 and creates one on worker-1; win-1 does not
    // match its nodeSelector
    List<Pod> agents = s.pods().stream().filter(p -> p.owner().equals("daemonset/kube-system/node-agent")).toList();
    assertEquals(2, agents.size());
    Map<String, String> byNode = new TreeMap<>();
    agents.forEach(p -> byNode.put(p.nodeName(), p.name()));
    assertEquals(List.of("worker-1", "worker-2"), List.copyOf(byNode.keySet()));
    assertEquals("node-agent-7kq2x", byNode.get("worker-2"));
    assertEquals(Ipv4Address.parse("10.244.1.3"), pod(s, "kube-system/node-agent-7kq2x").ip());
    assertTrue(byNode.get("worker-1").matches("node-agent-[bcdfghjklmnpqrstvwxz2456789]{5}"), byNode.get("worker-1"));

    // 53/UDP and 53/TCP share one dynamically allocated nodePort, in the upper band
    Service resolver = service(s, "kube-system/resolver");
    int udp = resolver.ports().get(0).nodePort();
    int tcp = resolver.ports().get(1).nodePort();
    assertEquals(udp, tcp);
    assertTrue(udp >= 30086 && udp <= 32767, Integer.toString(udp));
  }

  @Test
  void aScenarioWithManifestsInAFolderAndAFile(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("k8s"));
    Files.copy(fixture("kubectl-shop.yaml"), dir.resolve("k8s/10-shop.yaml"));
    Files.copy(fixture("kubectl-payments.yaml"), dir.resolve("payments.yml"));
    Files.writeString(dir.resolve("k8s/README.md"), "not read: only *.yaml and *.yml are");
    Files.writeString(
        dir.resolve("scenario.yaml"),
        """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata:
          name: multi-file
        spec:
          duration: 10s
          manifests: [k8s/, payments.yml]
          traffic:
            - name: shoppers
              from: external
              to: service/shop/web:80
              rate: 100/s
            - name: ledger-calls
              from: pod/shop/web-7c9f8d6b5f-x2k9q
              to: service/payments/ledger:grpc
              rate: 10/s
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: checkout
          namespace: shop
        spec:
          replicas: 1
          selector:
            matchLabels: {app: checkout}
          template:
            metadata:
              labels: {app: checkout}
            spec:
              containers:
                - name: checkout
                  image: checkout:1
        """);
    LoadResult r = new ScenarioLoader().load(dir.resolve("scenario.yaml"));
    Scenario s = ok(r);
    // the dumps' Nodes (shop-worker, shop-worker2) are the cluster: the payments dump's worker-2
    // pod is placed by name and so cannot land
    assertEquals(List.of("shop-worker", "shop-worker2"), s.nodes().stream().map(Node::name).toList());
    assertEquals(1, s.pods().stream().filter(p -> p.owner().equals("deployment/shop/checkout")).count());
    assertEquals(2, s.traffic().size());
    // warnings only, each naming the manifest file it is about
    assertEquals(
        String.join(
            "\n",
            "DIR/payments.yml:21:3: warning: spec.ports: no traffic source uses Service payments/legacy-db",
            "DIR/payments.yml:82:13: warning: endpoints[0].nodeName: node \"worker-1\" is not in the"
                + " cluster; the endpoint is treated as having no node",
            "DIR/payments.yml:89:13: warning: endpoints[1].nodeName: node \"worker-2\" is not in the"
                + " cluster; the endpoint is treated as having no node",
            "DIR/payments.yml:119:3: warning: spec.ports: no traffic source uses Service"
                + " kube-system/resolver"),
        problems(r).replace(dir.toString(), "DIR"));
  }

  // ------------------------------------------------------------------ defaults

  static final String CLUSTER =
      """
      apiVersion: svcsim.dev/v1
      kind: Scenario
      metadata:
        name: defaults
      spec:
        seed: %d
        duration: 10s
        cluster:
          nodes:
            - namePrefix: node
              count: 3
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 5
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: web
                ports:
                  - {name: http, containerPort: 8080}
                  - {name: dns, containerPort: 53, protocol: UDP}
      """;

  private static String withServices(long seed, String services) {
    return CLUSTER.formatted(seed) + services;
  }

  @Test
  void serviceDefaultsFollowTheApiServer() {
    Scenario s =
        loadText(
            withServices(
                1,
                """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: plain}
                spec:
                  selector: {app: web}
                  ports: [{port: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: np}
                spec:
                  type: NodePort
                  selector: {app: web}
                  sessionAffinity: ClientIP
                  ports: [{port: 80, targetPort: http}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: lb}
                spec:
                  type: LoadBalancer
                  selector: {app: web}
                  ports: [{port: 80, targetPort: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: ext}
                spec:
                  selector: {app: web}
                  externalIPs: [198.51.100.20]
                  ports: [{port: 80, targetPort: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: db}
                spec:
                  type: ExternalName
                  externalName: db.example.com.
                """));
    Service plain = service(s, "default/plain");
    assertEquals(ServiceType.CLUSTER_IP, plain.type());
    assertEquals(List.of(new ServicePort("", Protocol.TCP, 8080, TargetPort.of(8080), 0)), plain.ports());
    assertEquals(SessionAffinity.NONE, plain.sessionAffinity());
    assertNull(plain.externalTrafficPolicy(), "eTP only for externally accessible Services");
    assertEquals(TrafficPolicy.CLUSTER, plain.internalTrafficPolicy());
    assertNull(plain.allocateLoadBalancerNodePorts());

    Service np = service(s, "default/np");
    assertEquals(SessionAffinity.CLIENT_IP, np.sessionAffinity());
    assertEquals(10800, np.affinityTimeoutSeconds());
    assertEquals(TrafficPolicy.CLUSTER, np.externalTrafficPolicy());
    assertEquals(TrafficPolicy.CLUSTER, np.internalTrafficPolicy());
    assertEquals(TargetPort.named("http"), np.ports().get(0).targetPort());
    assertNull(np.allocateLoadBalancerNodePorts());

    Service lb = service(s, "default/lb");
    assertEquals(Boolean.TRUE, lb.allocateLoadBalancerNodePorts());
    assertEquals(TrafficPolicy.CLUSTER, lb.externalTrafficPolicy());
    assertEquals(0, lb.healthCheckNodePort());
    assertNotEquals(0, lb.ports().get(0).nodePort());
    assertEquals(1, lb.loadBalancerIPs().size());

    Service ext = service(s, "default/ext");
    assertEquals(TrafficPolicy.CLUSTER, ext.externalTrafficPolicy(), "ClusterIP with externalIPs is externally accessible");

    Service db = service(s, "default/db");
    assertEquals(ServiceType.EXTERNAL_NAME, db.type());
    assertEquals("db.example.com", db.externalName());
    assertNull(db.clusterIP());
    assertNull(db.internalTrafficPolicy());
  }

  // ------------------------------------------------------------------ allocation

  private static final String MANY_SERVICES;

  static {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      b.append("---\napiVersion: v1\nkind: Service\nmetadata: {name: s")
          .append(i)
          .append("}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n")
          .append("    - {name: dns-udp, port: 53, protocol: UDP, targetPort: dns}\n")
          .append("    - {name: dns-tcp, port: 53, protocol: TCP}\n")
          .append("    - {name: http, port: 80, targetPort: http}\n");
    }
    MANY_SERVICES = b.toString();
  }

  private static List<String> allocations(Scenario s) {
    return s.services().stream()
        .filter(x -> !x.key().equals("default/kubernetes"))
        .map(x -> x.name() + " " + x.clusterIP() + " " + x.ports().stream().map(p -> Integer.toString(p.nodePort())).toList())
        .toList();
  }

  @Test
  void allocationsFollowTheApiServerAndAreDeterministicPerSeed() {
    Scenario s = loadText(withServices(7, MANY_SERVICES));
    Ipv4Cidr cidr = Ipv4Cidr.parse("10.96.0.0/12", false);
    for (Service svc : s.services()) {
      if (svc.key().equals("default/kubernetes")) {
        continue;
      }
      Ipv4Address ip = svc.clusterIP();
      assertTrue(cidr.contains(ip), ip.toString());
      assertNotEquals(Ipv4Address.parse("10.96.0.1"), ip, "network+1 belongs to default/kubernetes");
      // dynamic picks come from the upper band: past the first 256 addresses of a /12
      assertTrue(ip.unsigned() >= Ipv4Address.parse("10.96.1.1").unsigned(), ip.toString());
      int udp = svc.ports().get(0).nodePort();
      int tcp = svc.ports().get(1).nodePort();
      int http = svc.ports().get(2).nodePort();
      assertEquals(udp, tcp, "53/UDP and 53/TCP share a nodePort");
      assertNotEquals(udp, http);
      for (int p : List.of(udp, http)) {
        assertTrue(p >= 30086 && p <= 32767, "dynamic nodePorts come from the upper band: " + p);
      }
    }
    assertEquals(12, s.services().stream().map(Service::clusterIP).distinct().count());
    assertEquals(allocations(s), allocations(loadText(withServices(7, MANY_SERVICES))), "same seed, same allocations");
    assertNotEquals(allocations(s), allocations(loadText(withServices(8, MANY_SERVICES))), "another seed, other allocations");
  }

  @Test
  void anExplicitNodePortAndClusterIpAreKept() {
    Scenario s =
        loadText(
            withServices(
                1,
                """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: fixed}
                spec:
                  type: NodePort
                  clusterIP: 10.96.0.10
                  selector: {app: web}
                  ports:
                    - {name: dns-udp, port: 53, protocol: UDP, targetPort: dns, nodePort: 30053}
                    - {name: dns-tcp, port: 53, protocol: TCP, nodePort: 30053}
                """));
    Service fixed = service(s, "default/fixed");
    assertEquals(Ipv4Address.parse("10.96.0.10"), fixed.clusterIP());
    assertEquals(List.of(30053, 30053), fixed.ports().stream().map(ServicePort::nodePort).toList());
  }

  // ------------------------------------------------------------------ workloads

  @Test
  void workloadsExpandIntoPodsNamedAsKubernetesNamesThem() {
    Scenario s =
        loadText(
            withServices(
                1,
                """
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec: {containers: [{name: db}]}
                ---
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      nodeSelector: {kubernetes.io/hostname: node-2}
                      containers: [{name: agent}]
                """));
    assertEquals(
        List.of("web-0", "web-1"),
        s.pods().stream().filter(p -> p.owner().equals("statefulset/default/web")).map(Pod::name).toList());
    List<Pod> agents = s.pods().stream().filter(p -> p.owner().equals("daemonset/default/agent")).toList();
    assertEquals(1, agents.size(), "one pod per matching node");
    assertEquals("node-2", agents.get(0).nodeName());
    assertTrue(agents.get(0).name().matches("agent-[bcdfghjklmnpqrstvwxz2456789]{5}"), agents.get(0).name());

    // spread: 5 replicas over 3 nodes -> 2, 2, 1, ties broken by node name
    List<Pod> web = s.pods().stream().filter(p -> p.owner().equals("deployment/default/web")).toList();
    Map<String, Long> perNode = new TreeMap<>(web.stream().collect(Collectors.groupingBy(Pod::nodeName, Collectors.counting())));
    assertEquals(Map.of("node-1", 2L, "node-2", 2L, "node-3", 1L), perNode);
    for (Pod p : web) {
      assertTrue(p.name().matches("web-[4-9bcdf]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}"), p.name());
      assertTrue(node(s, p.nodeName()).podCidr().contains(p.ip()));
    }
    assertEquals(1, web.stream().map(p -> p.name().substring(0, p.name().lastIndexOf('-'))).distinct().count(),
        "one pod-template-hash");
    // node i gets the i-th /24 of the podCIDR, node IPs come from the nodeCIDR in order
    assertEquals(Ipv4Cidr.parse("10.244.0.0/24", false), node(s, "node-1").podCidr());
    assertEquals(Ipv4Cidr.parse("10.244.2.0/24", false), node(s, "node-3").podCidr());
    assertEquals(Ipv4Address.parse("192.168.0.1"), node(s, "node-1").ip());
    assertFalse(s.pods().isEmpty());
  }

  @Test
  void theBundledExampleLoadsCleanly() {
    Path example = Path.of("examples/etp-local-imbalance.yaml");
    LoadResult r = new ScenarioLoader().load(example);
    ok(r);
    assertEquals("", problems(r));
  }
}
