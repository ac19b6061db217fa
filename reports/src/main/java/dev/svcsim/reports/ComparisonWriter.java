package dev.svcsim.reports;

import dev.svcsim.reports.Comparison.ExpectationPair;
import dev.svcsim.reports.Comparison.Figure;
import dev.svcsim.reports.Report.ExpectationRow;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Comparison}: as a text table for a terminal (differing rows marked {@code *},
 * and yellow when colour is on), as Markdown for a pull-request comment (differing rows in bold),
 * or as JSON for scripts (every figure with both values, the change and whether it differs).
 */
public final class ComparisonWriter {

  /** The formats a comparison can be written in. */
  public enum Format {
    TABLE("table"),
    JSON("json"),
    MD("md");

    private final String cliName;

    Format(String cliName) {
      this.cliName = cliName;
    }

    /** The name on the command line. */
    public String cliName() {
      return cliName;
    }

    /**
     * The format called {@code name}.
     *
     * @throws IllegalArgumentException naming the formats there are
     */
    public static Format fromName(String name) {
      for (Format f : values()) {
        if (f.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) {
          return f;
        }
      }
      throw new IllegalArgumentException("compare writes table, json or md, not \"" + name + "\"");
    }
  }

  private static final MathContext SHOWN = new MathContext(6, RoundingMode.HALF_EVEN);

  private final Format format;
  private final boolean colour;
  private final boolean onlyChanged;

  /**
   * @param colour ANSI colour in the table (ignored by the other formats)
   * @param onlyChanged leave out figures and expectations that are the same on both sides
   */
  public ComparisonWriter(Format format, boolean colour, boolean onlyChanged) {
    this.format = format;
    this.colour = colour;
    this.onlyChanged = onlyChanged;
  }

  /** Writes the comparison to {@code out} (does not close it). */
  public void write(Comparison c, Writer out) throws IOException {
    switch (format) {
      case TABLE -> out.write(table(c));
      case MD -> out.write(markdown(c));
      case JSON -> JsonReportWriter.write(json(c), out);
      default -> throw new IllegalStateException(format.toString());
    }
  }

  private List<Figure> figures(Comparison c) {
    return onlyChanged ? c.differences() : c.figures();
  }

  private List<ExpectationPair> expectations(Comparison c) {
    return onlyChanged ? c.expectations().stream().filter(ExpectationPair::differs).toList() : c.expectations();
  }

  private String table(Comparison c) {
    StringBuilder sb = new StringBuilder();
    sb.append(heading("Comparing")).append('\n');
    sb.append("  A  ").append(c.a()).append('\n');
    sb.append("  B  ").append(c.b()).append('\n');
    List<ExpectationPair> pairs = expectations(c);
    if (!pairs.isEmpty()) {
      sb.append('\n').append(heading("Expectations")).append('\n');
      TextTable t = new TextTable("  EXPECTATION", "A", "B");
      List<Boolean> marks = new ArrayList<>();
      for (ExpectationPair p : pairs) {
        t.row(mark(p.differs()) + p.name(), verdict(p.a()), verdict(p.b()));
        marks.add(p.differs());
      }
      sb.append(highlight(t.render(""), marks));
    }
    long differing = c.differences().size();
    sb.append('\n').append(heading("Figures")).append(" (").append(differing).append(" of ")
        .append(c.figures().size()).append(differing == 1 ? " differs" : " differ")
        .append(onlyChanged ? ", the others left out" : ", marked *").append(")\n");
    TextTable t = new TextTable("  METRIC", ">A", ">B", ">CHANGE");
    List<Boolean> marks = new ArrayList<>();
    for (Figure f : figures(c)) {
      t.row(mark(f.differs()) + f.metric(), value(f.a()), value(f.b()), change(f));
      marks.add(f.differs());
    }
    sb.append(highlight(t.render(""), marks));
    if (!c.warningsA().equals(c.warningsB())) {
      warnings(sb, "Warnings of A", c.warningsA());
      warnings(sb, "Warnings of B", c.warningsB());
    }
    return sb.toString();
  }

  private void warnings(StringBuilder sb, String title, List<String> warnings) {
    sb.append('\n').append(heading(title)).append('\n');
    if (warnings.isEmpty()) {
      sb.append("  none\n");
    }
    for (String w : warnings) {
      sb.append("  - ").append(w).append('\n');
    }
  }

  private static String mark(boolean differs) {
    return differs ? "* " : "  ";
  }

  /** Colours the lines of a rendered table whose row is marked (line 0 is the header). */
  private String highlight(String rendered, List<Boolean> marks) {
    if (!colour) {
      return rendered;
    }
    String[] lines = rendered.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length - 1; i++) {
      boolean marked = i > 0 && marks.get(i - 1);
      sb.append(Ansi.paint(marked, Ansi.YELLOW, lines[i])).append('\n');
    }
    return sb.toString();
  }

  private String heading(String text) {
    return Ansi.paint(colour, Ansi.BOLD, text);
  }

  private String markdown(Comparison c) {
    StringBuilder sb = new StringBuilder("### svcsim compare\n\n");
    sb.append("- **A**: `").append(c.a().replace("`", "'")).append("`\n");
    sb.append("- **B**: `").append(c.b().replace("`", "'")).append("`\n");
    List<ExpectationPair> pairs = expectations(c);
    if (!pairs.isEmpty()) {
      sb.append("\n| Expectation | A | B |\n|---|---|---|\n");
      for (ExpectationPair p : pairs) {
        String name = md(p.name());
        sb.append("| ").append(p.differs() ? "**" + name + "**" : name).append(" | ").append(mdVerdict(p.a()))
            .append(" | ").append(mdVerdict(p.b())).append(" |\n");
      }
    }
    long differing = c.differences().size();
    sb.append("\n").append(differing).append(" of ").append(c.figures().size())
        .append(differing == 1 ? " figure differs" : " figures differ").append(onlyChanged ? "" : " (in bold)")
        .append(".\n\n| Metric | A | B | Change |\n|---|---:|---:|---:|\n");
    for (Figure f : figures(c)) {
      String metric = "`" + f.metric().replace("`", "'") + "`";
      sb.append("| ").append(f.differs() ? "**" + metric + "**" : metric).append(" | ").append(md(value(f.a())))
          .append(" | ").append(md(value(f.b()))).append(" | ").append(md(change(f))).append(" |\n");
    }
    if (!c.warningsA().equals(c.warningsB())) {
      for (int side = 0; side < 2; side++) {
        List<String> ws = side == 0 ? c.warningsA() : c.warningsB();
        sb.append("\n**Warnings of ").append(side == 0 ? "A" : "B").append("**").append(ws.isEmpty() ? ": none" : "")
            .append("\n\n");
        for (String w : ws) {
          sb.append("- ").append(md(w)).append('\n');
        }
      }
    }
    return sb.toString();
  }

  private JsonValue json(Comparison c) {
    List<JsonValue> figures = new ArrayList<>();
    for (Figure f : figures(c)) {
      figures.add(JsonValue.object()
          .put("metric", f.metric())
          .put("a", f.a() == null ? JsonValue.Null.NULL : f.a())
          .put("b", f.b() == null ? JsonValue.Null.NULL : f.b())
          .put("inA", f.a() != null)
          .put("inB", f.b() != null)
          .put("delta", f.delta())
          .put("relative", f.relative())
          .put("differs", f.differs())
          .build());
    }
    List<JsonValue> expectations = new ArrayList<>();
    for (ExpectationPair p : expectations(c)) {
      expectations.add(JsonValue.object()
          .put("name", p.name())
          .put("a", outcome(p.a()))
          .put("b", outcome(p.b()))
          .put("differs", p.differs())
          .build());
    }
    return JsonValue.object()
        .put("a", c.a())
        .put("b", c.b())
        .put("differences", (long) c.differences().size())
        .put("expectations", new JsonValue.Arr(expectations))
        .put("figures", new JsonValue.Arr(figures))
        .put("warningsA", strings(c.warningsA()))
        .put("warningsB", strings(c.warningsB()))
        .build();
  }

  private static JsonValue strings(List<String> list) {
    return new JsonValue.Arr(list.stream().map(JsonValue::of).toList());
  }

  private static JsonValue outcome(ExpectationRow r) {
    if (r == null) {
      return JsonValue.Null.NULL;
    }
    JsonValue actual = r.actual() == null ? JsonValue.Null.NULL
        : r.actual() instanceof Long n ? JsonValue.of(n.longValue()) : JsonValue.of(r.actual().doubleValue());
    return JsonValue.object().put("passed", r.passed()).put("actual", actual).build();
  }

  private static String verdict(ExpectationRow r) {
    if (r == null) {
      return "-";
    }
    return (r.passed() ? "PASS" : "FAIL") + " (" + actual(r) + ")";
  }

  private static String mdVerdict(ExpectationRow r) {
    if (r == null) {
      return "-";
    }
    return (r.passed() ? "✅ PASS" : "❌ FAIL") + " (" + actual(r) + ")";
  }

  private static String actual(ExpectationRow r) {
    if (r.actual() == null) {
      return "none";
    }
    return r.actual() instanceof Long ? r.actual().toString() : shown(r.actual().doubleValue());
  }

  /** A figure's value as shown: absent as {@code -}, null as {@code null}, numbers to 6 digits. */
  static String value(JsonValue v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof JsonValue.Int i) {
      return Long.toString(i.value());
    }
    if (v instanceof JsonValue.Dbl d) {
      return shown(d.value());
    }
    if (v instanceof JsonValue.Str s) {
      return s.value();
    }
    if (v instanceof JsonValue.Bool b) {
      return Boolean.toString(b.value());
    }
    return "null";
  }

  /** The change from A to B: {@code +0.25 (+50.0%)}, {@code changed}, {@code only in B}. */
  static String change(Figure f) {
    if (!f.differs()) {
      return "";
    }
    if (f.a() == null) {
      return "only in B";
    }
    if (f.b() == null) {
      return "only in A";
    }
    Double d = f.delta();
    if (d == null) {
      return "changed";
    }
    String s = (d > 0 ? "+" : "") + shown(d);
    Double rel = f.relative();
    return rel == null ? s : s + " (" + (rel > 0 ? "+" : "") + Numbers.fixed(rel * 100, 1) + "%)";
  }

  private static String shown(double x) {
    if (x == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(x).round(SHOWN).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }

  private static String md(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|");
  }
}
