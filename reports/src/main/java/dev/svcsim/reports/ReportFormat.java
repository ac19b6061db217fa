package dev.svcsim.reports;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The formats a report can be written in, by the name the command line uses. */
public enum ReportFormat {
  /** A plain text table for people: the default. */
  TABLE("table", TableReportWriter::new),
  /** The JSON report of the contract (docs/report.md), pretty-printed and deterministic. */
  JSON("json", JsonReportWriter::new),
  /** One self-contained HTML page with charts and the topology, for people and CI artifacts. */
  HTML("html", HtmlReportWriter::new);

  private final String cliName;
  private final Supplier<ReportWriter> factory;

  ReportFormat(String cliName, Supplier<ReportWriter> factory) {
    this.cliName = cliName;
    this.factory = factory;
  }

  /** The name on the command line, e.g. {@code json}. */
  public String cliName() {
    return cliName;
  }

  /** A writer of this format. */
  public ReportWriter writer() {
    return factory.get();
  }

  /** The command-line names, in order: {@code table, json, html}. */
  public static List<String> names() {
    return Arrays.stream(values()).map(ReportFormat::cliName).toList();
  }

  /**
   * The format called {@code name} (case does not matter).
   *
   * @throws IllegalArgumentException naming the formats there are
   */
  public static ReportFormat fromName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (ReportFormat f : values()) {
      if (f.cliName.equals(wanted)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown report format \"" + name + "\"; the formats are " + String.join(", ", names()));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
