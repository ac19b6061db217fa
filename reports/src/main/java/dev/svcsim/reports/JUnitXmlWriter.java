package dev.svcsim.reports;

import dev.svcsim.reports.Report.ExpectationRow;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes the outcome of {@code svcsim check} as JUnit XML in the form Maven Surefire and Ant
 * write and CI dashboards (Jenkins, GitLab, GitHub test reporters) read: a {@code testsuites}
 * root, one {@code testsuite} per scenario, one {@code testcase} per expectation, a
 * {@code failure} (with the actual and the expected value) for each expectation that did not
 * hold, and an {@code error} test case for a scenario that could not be loaded. Everything but
 * the {@code time} attributes is the same for the same inputs.
 */
public final class JUnitXmlWriter {

  /** The {@code classname} of every test case is this prefix and the scenario's name. */
  public static final String CLASS_PREFIX = "svcsim.";

  private JUnitXmlWriter() {}

  /**
   * One scenario that {@code check} ran, or tried to.
   *
   * @param name the scenario's name ({@code metadata.name}), or the file's name when it did not load
   * @param file the scenario file as the user named it
   * @param report the report; null when the scenario did not load
   * @param loadErrors the problems that stopped it loading ({@code file:line:column: path:
   *     message}); empty when it loaded
   * @param wallSeconds how long loading and running took, wall-clock
   */
  public record Suite(String name, String file, Report report, List<String> loadErrors, double wallSeconds) {
    public Suite {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(file, "file");
      loadErrors = List.copyOf(loadErrors);
      if ((report == null) == loadErrors.isEmpty()) {
        throw new IllegalArgumentException("a suite has a report or load errors, not both or neither");
      }
    }

    /** Expectations checked (0 for a scenario that did not load). */
    int tests() {
      return report == null ? 1 : report.expectations().size();
    }

    int failures() {
      return report == null ? 0 : (int) report.expectations().stream().filter(e -> !e.passed()).count();
    }

    int errors() {
      return report == null ? 1 : 0;
    }
  }

  /** Writes every suite under one {@code testsuites} root named {@code svcsim check}. */
  public static void write(List<Suite> suites, Writer out) throws IOException {
    int tests = 0;
    int failures = 0;
    int errors = 0;
    double time = 0;
    for (Suite s : suites) {
      tests += s.tests();
      failures += s.failures();
      errors += s.errors();
      time += s.wallSeconds();
    }
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuites name=\"svcsim check\"").append(attr("tests", tests)).append(attr("failures", failures))
        .append(attr("errors", errors)).append(" time=\"").append(seconds(time)).append("\">\n");
    for (Suite s : suites) {
      suite(x, s);
    }
    x.append("</testsuites>\n");
    out.write(x.toString());
  }

  private static void suite(StringBuilder x, Suite s) {
    x.append("  <testsuite name=\"").append(escape(s.name())).append('"').append(attr("tests", s.tests()))
        .append(attr("failures", s.failures())).append(attr("errors", s.errors())).append(" skipped=\"0\"")
        .append(" time=\"").append(seconds(s.wallSeconds())).append("\">\n");
    x.append("    <properties>\n");
    property(x, "file", s.file());
    Report r = s.report();
    if (r != null) {
      property(x, "scenario", r.scenario());
      property(x, "seed", Long.toString(r.seed()));
      property(x, "kubeProxyMode", r.kubeProxyMode());
      property(x, "simulatedSeconds", Numbers.json(r.simulatedSeconds()));
    }
    x.append("    </properties>\n");
    String classname = escape(CLASS_PREFIX + s.name());
    if (r == null) {
      x.append("    <testcase name=\"scenario loads\" classname=\"").append(classname).append("\" time=\"0\">\n");
      x.append("      <error type=\"invalidScenario\" message=\"")
          .append(escape(s.file() + ": " + s.loadErrors().size() + (s.loadErrors().size() == 1 ? " error" : " errors")
              + "; nothing was simulated"))
          .append("\">");
      x.append(escape(String.join("\n", s.loadErrors()))).append("</error>\n");
      x.append("    </testcase>\n");
    } else {
      for (ExpectationRow e : r.expectations()) {
        x.append("    <testcase name=\"").append(escape(e.name())).append("\" classname=\"").append(classname)
            .append("\" time=\"0\"");
        if (e.passed()) {
          x.append("/>\n");
          continue;
        }
        x.append(">\n      <failure type=\"expectationFailed\" message=\"").append(escape(message(e))).append("\">")
            .append(escape(details(e, r))).append("</failure>\n    </testcase>\n");
      }
      if (!r.warnings().isEmpty()) {
        x.append("    <system-err>").append(escape(String.join("\n", r.warnings()))).append("</system-err>\n");
      }
    }
    x.append("  </testsuite>\n");
  }

  /** {@code expected services["default/web"].sourceIpPreserved >= 0.99, actual 0.5}. */
  static String message(ExpectationRow e) {
    return "expected " + e.expected() + ", actual " + e.actualText()
        + (e.problem() == null ? "" : " (" + e.problem() + ")");
  }

  private static String details(ExpectationRow e, Report r) {
    return "metric:    " + e.metric() + "\n"
        + "expected:  " + e.expected() + "\n"
        + "actual:    " + e.actualText() + (e.problem() == null ? "" : ": " + e.problem()) + "\n"
        + "scenario:  " + r.scenario() + ", seed " + r.seed() + ", kube-proxy " + r.kubeProxyMode();
  }

  private static void property(StringBuilder x, String name, String value) {
    x.append("      <property name=\"").append(escape(name)).append("\" value=\"").append(escape(value)).append("\"/>\n");
  }

  private static String attr(String name, int value) {
    return " " + name + "=\"" + value + "\"";
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }

  /**
   * Escapes text for XML content and attribute values. Characters XML 1.0 cannot hold at all
   * (most control characters, lone surrogates) become U+FFFD; line breaks in attributes become
   * character references so that parsers keep them.
   */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        case '\n' -> b.append("&#10;");
        case '\r' -> b.append("&#13;");
        case '\t' -> b.append("&#9;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
