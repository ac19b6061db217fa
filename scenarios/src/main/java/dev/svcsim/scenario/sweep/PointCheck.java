package dev.svcsim.scenario.sweep;

import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.SetOverride;
import dev.svcsim.scenario.yaml.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks one point before a sweep runs, by loading the scenario with the point's values set. Its
 * problems are of two kinds:
 *
 * <ul>
 *   <li>a parameter's path names nothing in the scenario (a manifest that is not there, a list
 *       element that does not exist, a field svcsim does not read): the sweep file is wrong, so
 *       the problem is the sweep's, located at the path in the sweep file;
 *   <li>anything else (a value that does not suit its field, a Service that the values make
 *       invalid): the point's own error, recorded for it while the other points run.
 * </ul>
 */
public final class PointCheck {

  private PointCheck() {}

  /**
   * What checking a point found.
   *
   * @param sweepErrors problems of the sweep file (its parameter paths), located there
   * @param error the point's own problems, one line, or "" when it loads
   */
  public record Outcome(List<Problem> sweepErrors, String error) {
    public Outcome {
      sweepErrors = List.copyOf(sweepErrors);
    }

    /** Whether the point loads. */
    public boolean ok() {
      return sweepErrors.isEmpty() && error.isEmpty();
    }
  }

  /** Loads {@code point} of {@code sweep} (with the scenario's own seed) and sorts its problems. */
  public static Outcome check(Sweep sweep, SweepPoint point) {
    List<SetOverride> overrides = point.overrides();
    LoadResult loaded = sweep.scenario().load(overrides);
    return classify(sweep, overrides, loaded.errors());
  }

  /**
   * Sorts load errors into the sweep's (those located in an override's path, moved to where the
   * sweep file writes that path) and the point's, joined with "; ".
   */
  static Outcome classify(Sweep sweep, List<SetOverride> overrides, List<Problem> errors) {
    Map<String, Integer> byFile = new HashMap<>();
    for (int i = 0; i < overrides.size(); i++) {
      byFile.put("--set " + overrides.get(i).text(), i);
    }
    List<Problem> sweepErrors = new ArrayList<>();
    List<Problem> own = new ArrayList<>();
    for (Problem p : errors) {
      Integer i = byFile.get(p.location().file());
      if (i == null) {
        own.add(p);
        continue;
      }
      Sweep.Parameter parameter = sweep.parameters().get(i);
      Location at = parameter.location();
      int offset = p.location().column() - 1;
      if (offset <= parameter.path().length()) {
        at = new Location(at.file(), at.line(), at.column() + offset);
      }
      sweepErrors.add(new Problem(Problem.Severity.ERROR, at, "spec.parameters[" + i + "].path",
          (p.path().isEmpty() ? "" : p.path() + ": ") + p.message()));
    }
    String error = own.stream().map(Problem::toString).collect(Collectors.joining("; "));
    return new Outcome(sweepErrors, error);
  }
}
