package dev.svcsim.scenario.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.cluster.Pod;
import dev.svcsim.models.cluster.PodTemplate;
import dev.svcsim.models.cluster.Workload;
import dev.svcsim.models.scenario.ProxyMode;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.ServiceType;
import dev.svcsim.models.service.TrafficPolicy;
import dev.svcsim.scenario.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ScenarioLoader#load(Path, List)}: {@code --set} overrides change the Scenario document and
 * the manifests before binding, and a path that names nothing is an error at the override.
 */
class SetOverrideLoadTest {

  private static final Path IMBALANCE = Path.of("examples/etp-local-imbalance.yaml");
  private static final Path LOCAL_VS_CLUSTER = Path.of("examples/etp-local-vs-cluster-lb.yaml");

  private static List<SetOverride> sets(String... texts) {
    return Arrays.stream(texts).map(SetOverride::parse).toList();
  }

  private static String problems(LoadResult r) {
    return r.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  private static Scenario ok(LoadResult r) {
    assertTrue(r.errors().isEmpty(), () -> "unexpected errors:\n" + problems(r));
    return r.scenario();
  }

  private static Scenario ok(Path file, String... texts) {
    return ok(new ScenarioLoader().load(file, sets(texts)));
  }

  /** The problems of loading {@code text} (as bad.yaml) with the overrides. */
  private static List<String> load(String text, String... texts) {
    LoadResult r = new ScenarioLoader().load("bad.yaml", text.getBytes(StandardCharsets.UTF_8), null, sets(texts));
    return r.problems().stream().map(Problem::toString).toList();
  }

  /** The problems of BadInputCatalogueTest.BASE with the overrides. */
  private static List<String> base(String... texts) {
    return load(BadInputCatalogueTest.BASE, texts);
  }

  private static Service service(Scenario s, String key) {
    return s.services().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
  }

  private static List<Pod> podsOf(Scenario s, String owner) {
    return s.pods().stream().filter(p -> p.owner().equals(owner)).toList();
  }

  private static Pod pod(Scenario s, String name) {
    return s.pods().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  // ------------------------------------------------------------ the Scenario document

  @Test
  void noOverridesLoadsAsBefore() {
    assertEquals(ok(new ScenarioLoader().load(IMBALANCE)), ok(IMBALANCE));
  }

  @Test
  void aScenarioFieldChangesTheScenario() {
    assertEquals(ProxyMode.IPTABLES, ok(IMBALANCE).cluster().kubeProxy().mode());
    assertEquals(ProxyMode.IPVS, ok(IMBALANCE, "spec.cluster.kubeProxy.mode=ipvs").cluster().kubeProxy().mode());
    assertEquals(7, ok(IMBALANCE, "spec.seed=7").seed());
  }

  @Test
  void aTrafficSourceByNameOrByIndex() {
    assertEquals(5000.0, ok(IMBALANCE, "spec.traffic[name=internet-users].rate=5000/s").traffic().get(0).ratePerSecond());
    assertEquals(7.0, ok(IMBALANCE, "spec.traffic[0].rate=7/s").traffic().get(0).ratePerSecond());
    Scenario both = ok(LOCAL_VS_CLUSTER, "spec.traffic[name=users-cluster].rate=10/s");
    assertEquals(1000.0, both.traffic().get(0).ratePerSecond(), "the other source is untouched");
    assertEquals(10.0, both.traffic().get(1).ratePerSecond());
  }

  @Test
  void theLaterOfTwoOverridesOfOneFieldWins() {
    assertEquals(ProxyMode.NFTABLES, ok(IMBALANCE, "spec.cluster.kubeProxy.mode=ipvs",
        "spec.cluster.kubeProxy.mode=nftables").cluster().kubeProxy().mode());
    assertEquals(3, podsOf(ok(IMBALANCE, "deployment/default/web-b:spec.replicas=5",
        "deployment/default/web-b:spec.replicas=3"), "deployment/default/web-b").size());
  }

  @Test
  void overridesApplyInOrderSoALaterOneSeesAnEarlierOnesChange() {
    Scenario s = ok(IMBALANCE, "spec.traffic[0].name=bots", "spec.traffic[name=bots].rate=3/s");
    assertEquals("bots", s.traffic().get(0).name());
    assertEquals(3.0, s.traffic().get(0).ratePerSecond());
  }

  @Test
  void aWholeStructureAsYaml() {
    Scenario s = ok(IMBALANCE, "spec.cluster.kubeProxy={mode: ipvs, ipvsScheduler: lc}");
    assertEquals(ProxyMode.IPVS, s.cluster().kubeProxy().mode());
    assertEquals("LC", s.cluster().kubeProxy().ipvsScheduler().name());
  }

  @Test
  void nullClearsAFieldBackToItsDefault() {
    assertEquals(ProxyMode.IPTABLES, ok(IMBALANCE, "spec.cluster.kubeProxy.mode=ipvs",
        "spec.cluster.kubeProxy.mode=null").cluster().kubeProxy().mode());
  }

  @Test
  void anUnknownScenarioFieldIsAnErrorAtTheKeyInTheOverride() {
    assertEquals(List.of("--set spec.cluster.kubeProxy.mod=ipvs:1:24: spec.cluster.kubeProxy.mod: unknown field"
        + " \"mod\" (did you mean \"mode\"?)"), base("spec.cluster.kubeProxy.mod=ipvs"));
    assertEquals(List.of("--set spce.seed=3:1:1: spce: unknown field \"spce\" (did you mean \"spec\"?)"),
        base("spce.seed=3"));
    assertEquals(List.of("--set spec.cluster.kubeProxy={mode: ipvs, foo: 1}:1:37: spec.cluster.kubeProxy.foo:"
        + " unknown field \"foo\"; known fields here: ipvsScheduler, masqueradeAll, mode, syncDelay,"
        + " terminatingEndpointFallback"),
        base("spec.cluster.kubeProxy={mode: ipvs, foo: 1}"));
  }

  @Test
  void aValueOfTheWrongKindIsTheBindersUsualErrorAtTheValue() {
    assertEquals(List.of("--set spec.seed=abc:1:11: spec.seed: must be an integer, not the string \"abc\""),
        base("spec.seed=abc"));
    assertEquals(List.of("--set spec.cluster.kubeProxy.mode=ipvs2:1:29: spec.cluster.kubeProxy.mode: Unsupported"
        + " value: \"ipvs2\": supported values: \"iptables\", \"ipvs\", \"nftables\", \"userspace\" (did you mean"
        + " \"ipvs\"?)"), base("spec.cluster.kubeProxy.mode=ipvs2"));
  }

  @Test
  void aListElementThatDoesNotExistSaysWhatTheListHolds() {
    assertEquals(List.of("--set spec.traffic[name=user].rate=1/s:1:13: spec.traffic[name=user]: spec.traffic has no"
        + " element with name \"user\" (did you mean spec.traffic[name=users]?); its names: users"),
        base("spec.traffic[name=user].rate=1/s"));
    assertEquals(List.of("--set spec.traffic[name=nope].rate=1/s:1:13: spec.traffic[name=nope]: spec.traffic has no"
        + " element with name \"nope\"; its names: users"), base("spec.traffic[name=nope].rate=1/s"));
    assertEquals(List.of("--set spec.traffic[3].rate=1/s:1:13: spec.traffic[3]: spec.traffic has 1 element, so"
        + " spec.traffic[3] names nothing (indexes count from 0)"), base("spec.traffic[3].rate=1/s"));
    assertEquals(List.of("--set spec.cluster.nodes[2].zone=z:1:19: spec.cluster.nodes[2]: spec.cluster.nodes has 2"
        + " elements, so spec.cluster.nodes[2] names nothing (indexes count from 0)"), base("spec.cluster.nodes[2].zone=z"));
    assertEquals(List.of("--set spec.expectations[0].value=1:1:18: spec.expectations[0]: spec.expectations is not"
        + " set, so spec.expectations[0] names nothing; set the whole list instead, e.g. spec.expectations=[...]"),
        base("spec.expectations[0].value=1"));
    assertEquals(List.of("--set spec.events[port=80].at=1s:1:12: spec.events[port=80]: spec.events has no element"
        + " with port \"80\": none of its 1 element has the field port"), base("spec.events[port=80].at=1s"));
  }

  @Test
  void aPathThroughAScalarOrAListIsAnError() {
    assertEquals(List.of("--set spec.duration.x=1:1:15: spec.duration.x: spec.duration is the string \"60s\", not a"
        + " mapping with field \"x\""), base("spec.duration.x=1"));
    assertEquals(List.of("--set spec.traffic.rate=1/s:1:14: spec.traffic.rate: spec.traffic is a list; name one of"
        + " its elements first, e.g. spec.traffic[0] or spec.traffic[name=users]"), base("spec.traffic.rate=1/s"));
    assertEquals(List.of("--set spec.cluster[0]=1:1:13: spec.cluster[0]: spec.cluster is a mapping, not a list"),
        base("spec.cluster[0]=1"));
  }

  // ------------------------------------------------------------------- manifests

  @Test
  void aServiceField() {
    Service before = service(ok(LOCAL_VS_CLUSTER), "default/web-cluster");
    assertEquals(TrafficPolicy.CLUSTER, before.externalTrafficPolicy());
    assertEquals(0, before.healthCheckNodePort());
    Service after = service(ok(LOCAL_VS_CLUSTER, "service/default/web-cluster:spec.externalTrafficPolicy=Local"),
        "default/web-cluster");
    assertEquals(TrafficPolicy.LOCAL, after.externalTrafficPolicy());
    assertNotEquals(0, after.healthCheckNodePort(), "a Local LoadBalancer gets a healthCheckNodePort");
  }

  @Test
  void aDeploymentsReplicas() {
    assertEquals(1, podsOf(ok(IMBALANCE), "deployment/default/web-b").size());
    assertEquals(5, podsOf(ok(IMBALANCE, "deployment/default/web-b:spec.replicas=5"), "deployment/default/web-b").size());
  }

  @Test
  void anAnnotationWithAQuotedKey() {
    Scenario s = ok(IMBALANCE, "deployment/default/web-a:spec.template.metadata.annotations[\"svcsim.dev/concurrency\"]=\"16\"");
    for (Pod p : podsOf(s, "deployment/default/web-a")) {
      assertEquals(16, p.performance().concurrency(), p.name());
    }
    for (Pod p : podsOf(s, "deployment/default/web-b")) {
      assertEquals(4, p.performance().concurrency(), p.name());
    }
  }

  @Test
  void aManifestInsideAList() {
    assertEquals("node-b", pod(ok(LOCAL_VS_CLUSTER), "web-b-1").nodeName());
    assertEquals("node-c", pod(ok(LOCAL_VS_CLUSTER, "pod/default/web-b-1:spec.nodeName=node-c"), "web-b-1").nodeName());
  }

  @Test
  void aManifestFromAManifestsFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("s.yaml"), String.join("\n",
        "apiVersion: svcsim.dev/v1",
        "kind: Scenario",
        "metadata: {name: s}",
        "spec:",
        "  duration: 10s",
        "  manifests: [manifests/]",
        "  cluster: {nodes: [{name: node-a}]}",
        ""));
    Files.createDirectories(dir.resolve("manifests"));
    Files.writeString(dir.resolve("manifests/web.yaml"), String.join("\n",
        "apiVersion: v1",
        "kind: Service",
        "metadata: {name: web, namespace: shop}",
        "spec:",
        "  selector: {app: web}",
        "  ports: [{port: 80}]",
        ""));
    Scenario s = ok(new ScenarioLoader().load(dir.resolve("s.yaml"), sets("service/shop/web:spec.type=NodePort")));
    assertEquals(ServiceType.NODE_PORT, service(s, "shop/web").type());
    LoadResult r = new ScenarioLoader().load(dir.resolve("s.yaml"), sets("service/default/web:spec.type=NodePort"));
    assertEquals("--set service/default/web:spec.type=NodePort:1:1: no Service default/web in this scenario (did"
        + " you mean service/shop/web?); its Services: shop/web", r.errors().get(0).toString());
  }

  @Test
  void labelsAnnotationsAndSelectorsAreReadWhole() {
    Scenario s = ok(IMBALANCE, "service/default/web:metadata.labels[\"team.example.com/owner\"]=shop",
        "deployment/default/web-a:spec.template.metadata.labels.tier=front",
        "spec.cluster.nodes[name=node-a].labels.disktype=ssd");
    assertEquals("front", podsOf(s, "deployment/default/web-a").get(0).labels().get("tier"));
    assertEquals("ssd", s.nodes().get(0).labels().get("disktype"));
  }

  @Test
  void aManifestValueIsValidatedAtTheOverride() {
    assertEquals(List.of("--set service/default/web:spec.externalTrafficPolicy=Lokal:1:48: spec.externalTrafficPolicy:"
        + " Unsupported value: \"Lokal\": supported values: \"Cluster\", \"Local\""),
        base("service/default/web:spec.externalTrafficPolicy=Lokal"));
    assertEquals(List.of("--set deployment/default/web:spec.replicas=five:1:38: spec.replicas: must be an integer,"
        + " not the string \"five\""), base("deployment/default/web:spec.replicas=five"));
  }

  @Test
  void aManifestThatIsNotThereIsAnErrorNamingThoseThatAre() {
    assertEquals(List.of("--set service/default/webb:spec.type=ClusterIP:1:1: no Service default/webb in this scenario"
        + " (did you mean service/default/web?); its Services: default/web"), base("service/default/webb:spec.type=ClusterIP"));
    assertEquals(List.of("--set service/shop/web:spec.type=ClusterIP:1:1: no Service shop/web in this scenario"
        + " (did you mean service/default/web?); its Services: default/web"), base("service/shop/web:spec.type=ClusterIP"));
    assertEquals(List.of("--set statefulset/default/db:spec.replicas=3:1:1: no StatefulSet default/db in this scenario;"
        + " it has no StatefulSets"), base("statefulset/default/db:spec.replicas=3"));
    assertEquals(List.of("--set pod/default/web-0:metadata.labels.a=b:1:1: no Pod default/web-0 in this scenario; it"
        + " has no Pods (a pod made by a Deployment, StatefulSet or DaemonSet has no manifest of its own: set the"
        + " field in the workload's spec.template)"), base("pod/default/web-0:metadata.labels.a=b"));
  }

  @Test
  void aNodeOfTheScenarioIsNotAManifest() {
    assertEquals(List.of("--set node/node-a:metadata.labels.disktype=ssd:1:1: node node-a is declared in the"
        + " Scenario's spec.cluster.nodes, not by a Node manifest; set"
        + " spec.cluster.nodes[name=node-a].labels.disktype instead"), base("node/node-a:metadata.labels.disktype=ssd"));
    String groups = BadInputCatalogueTest.edit("      - name: node-b\n        zone: zone-2\n",
        "      - namePrefix: worker\n        count: 3\n").replace("target: node/node-b", "target: node/worker-1");
    assertEquals(List.of("--set node/worker-2:spec.unschedulable=true:1:1: node worker-2 belongs to the group"
        + " spec.cluster.nodes[namePrefix=worker], not to a Node manifest; set"
        + " spec.cluster.nodes[namePrefix=worker].FIELD instead (it changes every node of the group)"),
        load(groups, "node/worker-2:spec.unschedulable=true"));
    assertEquals(List.of("--set node/node-z:spec.unschedulable=true:1:1: no Node node-z in this scenario; it has no"
        + " Nodes"), base("node/node-z:spec.unschedulable=true"));
  }

  @Test
  void aNodeManifest() {
    String text = BadInputCatalogueTest.edit("    nodes:\n      - name: node-a\n        zone: zone-1\n      - name: node-b\n        zone: zone-2\n", "")
        .replace("---\napiVersion: v1\nkind: Service", String.join("\n",
            "---",
            "apiVersion: v1",
            "kind: Node",
            "metadata: {name: node-a, labels: {topology.kubernetes.io/zone: zone-1}}",
            "---",
            "apiVersion: v1",
            "kind: Node",
            "metadata: {name: node-b, labels: {topology.kubernetes.io/zone: zone-2}}",
            "---",
            "apiVersion: v1",
            "kind: Service"));
    LoadResult r = new ScenarioLoader().load("n.yaml", text.getBytes(StandardCharsets.UTF_8), null,
        sets("node/node-b:metadata.labels[\"topology.kubernetes.io/zone\"]=zone-9"));
    assertEquals("zone-9", ok(r).nodes().get(1).zone());
  }

  @Test
  void aManifestFieldSvcsimDoesNotReadIsAnError() {
    assertEquals(List.of("--set service/default/web:spec.externalTraficPolicy=Local:1:26: spec.externalTraficPolicy:"
        + " svcsim does not read this field of a Service, so setting it would change nothing (did you mean"
        + " spec.externalTrafficPolicy?)"), base("service/default/web:spec.externalTraficPolicy=Local"));
    assertEquals(List.of("--set service/default/web:spec.sessionAfinityConfig.clientIP.timeoutSeconds=60:1:26:"
        + " spec.sessionAfinityConfig.clientIP.timeoutSeconds: svcsim does not read this field of a Service, so"
        + " setting it would change nothing (did you mean spec.sessionAffinityConfig.clientIP.timeoutSeconds?)"),
        base("service/default/web:spec.sessionAfinityConfig.clientIP.timeoutSeconds=60"));
    assertEquals(List.of("--set deployment/default/web:spec.template.spec.containers[0].image=nginx:2:1:57:"
        + " spec.template.spec.containers[0].image: svcsim does not read this field of a Deployment, so setting"
        + " it would change nothing; under spec.template.spec.containers[0] it reads ports"),
        base("deployment/default/web:spec.template.spec.containers[0].image=nginx:2"));
    assertEquals(List.of("--set deployment/default/web:spec.template.spec.containers[name=web].imag=x:1:64:"
        + " spec.template.spec.containers[0].imag: svcsim does not read this field of a Deployment, so setting"
        + " it would change nothing; under spec.template.spec.containers[0] it reads ports"),
        base("deployment/default/web:spec.template.spec.containers[name=web].imag=x"));
    assertEquals(List.of("--set deployment/default/web:sepc.replicas=3:1:24: sepc.replicas: svcsim does not read"
        + " this field of a Deployment, so setting it would change nothing (did you mean spec.replicas?)"),
        base("deployment/default/web:sepc.replicas=3"));
    assertEquals(List.of("--set deployment/default/web:foo=3:1:24: foo: svcsim does not read this field of a"
        + " Deployment, so setting it would change nothing; at the top it reads apiVersion, kind, metadata, spec"),
        base("deployment/default/web:foo=3"));
  }

  @Test
  void terminationGracePeriodSecondsIsAFieldSvcsimReads() {
    String field = "deployment/default/web-b:spec.template.spec.terminationGracePeriodSeconds";
    Scenario before = ok(IMBALANCE);
    Scenario s = ok(IMBALANCE, field + "=5");
    Workload web = s.workloads().stream().filter(w -> w.ref().equals("deployment/default/web-b")).findFirst().orElseThrow();
    assertEquals(5, web.template().terminationGracePeriodSeconds());
    assertFalse(podsOf(s, "deployment/default/web-b").isEmpty());
    for (Pod p : podsOf(s, "deployment/default/web-b")) {
      assertEquals(5, p.terminationGracePeriodSeconds(), p.name());
    }
    for (Pod p : podsOf(s, "deployment/default/web-a")) {
      assertEquals(PodTemplate.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, p.terminationGracePeriodSeconds(), p.name());
    }
    assertNotEquals(podsOf(before, "deployment/default/web-b").get(0).name(), podsOf(s, "deployment/default/web-b").get(0).name(),
        "a template change changes the pod-template-hash in the pod names");
    assertEquals(before, ok(IMBALANCE, field + "=30"), "30, the default written out, changes nothing");
    assertEquals(before, ok(IMBALANCE, field + "=null"), "null clears it back to the default");
  }

  @Test
  void aNegativeTerminationGracePeriodIsTheApiServersWarningAndAStringAnError() {
    assertEquals(List.of("--set deployment/default/web:spec.template.spec.terminationGracePeriodSeconds=-5:1:73: warning:"
        + " spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be"
        + " treated as 1"), base("deployment/default/web:spec.template.spec.terminationGracePeriodSeconds=-5"));
    assertEquals(List.of("--set deployment/default/web:spec.template.spec.terminationGracePeriodSeconds=5s:1:73:"
        + " spec.template.spec.terminationGracePeriodSeconds: must be an integer, not the string \"5s\""),
        base("deployment/default/web:spec.template.spec.terminationGracePeriodSeconds=5s"));
  }

  @Test
  void aDaemonSetHasNoReplicas() {
    String text = BadInputCatalogueTest.BASE.replace("kind: Deployment", "kind: DaemonSet");
    assertEquals(List.of("--set daemonset/default/web:spec.replicas=3:1:28: spec.replicas: svcsim does not read this"
        + " field of a DaemonSet, so setting it would change nothing; under spec it reads selector, template"),
        load(text.replace("  replicas: 2\n", ""), "daemonset/default/web:spec.replicas=3"));
  }

  @Test
  void aListElementOfAManifestThatDoesNotExist() {
    assertEquals(List.of("--set service/default/web:spec.ports[5].port=81:1:31: spec.ports[5]: spec.ports has 1"
        + " element, so spec.ports[5] names nothing (indexes count from 0)"), base("service/default/web:spec.ports[5].port=81"));
    assertEquals(List.of("--set service/default/web:spec.ports[name=https].port=443:1:31: spec.ports[name=https]:"
        + " spec.ports has no element with name \"https\" (did you mean spec.ports[name=http]?); its names: http"),
        base("service/default/web:spec.ports[name=https].port=443"));
  }

  @Test
  void aManifestThatCannotBeBoundIsNotCheckedForReads() {
    String text = BadInputCatalogueTest.BASE.replace("apiVersion: apps/v1", "apiVersion: apps/v2");
    List<String> problems = load(text, "deployment/default/web:spec.replicas=3");
    assertFalse(problems.stream().anyMatch(p -> p.startsWith("--set")), problems.toString());
  }

  @Test
  void aFileThatCouldNotBeReadDoesNotAlsoBlameTheOverride() {
    List<String> problems = load(BadInputCatalogueTest.plus("a: [\n"), "service/default/nope:spec.type=NodePort");
    assertFalse(problems.isEmpty());
    assertFalse(problems.stream().anyMatch(p -> p.startsWith("--set")), problems.toString());
  }

  @Test
  void aMissingManifestsFileDoesNotAlsoBlameTheOverride(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("s.yaml"), String.join("\n",
        "apiVersion: svcsim.dev/v1",
        "kind: Scenario",
        "metadata: {name: s}",
        "spec:",
        "  duration: 10s",
        "  manifests: [nope.yaml]",
        "  cluster: {nodes: [{name: node-a}]}",
        ""));
    LoadResult r = new ScenarioLoader().load(dir.resolve("s.yaml"), sets("service/default/web:spec.type=NodePort"));
    assertEquals(List.of(dir.resolve("s.yaml") + ":6:15: spec.manifests[0]: no such file or folder: \"nope.yaml\""
        + " (paths are relative to the scenario file)"), r.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void manifestsAreStillOrderedAsInTheFiles() {
    Scenario s = ok(LOCAL_VS_CLUSTER, "service/default/web-cluster:spec.externalTrafficPolicy=Local");
    assertEquals(List.of("default/web-local", "default/web-cluster"), s.services().stream().map(Service::key).toList());
    assertEquals(service(ok(LOCAL_VS_CLUSTER), "default/web-local").clusterIP(),
        service(s, "default/web-local").clusterIP(), "allocation is unchanged by an override of another Service");
  }
}
