package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.ServiceResult;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The topology draws one arrow per pair of nodes that forwarded connections, with its count. */
class TopologyForwardingTest {

  @Test
  void oneArrowPerForwardingPairWithItsCountAndNoneWithoutForwarding() {
    ServiceResult cluster = Fixtures.forwarding(3500, 2500);
    ServiceReport s = Report.of(Fixtures.run(List.of(cluster), List.of()), List.of()).services().get("default/web");
    String svg = TopologyPicture.svg("t", "default/web", s);
    Matcher m = Pattern.compile("<path class=\"forward\"[^>]*>\\s*<title>([^<]*)</title>").matcher(svg);
    List<String> titles = new java.util.ArrayList<>();
    while (m.find()) {
      titles.add(m.group(1));
    }
    assertEquals(List.of("node-a forwarded to node-b 3500 connections", "node-b forwarded to node-a 2500 connections"),
        titles, svg);
    assertTrue(svg.contains("marker-end=\"url(#t-forward)\""), "the arrows have heads");
    assertEquals(1, svg.split("<marker ", -1).length - 1, "one arrowhead definition");

    String local = TopologyPicture.svg("l", "default/web", Report.of(Fixtures.run(), List.of()).services().get("default/web"));
    assertTrue(!local.contains("class=\"forward\"") && !local.contains("<marker"), "Local forwards nothing: " + local);
  }
}
