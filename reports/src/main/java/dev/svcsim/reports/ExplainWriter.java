package dev.svcsim.reports;

import static dev.svcsim.reports.Ansi.BOLD;
import static dev.svcsim.reports.Ansi.GREEN;
import static dev.svcsim.reports.Ansi.RED;
import static dev.svcsim.reports.Ansi.paint;

import dev.svcsim.models.explain.Decision;
import dev.svcsim.models.explain.ExplainRequest;
import dev.svcsim.models.explain.Explanation;
import dev.svcsim.models.explain.Step;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the life of one connection ({@code svcsim explain}): as text for reading, one step per
 * paragraph with its simulated time, or as JSON with the same content as data.
 */
public final class ExplainWriter {

  private ExplainWriter() {}

  /** The explanation as text; {@code colour} adds ANSI bold and the outcome's colour. */
  public static String text(Explanation e, boolean colour) {
    StringBuilder b = new StringBuilder();
    b.append(paint(colour, BOLD, "Connection " + e.request().connection() + describe(e.request())
        + " -> service/" + e.service() + " port " + e.port())).append('\n');
    if (!e.found()) {
      b.append("No such connection: ").append(e.notFound()).append(".\n");
      return b.toString();
    }
    b.append("Outcome: ").append("delivered".equals(e.outcome()) ? paint(colour, GREEN, "delivered")
        : paint(colour, RED, e.outcome() + (e.failure().isEmpty() ? "" : " (" + e.failure() + ")"))).append("\n\n");
    for (Step s : e.steps()) {
      String time = seconds(s.atNanos());
      b.append(time).append("  ").append(paint(colour, BOLD, s.title())).append('\n');
      String indent = " ".repeat(time.length() + 2);
      for (String line : s.lines()) {
        b.append(indent).append(line).append('\n');
      }
    }
    return b.toString();
  }

  /** The explanation as JSON (one object; {@code decision} is null when no kube-proxy decided). */
  public static String json(Explanation e) {
    ExplainRequest r = e.request();
    JsonValue.ObjBuilder o = JsonValue.object()
        .put("traffic", r.traffic())
        .put("connection", r.connection())
        .put("client", r.client() == null ? JsonValue.Null.NULL : JsonValue.of(r.client().toString()))
        .put("afterSeconds", JsonValue.of(r.afterNanos() / 1e9))
        .put("failedOnly", r.failedOnly())
        .put("found", e.found())
        .put("notFound", e.notFound())
        .put("service", e.service())
        .put("port", e.port())
        .put("outcome", e.outcome())
        .put("failure", e.failure());
    List<JsonValue> steps = new ArrayList<>();
    for (Step s : e.steps()) {
      List<JsonValue> lines = new ArrayList<>();
      for (String line : s.lines()) {
        lines.add(JsonValue.of(line));
      }
      steps.add(JsonValue.object()
          .put("atSeconds", JsonValue.of(s.atNanos() / 1e9))
          .put("kind", s.kind())
          .put("where", s.where())
          .put("title", s.title())
          .put("lines", new JsonValue.Arr(lines))
          .put("facts", facts(s.facts()))
          .build());
    }
    o.put("steps", new JsonValue.Arr(steps));
    o.put("decision", e.decision() == null ? JsonValue.Null.NULL : decision(e.decision()));
    StringWriter out = new StringWriter();
    try {
      JsonReportWriter.write(o.build(), out);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toString();
  }

  private static JsonValue decision(Decision d) {
    List<JsonValue> candidates = new ArrayList<>();
    for (String c : d.candidates()) {
      candidates.add(JsonValue.of(c));
    }
    return JsonValue.object()
        .put("node", d.node())
        .put("mode", d.mode())
        .put("entryPath", d.entryPath())
        .put("sourceIp", d.sourceIp())
        .put("destination", d.destination())
        .put("protocol", d.protocol())
        .put("fromThisNode", d.fromThisNode())
        .put("policy", d.policy())
        .put("candidates", new JsonValue.Arr(candidates))
        .put("chosen", d.chosen())
        .put("masquerade", d.masquerade())
        .put("verdict", d.verdict())
        .put("failure", d.failure())
        .build();
  }

  private static JsonValue facts(Map<String, Object> facts) {
    JsonValue.ObjBuilder o = JsonValue.object();
    for (Map.Entry<String, Object> f : facts.entrySet()) {
      o.put(f.getKey(), value(f.getValue()));
    }
    return o.build();
  }

  private static JsonValue value(Object v) {
    if (v instanceof String s) {
      return JsonValue.of(s);
    } else if (v instanceof Boolean b) {
      return JsonValue.of(b);
    } else if (v instanceof Integer || v instanceof Long) {
      return JsonValue.of(((Number) v).longValue());
    } else if (v instanceof Double d) {
      return JsonValue.of(d);
    } else if (v instanceof List<?> list) {
      List<JsonValue> items = new ArrayList<>();
      for (Object x : list) {
        items.add(value(x));
      }
      return new JsonValue.Arr(items);
    }
    throw new IllegalArgumentException("a fact must be a string, number, boolean or list, not " + v);
  }

  private static String describe(ExplainRequest r) {
    StringBuilder b = new StringBuilder(" of traffic '" + r.traffic() + "'");
    if (r.failedOnly()) {
      b.append(" (counting failed ones)");
    }
    if (r.client() != null) {
      b.append(" from ").append(r.client());
    }
    if (r.afterNanos() > 0) {
      b.append(" opened at or after ").append(seconds(r.afterNanos()));
    }
    return b.toString();
  }

  /** Simulated time as {@code t=12.345678s} (microseconds shown). */
  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "t=%.6fs", nanos / 1e9);
  }
}
