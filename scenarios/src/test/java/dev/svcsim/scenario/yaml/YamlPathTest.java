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
}
