package dev.svcsim.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.rules.NodeView;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import dev.svcsim.scenario.load.SetOverride;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Scenarios for the rules tests, loaded from YAML text, and the node views the simulator gives
 * for them.
 */
public final class RulesFixtures {

  private RulesFixtures() {}

  /**
   * The shape of kube-proxy's TestOverallIPTablesRules for one Service: {@code ns1/svc1}, ClusterIP
   * 172.30.0.41, port {@code p80}, three endpoints 10.180.0.1-3:80 from an EndpointSlice, on a
   * single node {@code test-node}, pod CIDR 10.0.0.0/8.
   */
  public static final String KUBE_PROXY_SHAPED = """
      apiVersion: svcsim.dev/v1
      kind: Scenario
      metadata:
        name: kube-proxy-shaped
      spec:
        seed: 1
        duration: 10s
        warmup: 0s
        cluster:
          serviceCIDR: 172.30.0.0/16
          podCIDR: 10.0.0.0/8
          kubeProxy:
            mode: iptables
          nodes:
            - name: test-node
        traffic: []
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: svc1
        namespace: ns1
      spec:
        clusterIP: 172.30.0.41
        ports:
          - name: p80
            port: 80
            protocol: TCP
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: svc1-1
        namespace: ns1
        labels:
          kubernetes.io/service-name: svc1
      addressType: IPv4
      endpoints:
        - addresses: [10.180.0.1]
        - addresses: [10.180.0.2]
        - addresses: [10.180.0.3]
      ports:
        - name: p80
          port: 80
          protocol: TCP
      """;

  /**
   * Every kind of Service on two nodes, node-a (192.168.0.1) and node-b (192.168.0.2): pods
   * web-a (node-a) and web-b (node-b) labelled {@code app: web}, lonely-b (node-b) labelled
   * {@code app: lonely}. Services in {@code default}: {@code cip} (ClusterIP, web), {@code np}
   * (NodePort, web), {@code lb-local} (LoadBalancer, externalTrafficPolicy Local, lonely),
   * {@code lb-fw} (LoadBalancer with source ranges 203.0.113.0/25 and 192.168.0.0/24 and ClientIP
   * affinity of 600 s, web), {@code itp-local} (ClusterIP, internalTrafficPolicy Local, lonely),
   * {@code ext} (ClusterIP with externalIP 192.168.99.33, web), {@code empty} (LoadBalancer with
   * externalIP 192.168.99.44 selecting nothing), {@code headless} (clusterIP None, web) and
   * {@code alias} (ExternalName).
   */
  public static final String ZOO = """
      apiVersion: svcsim.dev/v1
      kind: Scenario
      metadata:
        name: zoo
      spec:
        seed: 1
        duration: 10s
        warmup: 0s
        cluster:
          kubeProxy:
            mode: iptables
          nodes:
            - name: node-a
              zone: z1
            - name: node-b
              zone: z1
        traffic: []
      ---
      %s
      ---
      %s
      ---
      %s
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: cip, namespace: default}
      spec:
        selector: {app: web}
        ports: [{name: http, port: 80, targetPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: np, namespace: default}
      spec:
        type: NodePort
        selector: {app: web}
        ports: [{name: http, port: 80, targetPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: lb-local, namespace: default}
      spec:
        type: LoadBalancer
        externalTrafficPolicy: Local
        selector: {app: lonely}
        ports: [{port: 80, targetPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: lb-fw, namespace: default}
      spec:
        type: LoadBalancer
        selector: {app: web}
        loadBalancerSourceRanges: [203.0.113.0/25, 192.168.0.0/24]
        sessionAffinity: ClientIP
        sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}
        ports: [{name: http, port: 80, targetPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: itp-local, namespace: default}
      spec:
        internalTrafficPolicy: Local
        selector: {app: lonely}
        ports: [{port: 80, targetPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: ext, namespace: default}
      spec:
        selector: {app: web}
        externalIPs: [192.168.99.33]
        ports: [{port: 80, targetPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: empty, namespace: default}
      spec:
        type: LoadBalancer
        selector: {app: nothing}
        externalIPs: [192.168.99.44]
        ports: [{name: http, port: 80, targetPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: headless, namespace: default}
      spec:
        clusterIP: None
        selector: {app: web}
        ports: [{port: 80, targetPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: alias, namespace: default}
      spec:
        type: ExternalName
        externalName: example.com
      """.formatted(pod("web-a", "node-a", "web"), pod("web-b", "node-b", "web"), pod("lonely-b", "node-b", "lonely"));

  private static String pod(String name, String node, String app) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: default
          labels: {app: %s}
        spec:
          nodeName: %s
          containers:
            - name: main
              image: nginx
              ports: [{containerPort: 8080}]
        """.formatted(name, app, node).stripTrailing();
  }

  /** Loads scenario YAML text with {@code --set} overrides, insisting that it has no errors. */
  public static Scenario load(String yaml, String... sets) {
    List<SetOverride> overrides = new ArrayList<>();
    for (String s : sets) {
      overrides.add(SetOverride.parse(s));
    }
    LoadResult loaded = new ScenarioLoader().load("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), null, overrides);
    assertTrue(loaded.ok(), () -> "the scenario should load, got:\n"
        + loaded.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")) + "\n" + yaml);
    return loaded.scenario();
  }

  /** Loads an example file with overrides, insisting that it has no errors. */
  public static Scenario load(Path file, String... sets) {
    List<SetOverride> overrides = new ArrayList<>();
    for (String s : sets) {
      overrides.add(SetOverride.parse(s));
    }
    LoadResult loaded = new ScenarioLoader().load(file, overrides);
    assertTrue(loaded.ok(), () -> file + " should load, got:\n"
        + loaded.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
    return loaded.scenario();
  }

  /** Every node's view at {@code atNanos}. */
  public static List<NodeView> views(Scenario s, long atNanos) {
    return DataPlane.nodeViews(s, RunOptions.DEFAULT, atNanos);
  }

  /** One node's view at {@code atNanos}. */
  public static NodeView view(Scenario s, String node, long atNanos) {
    return views(s, atNanos).stream().filter(v -> v.name().equals(node)).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + node));
  }

  /** The bundled examples, scenarios/examples/*.yaml, sorted. */
  public static List<Path> examples() {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** An interpreter of {@code text}, the node's own IP local. */
  public static RulesInterpreter interpreter(String text, NodeView node) {
    return RulesInterpreter.of(text, Set.of(node.ip().toString()));
  }
}
