package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.reports.ServiceReport.PodReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The HTML report: well-formed, one chart of each kind per Service, offline, escaped, deterministic. */
class HtmlReportWriterTest {

  static final String SVG_NS = "http://www.w3.org/2000/svg";

  static String html(Report r) throws IOException {
    StringWriter out = new StringWriter();
    ReportFormat.HTML.writer().write(r, out);
    return out.toString();
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setExpandEntityReferences(false);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  /** Every {@code <svg>...</svg>} of the page, parsed on its own. */
  static List<Document> svgs(String html) throws Exception {
    List<Document> out = new ArrayList<>();
    Matcher m = Pattern.compile("<svg[ >].*?</svg>", Pattern.DOTALL).matcher(html);
    while (m.find()) {
      Document d = parse(m.group());
      assertEquals(SVG_NS, d.getDocumentElement().getNamespaceURI(), "an SVG element in the SVG namespace");
      out.add(d);
    }
    return out;
  }

  /** The chart whose id is {@code id}. */
  static Document chart(List<Document> svgs, String id) {
    return svgs.stream().filter(d -> d.getDocumentElement().getAttribute("id").equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no chart " + id));
  }

  /** The elements called {@code tag} whose class list has {@code cls}. */
  static List<Element> elements(Document d, String tag, String cls) {
    List<Element> out = new ArrayList<>();
    NodeList all = d.getElementsByTagNameNS("*", tag);
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
        out.add(e);
      }
    }
    return out;
  }

  static double number(Element e, String attribute) {
    return Double.parseDouble(e.getAttribute(attribute));
  }

  static double viewBoxHeight(Document svg) {
    return Double.parseDouble(svg.getDocumentElement().getAttribute("viewBox").split(" ")[3]);
  }

  @Test
  void theFormatIsRegistered() {
    assertEquals(ReportFormat.HTML, ReportFormat.fromName("html"));
    assertInstanceOf(HtmlReportWriter.class, ReportFormat.HTML.writer());
  }

  @Test
  void thePageIsWellFormedAndEverySvgParsesOnItsOwn() throws Exception {
    String html = html(ReportSamples.shop());
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html.substring(0, 60));
    Document page = parse(html);
    assertEquals("html", page.getDocumentElement().getTagName());
    assertEquals(8, svgs(html).size(), "four charts for each of the two Services");
    assertFalse(html.contains("NaN") || html.contains("Infinity"), "no NaN or Infinity anywhere");
  }

  @Test
  void oneChartOfEachKindPerServiceWithABarPerPod() throws Exception {
    Report r = ReportSamples.shop();
    List<Document> svgs = svgs(html(r));
    int i = 0;
    for (Map.Entry<String, ServiceReport> e : r.services().entrySet()) {
      String id = "svc-" + ++i;
      ServiceReport s = e.getValue();
      Document pods = chart(svgs, id + "-pods");
      assertTrue(pods.getDocumentElement().getAttribute("class").contains("pod-shares"));
      assertEquals(s.pods().size(), elements(pods, "rect", "bar").size(), e.getKey() + ": one bar per pod");
      assertEquals(1, elements(pods, "line", "reference").size(), "the uniform line");

      Document nodes = chart(svgs, id + "-nodes");
      assertEquals(s.nodes().size(), elements(nodes, "rect", "s0").size(), "a pod-share bar per node");
      assertEquals(s.nodes().size(), elements(nodes, "rect", "s1").size(), "an ingress bar per node");

      Document timeline = chart(svgs, id + "-timeline");
      assertEquals(1, elements(timeline, "path", "delivered").size());
      assertEquals(1, elements(timeline, "path", "failed").size());
      long rows = r.timeline().stream().filter(t -> t.service().equals(e.getKey())).count();
      assertEquals(rows, elements(timeline, "rect", "hover").size(), "one hover box per timeline row");
      assertEquals(r.events().size(), elements(timeline, "g", "event").size(), "one mark per event");

      Document topology = chart(svgs, id + "-topology");
      assertEquals(s.pods().size(), elements(topology, "rect", "pod").size());
      assertEquals(s.nodes().size(), elements(topology, "rect", "node").size());
      long entered = s.nodes().values().stream().filter(n -> n.ingressConnections() > 0).count();
      assertEquals(entered + s.pods().size(), elements(topology, "path", "edge").size(),
          "an edge into every node some connection entered, and one to every pod");
    }
  }

  @Test
  void barsAreProportionalToSharesAndTheUniformLineIsAtOneOverN() throws Exception {
    Report r = ReportSamples.shop();
    ServiceReport s = r.services().get("shop/checkout");
    Document pods = chart(svgs(html(r)), "svc-2-pods");
    Element reference = elements(pods, "line", "reference").get(0);
    List<Element> bars = elements(pods, "rect", "bar");
    double left = number(bars.get(0), "x");
    double uniformWidth = number(reference, "x1") - left;
    double uniform = 1.0 / s.skew().podsCounted();
    int k = 0;
    for (Map.Entry<String, PodReport> p : s.pods().entrySet()) {
      Element bar = bars.get(k++);
      assertEquals(p.getValue().share() / uniform, number(bar, "width") / uniformWidth, 0.002, p.getKey());
      boolean hatched = bar.getAttribute("fill").startsWith("url(#");
      assertEquals(!p.getValue().readyWholeWindow(), hatched, p.getKey() + ": hatched when not Ready the whole window");
    }
  }

  @Test
  void twoHundredPodsStayReadable() throws Exception {
    Report r = ReportSamples.manyPods(200);
    List<Document> svgs = svgs(html(r));
    Document pods = chart(svgs, "svc-1-pods");
    assertEquals(200, elements(pods, "rect", "bar").size(), "still one bar per pod");
    assertTrue(viewBoxHeight(pods) < 1000, "height capped: " + viewBoxHeight(pods));
    int labels = elements(pods, "text", "label").size();
    assertTrue(labels >= 40 && labels <= 70, "one label in a few rows: " + labels);
    Document topology = chart(svgs, "svc-1-topology");
    assertEquals(20, elements(topology, "rect", "pod").size(), "one box per node's pods");
    assertTrue(viewBoxHeight(topology) < 1000, "topology height: " + viewBoxHeight(topology));
  }

  @Test
  void manyEventsAreLinesWithTooltipsOnly() throws Exception {
    Report r = ReportSamples.shop();
    List<Report.EventRow> events = new ArrayList<>();
    for (int t = 0; t < 30; t++) {
      events.add(new Report.EventRow(t, "killPod", "pod/shop/checkout-" + t));
    }
    Report many = new Report(r.scenario(), r.seed(), r.simulatedSeconds(), r.kubeProxyMode(), r.services(),
        r.timeline(), r.expectations(), r.warnings(), r.warmupSeconds(), r.intervalSeconds(), events, r.engine());
    Document timeline = chart(svgs(html(many)), "svc-1-timeline");
    List<Element> marks = elements(timeline, "g", "event");
    assertEquals(30, marks.size());
    for (Element mark : marks) {
      assertEquals(0, mark.getElementsByTagNameNS(SVG_NS, "text").getLength(), "no label");
      assertEquals(1, mark.getElementsByTagNameNS(SVG_NS, "line").getLength(), "a line");
      assertTrue(mark.getElementsByTagNameNS(SVG_NS, "title").item(0).getTextContent().contains("killPod"));
    }
    assertTrue(timeline.getDocumentElement().getTextContent().contains("30 events: hover a line for each"));
  }

  @Test
  void copesWithOnePodNoDeliveryNoTimelineAndNoServices() throws Exception {
    String nothingDelivered = html(ReportSamples.onePod("lonely", "node-1", false, false));
    List<Document> svgs = svgs(nothingDelivered);
    assertEquals(4, svgs.size());
    Document pods = chart(svgs, "svc-1-pods");
    assertEquals(1, elements(pods, "rect", "bar").size());
    assertEquals(0.0, number(elements(pods, "rect", "bar").get(0), "width"), "no share, no bar");
    assertEquals("No connection was delivered, so no pod has a share.", elements(pods, "text", "note").get(0)
        .getTextContent());
    assertTrue(elements(pods, "line", "reference").isEmpty(), "no uniform share of nothing");
    assertEquals("No timeline rows for this Service.",
        elements(chart(svgs, "svc-1-timeline"), "text", "note").get(0).getTextContent());
    assertFalse(nothingDelivered.contains("NaN") || nothingDelivered.contains("Infinity"));

    List<Document> one = svgs(html(ReportSamples.onePod("solo", "node-1", true, true)));
    List<Element> bar = elements(chart(one, "svc-1-pods"), "rect", "bar");
    assertEquals(1, bar.size());
    assertEquals(number(elements(chart(one, "svc-1-pods"), "line", "reference").get(0), "x1"),
        number(bar.get(0), "x") + number(bar.get(0), "width"), 0.05, "one pod: 100% on the uniform line");

    String empty = html(ReportSamples.noServices());
    parse(empty);
    assertTrue(empty.contains("No Service received traffic."));
    assertTrue(svgs(empty).isEmpty());
  }

  @Test
  void nothingPointsAtTheNetwork() throws Exception {
    String html = html(ReportSamples.shop());
    Matcher url = Pattern.compile("https?://[^\"'\\s)]*").matcher(html);
    int namespaces = 0;
    while (url.find()) {
      assertEquals(SVG_NS, url.group(), "the only URL is the SVG namespace");
      namespaces++;
    }
    assertEquals(8, namespaces);
    assertFalse(html.contains("src="), "no src attribute");
    assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"), "no script");
    assertFalse(html.contains("@import"), "no CSS import");
    Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (href.find()) {
      assertTrue(href.group(1).startsWith("#"), "links stay in the page: " + href.group());
    }
    Matcher cssUrl = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
    while (cssUrl.find()) {
      assertTrue(cssUrl.group(1).startsWith("#"), "url() only for patterns of the page: " + cssUrl.group());
    }
    assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"),
        "a policy that forbids fetching anything");
  }

  @Test
  void namesAreEscapedInTheTextAndInTheCharts() throws Exception {
    String pod = "web-<&\">-1";
    String node = "node-'<1>'";
    String html = html(ReportSamples.onePod(pod, node, true, true));
    assertFalse(html.contains(pod), "the raw name never appears");
    assertFalse(html.contains(node));
    assertTrue(html.contains("web-&lt;&amp;&quot;&gt;-1"), "escaped");
    Document page = parse(html);
    String text = page.getDocumentElement().getTextContent();
    assertTrue(text.contains("about " + pod + " on " + node), "the warning reads as written");
    assertTrue(text.contains("pod/" + pod), "the event's target reads as written");
    List<Document> svgs = svgs(html);
    assertEquals(pod, elements(chart(svgs, "svc-1-pods"), "text", "label").get(0).getTextContent());
    assertTrue(chart(svgs, "svc-1-topology").getDocumentElement().getTextContent().contains(node));
    assertTrue(chart(svgs, "svc-1-timeline").getDocumentElement().getTextContent().contains("killPod pod/" + pod));

    assertEquals("a\uFFFDb &amp; &#39;c&#39;", Markup.escape("a\u0001b & 'c'"), "no character XML forbids");
  }

  @Test
  void expectationsComeBeforeTheCharts() throws Exception {
    String html = html(ReportSamples.shop());
    int expectations = html.indexOf("id=\"expectations\"");
    assertTrue(expectations > 0 && expectations < html.indexOf("<svg"), "expectations first");
    assertTrue(html.contains("<span class=\"badge pass\">PASS</span>"));
    assertTrue(html.contains("<span class=\"badge fail\">FAIL</span>"));
    assertTrue(html.contains("1 of 2 expectations failed."));
    assertTrue(html.indexOf("ipvs: scheduler rr") < html.indexOf("<svg"), "warnings before the charts too");
  }

  @Test
  void theSameReportGivesTheSameBytes() throws Exception {
    String first = html(ReportSamples.shop());
    assertEquals(first, html(ReportSamples.shop()), "the same report built twice, written twice");
    Report r = ReportSamples.manyPods(200);
    assertEquals(html(r), html(r));
    assertNotNull(parse(first));
  }
}
