package dev.svcsim.scenario.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.scenario.Problems;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

  private final YamlReader reader = new YamlReader();

  private List<YamlDocument> read(String text, Problems problems) {
    return reader.read("f.yaml", text, problems);
  }

  @Test
  void locationsOfKeysAndValuesAreOneBasedAndFileAbsoluteAcrossDocuments() {
    Problems problems = new Problems();
    String text =
        "a: 1\n"
            + "b:\n"
            + "  c: \"x\"\n"
            + "---\n"
            + "# comment\n"
            + "kind: Service\n"
            + "spec:\n"
            + "  ports:\n"
            + "  - port: 80\n"
            + "    name: http\n";
    List<YamlDocument> docs = read(text, problems);
    assertFalse(problems.hasErrors(), problems.sorted().toString());
    assertEquals(2, docs.size());
    YamlMap first = (YamlMap) docs.get(0).root();
    assertEquals(new Location("f.yaml", 1, 1), first.entry("a").keyLocation());
    assertEquals(new Location("f.yaml", 1, 4), first.get("a").location());
    YamlMap b = (YamlMap) first.get("b");
    assertEquals(new Location("f.yaml", 3, 3), b.entry("c").keyLocation());
    assertEquals(new Location("f.yaml", 3, 6), b.get("c").location());
    assertEquals(YamlScalar.Type.STRING, ((YamlScalar) b.get("c")).type());
    YamlMap second = (YamlMap) docs.get(1).root();
    assertEquals(1, docs.get(1).index());
    assertEquals(new Location("f.yaml", 6, 1), second.entry("kind").keyLocation());
    YamlSeq ports = (YamlSeq) ((YamlMap) second.get("spec")).get("ports");
    assertEquals(new Location("f.yaml", 9, 3), ports.location());
    YamlMap port = (YamlMap) ports.get(0);
    assertEquals(new Location("f.yaml", 9, 5), port.entry("port").keyLocation());
    assertEquals(new Location("f.yaml", 9, 11), port.get("port").location());
    assertEquals(YamlScalar.Type.INTEGER, ((YamlScalar) port.get("port")).type());
    assertEquals(new Location("f.yaml", 10, 5), port.entry("name").keyLocation());
  }

  @Test
  void scalarTypesFollowYaml() {
    Problems problems = new Problems();
    YamlMap m =
        (YamlMap)
            read("i: 80\ns: \"80\"\nf: 1.5\nb: true\nn: null\nt: ~\ne:\nw: web\n", problems)
                .get(0)
                .root();
    assertEquals(YamlScalar.Type.INTEGER, ((YamlScalar) m.get("i")).type());
    assertEquals(YamlScalar.Type.STRING, ((YamlScalar) m.get("s")).type());
    assertEquals(YamlScalar.Type.FLOAT, ((YamlScalar) m.get("f")).type());
    assertEquals(YamlScalar.Type.BOOLEAN, ((YamlScalar) m.get("b")).type());
    assertEquals(YamlScalar.Type.NULL, ((YamlScalar) m.get("n")).type());
    assertEquals(YamlScalar.Type.NULL, ((YamlScalar) m.get("t")).type());
    assertEquals(YamlScalar.Type.NULL, ((YamlScalar) m.get("e")).type());
    assertEquals("web", ((YamlScalar) m.get("w")).text());
  }

  @Test
  void duplicateKeysAreErrorsAtTheSecondKey() {
    Problems problems = new Problems();
    read("a: 1\nb:\n  x: 1\n  x: 2\n", problems);
    assertEquals(
        "[f.yaml:4:3: duplicate key \"x\" (first written at line 3); remove one of them]",
        problems.sorted().toString());
  }

  @Test
  void syntaxErrorsCarryTheirLocation() {
    Problems problems = new Problems();
    read("a: 1\nb: [1, 2\nc: 3\n", problems);
    assertEquals(1, problems.errorCount());
    String p = problems.sorted().get(0).toString();
    assertTrue(p.startsWith("f.yaml:3:2: invalid YAML: "), p);
  }

  @Test
  void badIndentationPointsAtTheOffendingLine() {
    Problems problems = new Problems();
    read("a:\n  b: 1\n c: 2\n", problems);
    String p = problems.sorted().get(0).toString();
    assertTrue(p.startsWith("f.yaml:3:"), p);
  }

  @Test
  void aliasesAndMergeKeysExpand() {
    Problems problems = new Problems();
    YamlMap m =
        (YamlMap)
            read("base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n", problems)
                .get(0)
                .root();
    assertFalse(problems.hasErrors(), problems.sorted().toString());
    assertSame(m.get("base"), m.get("use"));
    YamlMap merged = (YamlMap) m.get("merged");
    assertEquals("1", ((YamlScalar) merged.get("x")).text());
    assertEquals("3", ((YamlScalar) merged.get("y")).text());
  }

  @Test
  void billionLaughsIsRefusedCleanly() {
    StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      b.append("a").append(i).append(": &a").append(i).append(" [");
      for (int k = 0; k < 10; k++) {
        b.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      b.append("]\n");
    }
    Problems problems = new Problems();
    read(b.toString(), problems);
    assertTrue(problems.hasErrors());
    assertTrue(
        problems.sorted().get(0).message().contains("after expanding aliases"),
        problems.sorted().toString());
  }

  @Test
  void deepNestingIsRefusedWithoutStackOverflow() {
    Problems problems = new Problems();
    read("[".repeat(100_000), problems);
    assertTrue(problems.hasErrors());
    Problems problems2 = new Problems();
    read("a:\n" + "  ".repeat(1) + "b: ".repeat(5000) + "1\n", problems2);
    assertTrue(problems2.hasErrors());
  }

  @Test
  void invalidUtf8IsAnError() {
    Problems problems = new Problems();
    reader.read("f.yaml", new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28}, problems);
    assertEquals(
        "[f.yaml:1:1: not a UTF-8 text file; save it as UTF-8]", problems.sorted().toString());
  }

  @Test
  void emptyDocumentsAreSkippedButCounted() {
    Problems problems = new Problems();
    List<YamlDocument> docs = read("---\n---\na: 1\n---\n", problems);
    assertEquals(1, docs.size());
    assertInstanceOf(YamlMap.class, docs.get(0).root());
    assertTrue(docs.get(0).index() >= 1);
    assertEquals(0, reader.read("f", "".getBytes(StandardCharsets.UTF_8), problems).size());
  }
}
