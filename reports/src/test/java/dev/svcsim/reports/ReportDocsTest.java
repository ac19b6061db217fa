package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.FailureReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/report.md explains every key the report has. */
class ReportDocsTest {

  private static String docs() throws IOException {
    return Files.readString(Path.of("..", "docs", "report.md"), StandardCharsets.UTF_8);
  }

  @Test
  void everyFailureReasonIsExplained() throws IOException {
    String docs = docs();
    for (FailureReason r : FailureReason.values()) {
      assertTrue(docs.contains("| `" + r.key() + "` |"), "docs/report.md has no row for failedBy." + r.key());
    }
  }

  @Test
  void everyKeyOfTheJsonIsNamedInTheDocs() throws IOException {
    String docs = docs();
    TreeSet<String> keys = new TreeSet<>();
    collect(ReportTree.of(Report.of(Fixtures.run(), List.of(
        new dev.svcsim.models.scenario.Expectation("x", "seed", dev.svcsim.models.scenario.Expectation.Op.GE, 0, 0)))),
        keys, false);
    List<String> missing = keys.stream().filter(k -> !docs.contains("`" + k + "`") && !docs.contains("." + k + "`")
        && !docs.contains("`" + k + ".")).toList();
    assertTrue(missing.isEmpty(), "docs/report.md does not mention the keys " + missing);
  }

  /** Field names, skipping names of Services, pods and nodes (data, not keys) and hop counts. */
  private static void collect(JsonValue v, TreeSet<String> keys, boolean namesAreData) {
    if (v instanceof JsonValue.Obj o) {
      for (Map.Entry<String, JsonValue> e : o.fields().entrySet()) {
        if (!namesAreData && !e.getKey().matches("\\d+")) {
          keys.add(e.getKey());
        }
        boolean childNames = e.getKey().equals("services") || e.getKey().equals("pods") || e.getKey().equals("nodes");
        collect(e.getValue(), keys, !namesAreData && childNames);
      }
    } else if (v instanceof JsonValue.Arr a) {
      for (JsonValue item : a.items()) {
        collect(item, keys, false);
      }
    }
  }
}
