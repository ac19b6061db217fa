package dev.svcsim.scenario.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.svcsim.scenario.Problems;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlPathTest {

  private static YamlNode doc(String text) {
    Problems p = new Problems();
    List<YamlDocument> docs = new YamlReader().read("f.yaml", text, p);
    return docs.get(0).root();
  }

  private static final String TEXT =
      "spec:\n"
          + "  traffic:\n"
          + "    - name: users\n"
          + "      rate: 10/s\n"
          + "    - name: bots\n"
          + "      rate: 5/s\n"
          + "metadata:\n"
          + "  annotations:\n"
          + "    svcsim.dev/concurrency: \"4\"\n";

  @Test
  void parsesAndPrintsEveryForm() {
    for (String p :
        List.of(
            "spec.traffic[0].rate",
            "spec.traffic[name=users].rate",
            "metadata.annotations[\"svcsim.dev/concurrency\"]",
            "a")) {
      assertEquals(p, YamlPath.parse(p).toString());
    }
    assertEquals(
        List.of(new YamlPath.Key("spec"), new YamlPath.Match("name", "users"), new YamlPath.Index(2)),
        YamlPath.parse("spec[name='users'][2]").segments());
  }

  @Test
  void findsAndLocates() {
    YamlNode root = doc(TEXT);
    assertEquals("5/s", ((YamlScalar) YamlPath.parse("spec.traffic[name=bots].rate").find(root)).text());
    assertEquals("4", ((YamlScalar) YamlPath.parse("metadata.annotations[\"svcsim.dev/concurrency\"]").find(root)).text());
    assertNull(YamlPath.parse("spec.traffic[7].rate").find(root));
    assertEquals(new Location("f.yaml", 4, 13), YamlPath.parse("spec.traffic[0].rate").locate(root));
    // a missing field points at the nearest existing parent
    assertEquals(new Location("f.yaml", 5, 7), YamlPath.parse("spec.traffic[1].stop").locate(root));
  }

  @Test
  void setsWithoutTouchingTheOriginal() {
    YamlNode root = doc(TEXT);
    YamlScalar v = YamlScalar.string(new Location("set", 1, 1), "99/s");
    YamlNode changed = YamlPath.parse("spec.traffic[name=bots].rate").set(root, v);
    assertEquals("99/s", ((YamlScalar) YamlPath.parse("spec.traffic[1].rate").find(changed)).text());
    assertEquals("5/s", ((YamlScalar) YamlPath.parse("spec.traffic[1].rate").find(root)).text());
    YamlNode added = YamlPath.parse("spec.template.metadata.annotations[\"a/b\"]").set(root, v);
    assertEquals("99/s", ((YamlScalar) YamlPath.parse("spec.template.metadata.annotations[\"a/b\"]").find(added)).text());
  }

  @Test
  void refusesWhatItCannotSet() {
    YamlNode root = doc(TEXT);
    YamlScalar v = YamlScalar.string(new Location("set", 1, 1), "x");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> YamlPath.parse("spec.traffic[5].rate").set(root, v));
    assertEquals("spec.traffic[5] names no element of the list", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> YamlPath.parse("spec.traffic[0].rate.x").set(root, v));
    assertEquals("spec.traffic[0].rate is the string \"10/s\", not a mapping with field \"x\"", e.getMessage());
  }

  @Test
  void badPathsSayWhere() {
    assertEquals(
        "bad field path \"a..b\" at offset 2: expected a field name",
        assertThrows(IllegalArgumentException.class, () -> YamlPath.parse("a..b")).getMessage());
    assertEquals(
        "bad field path \"a[\" at offset 1: missing ']'",
        assertThrows(IllegalArgumentException.class, () -> YamlPath.parse("a[")).getMessage());
    assertEquals(
        "bad field path \"a.\" at offset 2: expected a field name after '.'",
        assertThrows(IllegalArgumentException.class, () -> YamlPath.parse("a.")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> YamlPath.parse(""));
    assertThrows(IllegalArgumentException.class, () -> YamlPath.parse("a[x]"));
  }

  @Test
  void syntaxErrorsCarryTheirOffset() {
    YamlPath.PathSyntaxException e =
        assertThrows(YamlPath.PathSyntaxException.class, () -> YamlPath.parse("spec.traffic[x].rate"));
    assertEquals(12, e.offset());
    assertEquals("expected [N], [\"key\"] or [field=value]", e.reason());
    assertEquals("bad field path \"\" at offset 0: expected a field name",
        assertThrows(YamlPath.PathSyntaxException.class, () -> YamlPath.parse("")).getMessage());
  }

  @Test
  void segmentOffsetsPointAtEachSegment() {
    assertEquals(List.of(0, 5, 12, 25), YamlPath.segmentOffsets("spec.traffic[name=users].rate"));
    assertEquals(List.of(0, 9, 20), YamlPath.segmentOffsets("metadata.annotations[\"svcsim.dev/x\"]"));
    assertEquals(List.of(0, 1, 4), YamlPath.segmentOffsets("a[0][1]"));
  }

  @Test
  void createdKeysAreLocatedWhereThePathSaysSo() {
    YamlNode root = doc(TEXT);
    YamlScalar v = YamlScalar.string(new Location("set", 1, 30), "x");
    YamlMap changed = (YamlMap) YamlPath.parse("spec.template.nodeName")
        .set(root, v, depth -> new Location("set", 1, depth + 1));
    YamlMap spec = (YamlMap) changed.get("spec");
    assertEquals(new Location("f.yaml", 1, 1), changed.entry("spec").keyLocation(), "an existing key stays put");
    assertEquals(new Location("set", 1, 2), spec.entry("template").keyLocation());
    YamlMap template = (YamlMap) spec.get("template");
    assertEquals(new Location("set", 1, 3), template.entry("nodeName").keyLocation());
    assertEquals(new Location("set", 1, 30), template.get("nodeName").location(), "the value keeps its own");
  }

  @Test
  void printsKeysAsTheBinderNamesFields() {
    String[][] cases = {
      {"plain", "spec.a.plain"},
      {"svcsim.dev/concurrency", "spec.a[\"svcsim.dev/concurrency\"]"},
      {"with space", "spec.a[\"with space\"]"},
      {"q\"uote", "spec.a[\"q\\\"uote\"]"},
      {"", "spec.a[\"\"]"},
    };
    for (String[] c : cases) {
      YamlPath p = new YamlPath(List.of(new YamlPath.Key("spec"), new YamlPath.Key("a"), new YamlPath.Key(c[0])));
      assertEquals(c[1], p.toString(), c[0]);
      assertEquals(c[1], YamlPath.join("spec.a", c[0]), c[0]);
    }
    assertEquals("[\"a/b\"].c", YamlPath.join(YamlPath.join("", "a/b"), "c"));
    assertEquals("a[0].b", new YamlPath(List.of(new YamlPath.Key("a"), new YamlPath.Index(0), new YamlPath.Key("b"))).toString());
    assertEquals("spec", YamlPath.parse("spec.a").prefix(1).toString());
  }
}
