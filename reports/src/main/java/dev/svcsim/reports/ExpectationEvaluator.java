package dev.svcsim.reports;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.reports.Report.ExpectationRow;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates expectations ({@code metric op value}) on a report's JSON tree. A metric that names
 * nothing, {@code null} or something other than a number gives a row with no actual value that
 * did not pass, and a warning that says which part of the path failed and why.
 */
public final class ExpectationEvaluator {

  /** How many keys a "names no X; Xs are ..." message lists before it stops. */
  private static final int MAX_LISTED_KEYS = 20;

  private ExpectationEvaluator() {}

  /**
   * What a metric path named: a number, or the reason there is none.
   *
   * @param value a {@code Long} or a {@code Double}; null when the path gave no number
   * @param problem why there is no number (e.g. {@code services["x/y"] names no service;
   *     services are default/web}); null when there is one
   */
  public record Lookup(Number value, String problem) {}

  /**
   * One row per expectation, in order; for each that resolved to no number, a warning
   * {@code expectation 'NAME': PROBLEM} is added to {@code warnings}.
   *
   * @param report the report's tree, without expectations (an expectation cannot check another)
   */
  public static List<ExpectationRow> evaluate(
      JsonValue.Obj report, List<Expectation> expectations, List<String> warnings) {
    List<ExpectationRow> rows = new ArrayList<>(expectations.size());
    for (Expectation e : expectations) {
      Lookup found = lookup(report, e.metric());
      Number actual = found.value();
      boolean passed = actual != null && e.op().test(actual.doubleValue(), e.value(), e.tolerance());
      if (actual == null) {
        warnings.add("expectation '" + e.name() + "': " + found.problem());
      }
      rows.add(new ExpectationRow(e.name(), e.metric(), e.op(), e.value(), e.tolerance(), actual, passed,
          found.problem()));
    }
    return rows;
  }

  /** The number {@code metric} names in {@code report}, or why it names none. */
  public static Lookup lookup(JsonValue.Obj report, String metric) {
    MetricPath path;
    try {
      path = MetricPath.parse(metric);
    } catch (IllegalArgumentException e) {
      return new Lookup(null, e.getMessage());
    }
    List<MetricPath.Segment> segs = path.segments();
    if (segs.get(0) instanceof MetricPath.Key k
        && (k.key().equals("expectations") || k.key().equals("warnings"))) {
      return new Lookup(null, k.key() + ": an expectation cannot check the report's expectations or warnings");
    }
    JsonValue cur = report;
    for (int k = 0; k < segs.size(); k++) {
      MetricPath.Segment seg = segs.get(k);
      String here = k == 0 ? "the report" : path.prefix(k);
      String next = path.prefix(k + 1);
      if (cur instanceof JsonValue.Obj o) {
        String key;
        if (seg instanceof MetricPath.Key named) {
          key = named.key();
        } else if (seg instanceof MetricPath.Index idx) {
          key = Integer.toString(idx.index());
        } else {
          return new Lookup(null, here + " is an object, not a list; [field=value] picks an entry of a list");
        }
        JsonValue v = o.fields().get(key);
        if (v == null) {
          return new Lookup(null, missingKey(next, k == 0 ? "" : lastKey(segs, k), here, key, o));
        }
        cur = v;
      } else if (cur instanceof JsonValue.Arr a) {
        if (seg instanceof MetricPath.Index idx) {
          if (idx.index() >= a.items().size()) {
            return new Lookup(null, next + " is out of range: " + here + " has "
                + plural(a.items().size(), "entry", "entries"));
          }
          cur = a.items().get(idx.index());
        } else if (seg instanceof MetricPath.Match m) {
          JsonValue hit = null;
          for (JsonValue item : a.items()) {
            if (item instanceof JsonValue.Obj io && m.value().equals(text(io.fields().get(m.field())))) {
              hit = item;
              break;
            }
          }
          if (hit == null) {
            return new Lookup(null, next + " matches no entry of " + here);
          }
          cur = hit;
        } else {
          return new Lookup(null, here + " is a list of " + plural(a.items().size(), "entry", "entries")
              + "; pick one with [N] (from 0) or [field=value]");
        }
      } else {
        return new Lookup(null, here + " is " + describe(cur) + "; it has nothing inside, so "
            + next + " names nothing");
      }
    }
    if (cur instanceof JsonValue.Int i) {
      return new Lookup(i.value(), null);
    }
    if (cur instanceof JsonValue.Dbl d) {
      return new Lookup(d.value(), null);
    }
    String where = path.toString();
    if (cur == JsonValue.Null.NULL) {
      return new Lookup(null, where + " is null in this run: there was nothing to measure"
          + " (e.g. no delivered connection, or no request completed)");
    }
    if (cur instanceof JsonValue.Obj o) {
      return new Lookup(null, where + " is an object, not a number; name one of its fields: "
          + keys(o));
    }
    return new Lookup(null, where + " is " + describe(cur) + ", not a number");
  }

  private static String lastKey(List<MetricPath.Segment> segs, int k) {
    return segs.get(k - 1) instanceof MetricPath.Key key ? key.key() : "";
  }

  private static String missingKey(String next, String container, String here, String key, JsonValue.Obj o) {
    String noun;
    String hint = "";
    switch (container) {
      case "services" -> noun = "service";
      case "pods" -> noun = "pod";
      case "nodes" -> noun = "node";
      case "failedBy" -> noun = "failure reason";
      case "sourceIpPreservedBy" -> {
        noun = "entry path";
        hint = " (externalIP and dns are listed only when some connection took them)";
      }
      case "nodeHops" -> {
        noun = "hop count";
        hint = " (counts other than 1 and 2 are listed only when not zero)";
      }
      default -> noun = "field";
    }
    StringBuilder sb = new StringBuilder(next).append(" names no ").append(noun);
    if (o.fields().isEmpty()) {
      sb.append("; ").append(here).append(" is empty");
    } else if (noun.equals("field")) {
      sb.append("; the fields of ").append(here).append(" are ").append(keys(o));
    } else {
      sb.append("; ").append(plural(noun)).append(" are ").append(keys(o));
    }
    String guess = guess(key, o);
    if (guess != null) {
      sb.append(" (did you mean \"").append(guess).append("\"?)");
    }
    return sb.append(hint).toString();
  }

  /** A key that differs only in case, or a Service key {@code ns/name} for a bare name. */
  private static String guess(String key, JsonValue.Obj o) {
    for (String candidate : o.fields().keySet()) {
      if (candidate.equalsIgnoreCase(key) || candidate.endsWith("/" + key)) {
        return candidate;
      }
    }
    return null;
  }

  private static String keys(JsonValue.Obj o) {
    StringBuilder sb = new StringBuilder();
    int listed = 0;
    for (String key : o.fields().keySet()) {
      if (listed == MAX_LISTED_KEYS) {
        sb.append(", ... (").append(o.fields().size()).append(" in all)");
        break;
      }
      sb.append(listed == 0 ? "" : ", ").append(key);
      listed++;
    }
    return sb.toString();
  }

  private static String plural(String noun) {
    return switch (noun) {
      case "entry path" -> "entry paths";
      default -> noun + "s";
    };
  }

  private static String plural(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  /** How a scalar matches a [field=value] selector: strings as they are, numbers as written. */
  private static String text(JsonValue v) {
    if (v instanceof JsonValue.Str s) {
      return s.value();
    }
    if (v instanceof JsonValue.Int i) {
      return Long.toString(i.value());
    }
    if (v instanceof JsonValue.Dbl d) {
      return Numbers.json(d.value());
    }
    if (v instanceof JsonValue.Bool b) {
      return Boolean.toString(b.value());
    }
    return null;
  }

  private static String describe(JsonValue v) {
    if (v instanceof JsonValue.Str s) {
      return "a string (\"" + s.value() + "\")";
    }
    if (v instanceof JsonValue.Bool b) {
      return "a boolean (" + b.value() + ")";
    }
    if (v instanceof JsonValue.Int || v instanceof JsonValue.Dbl) {
      return "a number";
    }
    if (v instanceof JsonValue.Arr a) {
      return "a list of " + plural(a.items().size(), "entry", "entries");
    }
    if (v instanceof JsonValue.Obj) {
      return "an object";
    }
    return "null";
  }
}
