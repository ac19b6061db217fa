package dev.svcsim.scenario.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.svcsim.scenario.yaml.Location;
import dev.svcsim.scenario.yaml.YamlMap;
import dev.svcsim.scenario.yaml.YamlPath;
import dev.svcsim.scenario.yaml.YamlScalar;
import dev.svcsim.scenario.yaml.YamlSeq;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SetOverride#parse}: what a {@code --set} names, and the message for each bad one. */
class SetOverrideTest {

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> SetOverride.parse(text)).getMessage();
  }

  @Test
  void aScenarioField() {
    SetOverride o = SetOverride.parse("spec.cluster.kubeProxy.mode=ipvs");
    assertEquals(SetOverride.SCENARIO, o.target());
    assertEquals(YamlPath.parse("spec.cluster.kubeProxy.mode"), o.path());
    assertEquals(new YamlScalar(new Location("--set spec.cluster.kubeProxy.mode=ipvs", 1, 29), "ipvs",
        YamlScalar.Type.STRING), o.value(), "located at its column in the option");
    assertEquals("spec.cluster.kubeProxy.mode=ipvs", o.toString());
    assertEquals("spec.cluster.kubeProxy.mode", o.pathText());
    assertEquals(new Location("--set spec.cluster.kubeProxy.mode=ipvs", 1, 1), o.location());
  }

  @Test
  void anEqualsSignInsideBracketsIsPartOfThePath() {
    SetOverride o = SetOverride.parse("spec.traffic[name=users].rate=500/s");
    assertEquals(List.of(new YamlPath.Key("spec"), new YamlPath.Key("traffic"),
        new YamlPath.Match("name", "users"), new YamlPath.Key("rate")), o.path().segments());
    assertEquals("500/s", ((YamlScalar) o.value()).text());
    SetOverride quoted = SetOverride.parse("metadata.annotations[\"a=b:c]\"]=x=y");
    assertEquals(List.of(new YamlPath.Key("metadata"), new YamlPath.Key("annotations"), new YamlPath.Key("a=b:c]")),
        quoted.path().segments());
    assertEquals("x=y", ((YamlScalar) quoted.value()).text(), "the value may hold = too");
  }

  @Test
  void aManifestField() {
    SetOverride o = SetOverride.parse(
        "deployment/shop/web:spec.template.metadata.annotations[\"svcsim.dev/concurrency\"]=\"8\"");
    assertEquals(new SetOverride.Manifest("deployment", "shop", "web"), o.target());
    assertEquals(List.of(new YamlPath.Key("spec"), new YamlPath.Key("template"), new YamlPath.Key("metadata"),
        new YamlPath.Key("annotations"), new YamlPath.Key("svcsim.dev/concurrency")), o.path().segments());
    assertEquals(YamlScalar.Type.STRING, ((YamlScalar) o.value()).type());
    SetOverride.Manifest m = (SetOverride.Manifest) o.target();
    assertEquals("Deployment", m.kindName());
    assertEquals("shop/web", m.key());
    assertEquals("deployment/shop/web", m.toString());
  }

  @Test
  void aNodeHasNoNamespace() {
    SetOverride o = SetOverride.parse("node/node-a:metadata.labels.disktype=ssd");
    assertEquals(new SetOverride.Manifest("node", null, "node-a"), o.target());
    assertEquals("node-a", ((SetOverride.Manifest) o.target()).key());
  }

  @Test
  void everyKind() {
    for (String kind : List.of("service", "pod", "deployment", "statefulset", "daemonset", "endpoints", "endpointslice")) {
      SetOverride o = SetOverride.parse(kind + "/default/x:metadata.labels.a=b");
      assertEquals(kind, ((SetOverride.Manifest) o.target()).kind());
    }
  }

  @Test
  void theValueIsYaml() {
    assertEquals(YamlScalar.Type.INTEGER, ((YamlScalar) SetOverride.parse("spec.seed=3").value()).type());
    assertEquals(YamlScalar.Type.STRING, ((YamlScalar) SetOverride.parse("spec.seed='3'").value()).type());
    assertEquals(YamlScalar.Type.BOOLEAN, ((YamlScalar) SetOverride.parse("a=true").value()).type());
    assertEquals(YamlScalar.Type.NULL, ((YamlScalar) SetOverride.parse("a=null").value()).type());
    assertEquals(YamlScalar.Type.NULL, ((YamlScalar) SetOverride.parse("a=~").value()).type());
    YamlScalar empty = (YamlScalar) SetOverride.parse("a=''").value();
    assertEquals(YamlScalar.Type.STRING, empty.type());
    assertEquals("", empty.text());
    YamlSeq list = (YamlSeq) SetOverride.parse("spec.nodes=[a, b]").value();
    assertEquals(2, list.size());
    assertEquals(new Location("--set spec.nodes=[a, b]", 1, 16), list.get(1).location());
    YamlMap map = (YamlMap) SetOverride.parse("x={mode: ipvs, foo: 1}").value();
    assertEquals(new Location("--set x={mode: ipvs, foo: 1}", 1, 16), map.entry("foo").keyLocation());
  }

  @Test
  void segmentLocationsPointIntoTheText() {
    SetOverride o = SetOverride.parse("service/default/web:spec.ports[0].port=81");
    assertEquals(21, o.segmentLocation(0).column(), "spec");
    assertEquals(26, o.segmentLocation(1).column(), "ports");
    assertEquals(31, o.segmentLocation(2).column(), "[0]");
    assertEquals(35, o.segmentLocation(3).column(), "port");
  }

  @Test
  void badOverridesSayWhatToWrite() {
    assertEquals("\"spec.replicas\": no \"=\" in it; write PATH=VALUE, e.g. spec.cluster.kubeProxy.mode=ipvs"
        + " or deployment/default/web:spec.replicas=3", error("spec.replicas"));
    assertEquals("\"=3\": no path before \"=\"; write PATH=VALUE, e.g. spec.cluster.kubeProxy.mode=ipvs", error("=3"));
    assertEquals("\"spec.x=\": no value after \"=\"; write spec.x=null to clear the field, or spec.x='' for an"
        + " empty string", error("spec.x="));
    assertEquals("\"spec.x= \": no value after \"=\"; write spec.x=null to clear the field, or spec.x='' for an"
        + " empty string", error("spec.x= "));
    assertEquals("\"spec..x=1\": bad path at offset 5: expected a field name", error("spec..x=1"));
    assertEquals("\"service/default/web:spec..x=1\": bad path at offset 25: expected a field name",
        error("service/default/web:spec..x=1"));
    assertEquals("\"spec.x[=3\": bad path at offset 6: missing ']'", error("spec.x[=3"));
    assertEquals("\"spec.x[y]=3\": bad path at offset 6: expected [N], [\"key\"] or [field=value]", error("spec.x[y]=3"));
    assertEquals("\"svc/default/web:spec.type=NodePort\": unknown kind \"svc\"; the kinds are service, pod, node,"
        + " deployment, statefulset, daemonset, endpoints, endpointslice", error("svc/default/web:spec.type=NodePort"));
    assertEquals("\"Services/default/web:spec.type=NodePort\": unknown kind \"Services\" (did you mean \"service\"?);"
        + " the kinds are service, pod, node, deployment, statefulset, daemonset, endpoints, endpointslice",
        error("Services/default/web:spec.type=NodePort"));
    assertEquals("\"service/web:spec.type=NodePort\": a Service belongs to a namespace; write"
        + " service/NAMESPACE/NAME:FIELD, e.g. service/default/web:spec.type", error("service/web:spec.type=NodePort"));
    assertEquals("\"endpointslice/web:metadata.labels.a=b\": an EndpointSlice belongs to a namespace; write"
        + " endpointslice/NAMESPACE/NAME:FIELD, e.g. endpointslice/default/web:metadata.labels.a",
        error("endpointslice/web:metadata.labels.a=b"));
    assertEquals("\"service/a/b/c:spec.type=x\": write service/NAMESPACE/NAME:FIELD, e.g."
        + " service/default/web:spec.type", error("service/a/b/c:spec.type=x"));
    assertEquals("\"service//web:spec.type=x\": write service/NAMESPACE/NAME:FIELD, e.g."
        + " service/default/web:spec.type", error("service//web:spec.type=x"));
    assertEquals("\"node/default/node-a:metadata.labels.x=1\": a Node has no namespace; write node/NAME:FIELD,"
        + " e.g. node/node-a:metadata.labels.x", error("node/default/node-a:metadata.labels.x=1"));
    assertEquals("\"node/:metadata.labels.x=1\": write node/NAME:FIELD, e.g. node/node-a:metadata.labels.x",
        error("node/:metadata.labels.x=1"));
    assertEquals("\"deployment/default/web=3\": no field after the manifest deployment/default/web; write"
        + " deployment/default/web:FIELD=VALUE, e.g. deployment/default/web:spec.replicas=3",
        error("deployment/default/web=3"));
    assertEquals("\"service/default/web:=1\": no field after \":\"; write service/default/web:FIELD=VALUE",
        error("service/default/web:=1"));
    assertEquals("\"kind=Foo\": kind says what the document is; --set cannot change it", error("kind=Foo"));
    assertEquals("\"service/default/web:apiVersion=v2\": apiVersion says what the document is; --set cannot"
        + " change it", error("service/default/web:apiVersion=v2"));
    assertEquals("\"spec.x=[a\": the value is not valid YAML: expected ',' or ']', but got <stream end>"
        + " (while parsing a flow sequence)", error("spec.x=[a"));
    assertEquals("\"spec.x=a\\n---\\nb\": the value holds several YAML documents; give one value",
        error("spec.x=a\n---\nb"));
  }
}
