package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.reports.MetricPath.Index;
import dev.svcsim.reports.MetricPath.Key;
import dev.svcsim.reports.MetricPath.Match;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricPathTest {

  @Test
  void dottedAndQuotedKeys() {
    assertEquals(List.of(new Key("seed")), MetricPath.parse("seed").segments());
    assertEquals(
        List.of(new Key("services"), new Key("default/web"), new Key("skew"), new Key("maxOverMean")),
        MetricPath.parse("services[\"default/web\"].skew.maxOverMean").segments());
    assertEquals(
        List.of(new Key("services"), new Key("a.b/c[0]"), new Key("pods"), new Key("web-0"), new Key("share")),
        MetricPath.parse("services['a.b/c[0]'].pods[\"web-0\"].share").segments(),
        "dots and brackets inside quotes are part of the key");
    assertEquals(List.of(new Key("nodeHops"), new Key("1")), MetricPath.parse("nodeHops.1").segments());
  }

  @Test
  void indicesAndSelectors() {
    assertEquals(List.of(new Key("timeline"), new Index(3), new Key("delivered")),
        MetricPath.parse("timeline[3].delivered").segments());
    assertEquals(List.of(new Key("timeline"), new Match("service", "default/web"), new Key("failed")),
        MetricPath.parse("timeline[service=\"default/web\"].failed").segments());
  }

  @Test
  void writtenBackCanonically() {
    assertEquals("services[\"default/web\"].pods[\"web-0\"].share",
        MetricPath.parse("services['default/web'].pods[\"web-0\"].share").toString());
    assertEquals("timeline[0].pods", MetricPath.parse("timeline[0].pods").toString());
    assertEquals("services", MetricPath.parse("services[\"x\"]").prefix(1));
  }

  @Test
  void badPathsSayWhereAndWhat() {
    assertMessage("", "the metric path is empty");
    assertMessage("services[\"a/b\"", "at offset 8: missing ']'");
    assertMessage("services[\"a/b]", "at offset 8: missing ']'");
    assertMessage("services..x", "at offset 9: expected a key before '.'");
    assertMessage("seed.", "at offset 5: expected a key after '.'");
    assertMessage("services[x]", "expected [N], [\"key\"] or [field=value]");
    assertMessage("services[\"a\"]x", "at offset 13: expected '.' or '['");
    assertMessage("timeline[1234567890]", "list index too large");
  }

  private static void assertMessage(String path, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricPath.parse(path),
        "should not parse: " + path);
    assertTrue(e.getMessage().contains(expected), "for " + path + ": " + e.getMessage());
  }
}
