package dev.svcsim.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.reports.Report;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bundled example is documentation that runs: it loads cleanly and all its expectations hold. */
class ExamplesTest {

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertFalse(list.isEmpty(), "no examples found in scenarios/examples");
      return list.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void loadsRunsAndMeetsItsExpectations(Path example) {
    LoadResult loaded = new ScenarioLoader().load(example);
    assertTrue(loaded.problems().isEmpty(),
        () -> example + " should load without errors or warnings, but got:\n"
            + loaded.problems().stream().map(Object::toString).collect(Collectors.joining("\n")));
    RunResult run = DataPlane.run(loaded.scenario(), RunOptions.DEFAULT);
    for (ServiceResult s : run.services()) {
      assertEquals(s.generated(), s.delivered() + s.failed(), s.service() + ": generated != delivered + failed");
    }
    Report report = Report.of(run, loaded.scenario().expectations());
    assertFalse(report.expectations().isEmpty(), example + " should state at least one expectation");
    for (Report.ExpectationRow row : report.expectations()) {
      assertTrue(row.passed(), () -> example + ": expectation '" + row.name() + "' failed: " + row.metric() + " "
          + row.op().symbol() + " " + row.value() + " (tolerance " + row.tolerance() + "), actual " + row.actual()
          + (report.warnings().isEmpty() ? "" : "; warnings: " + report.warnings()));
    }
  }
}
