package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.models.scenario.Expectation.Op;
import dev.svcsim.reports.JUnitXmlWriter.Suite;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlWriterTest {

  private static Report report(List<Expectation> expectations) {
    return Report.of(Fixtures.run(), expectations);
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static String write(List<Suite> suites) throws Exception {
    StringWriter w = new StringWriter();
    JUnitXmlWriter.write(suites, w);
    return w.toString();
  }

  private static List<Element> children(Element parent, String tag) {
    NodeList all = parent.getElementsByTagName(tag);
    List<Element> out = new java.util.ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      if (all.item(i).getParentNode() == parent) {
        out.add((Element) all.item(i));
      }
    }
    return out;
  }

  @Test
  void oneSuitePerScenarioOneCasePerExpectationAFailureWithActualAndExpected() throws Exception {
    Report passing = report(List.of(
        new Expectation("source IP preserved", "services[\"default/web\"].sourceIpPreserved", Op.GE, 0.99, 0),
        new Expectation("Local skew", "services[\"default/web\"].skew.maxOverMean", Op.EQ, 1.5, 0.01)));
    Report failing = report(List.of(
        new Expectation("even split", "services[\"default/web\"].skew.maxOverMean", Op.LE, 1.1, 0),
        new Expectation("nothing failed", "services[\"default/api\"].connections.failed", Op.EQ, 0, 0),
        new Expectation("typo", "services[\"default/web\"].skew.jian", Op.GE, 0.9, 0)));
    String xml = write(List.of(
        new Suite("etp-local-imbalance", "examples/a.yaml", passing, List.of(), 0.25),
        new Suite("etp-local-imbalance", "examples/b.yaml", failing, List.of(), 0.5),
        new Suite("broken.yaml", "examples/broken.yaml", null,
            List.of("examples/broken.yaml:3:7: spec.duration: Required value"), 0.01)));
    Element root = parse(xml).getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    assertEquals("6", root.getAttribute("tests"), "2 + 3 expectations + 1 load error");
    assertEquals("3", root.getAttribute("failures"));
    assertEquals("1", root.getAttribute("errors"));

    List<Element> suites = children(root, "testsuite");
    assertEquals(3, suites.size(), "one testsuite per scenario");
    Element a = suites.get(0);
    assertEquals("2", a.getAttribute("tests"));
    assertEquals("0", a.getAttribute("failures"));
    List<Element> aCases = children(a, "testcase");
    assertEquals(List.of("source IP preserved", "Local skew"), aCases.stream().map(e -> e.getAttribute("name")).toList());
    assertEquals("svcsim.etp-local-imbalance", aCases.get(0).getAttribute("classname"));
    assertEquals(0, a.getElementsByTagName("failure").getLength());
    assertTrue(xml.contains("<property name=\"seed\" value=\"42\"/>"), xml);
    assertTrue(xml.contains("<property name=\"file\" value=\"examples/a.yaml\"/>"), xml);

    Element b = suites.get(1);
    assertEquals("3", b.getAttribute("failures"));
    List<Element> bCases = children(b, "testcase");
    Element skew = (Element) bCases.get(0).getElementsByTagName("failure").item(0);
    assertEquals("expected services[\"default/web\"].skew.maxOverMean <= 1.1, actual 1.5", skew.getAttribute("message"));
    assertTrue(skew.getTextContent().contains("actual:    1.5"), skew.getTextContent());
    Element failed = (Element) bCases.get(1).getElementsByTagName("failure").item(0);
    assertEquals("expected services[\"default/api\"].connections.failed == 0, actual 40", failed.getAttribute("message"),
        "a count is printed as an integer");
    Element typo = (Element) bCases.get(2).getElementsByTagName("failure").item(0);
    assertTrue(typo.getAttribute("message").startsWith("expected services[\"default/web\"].skew.jian >= 0.9, actual none ("),
        typo.getAttribute("message"));
    assertTrue(typo.getAttribute("message").contains("skew.jian names no field; the fields of"), typo.getAttribute("message"));
    assertEquals(1, b.getElementsByTagName("system-err").getLength(), "the report's warnings go to system-err");

    Element c = suites.get(2);
    assertEquals("1", c.getAttribute("errors"));
    Element error = (Element) c.getElementsByTagName("error").item(0);
    assertEquals("examples/broken.yaml: 1 error; nothing was simulated", error.getAttribute("message"));
    assertEquals("examples/broken.yaml:3:7: spec.duration: Required value", error.getTextContent());
  }

  @Test
  void escapesWhatXmlCannotHoldAsIs() throws Exception {
    Report r = report(List.of(new Expectation("<a & \"b\"> 'c'\u0001", "services[\"default/web\"].skew.jain", Op.GT, 2, 0)));
    String xml = write(List.of(new Suite("s", "x&y.yaml", r, List.of(), 0)));
    Element root = parse(xml).getDocumentElement();
    Element testcase = (Element) root.getElementsByTagName("testcase").item(0);
    assertEquals("<a & \"b\"> 'c'\uFFFD", testcase.getAttribute("name"));
  }

  @Test
  void aSuiteHasAReportOrLoadErrors() {
    assertThrows(IllegalArgumentException.class, () -> new Suite("s", "f", null, List.of(), 0));
    assertThrows(IllegalArgumentException.class,
        () -> new Suite("s", "f", report(List.of()), List.of("f:1:1: x"), 0));
  }

  @Test
  void noSuitesIsAnEmptyValidDocument() throws Exception {
    Element root = parse(write(List.of())).getDocumentElement();
    assertEquals("0", root.getAttribute("tests"));
    assertEquals(0, root.getElementsByTagName("testsuite").getLength());
  }
}
