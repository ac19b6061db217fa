package dev.svcsim.reports;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The formats a report can be written in, by the name the command line uses. */
public enum ReportFormat {
  /** A plain text table for people: the default; the only format that can add colour. */
  TABLE("table", colour -> new TableReportWriter(colour)),
  /** The JSON report of the contract (docs/report.md), pretty-printed and deterministic. */
  JSON("json", JsonReportWriter::new),
  /** The same tree as the JSON, as YAML: same keys, same order, same numbers. */
  YAML("yaml", YamlReportWriter::new),
  /** CSV for spreadsheets: a row per pod, then a row per expectation. */
  CSV("csv", CsvReportWriter::new),
  /** GitHub-flavoured Markdown, for pull-request comments. */
  MD("md", MarkdownReportWriter::new),
  /** One self-contained HTML page with charts and the topology, for people and CI artifacts. */
  HTML("html", HtmlReportWriter::new);

  /** Makes a writer that adds colour when asked to. */
  private interface ColourWriterFactory {
    ReportWriter create(boolean colour);
  }

  private final String cliName;
  private final ColourWriterFactory factory;

  /** A format without colour: {@link #writer(boolean)} ignores its argument. */
  ReportFormat(String cliName, Supplier<ReportWriter> factory) {
    this.cliName = cliName;
    this.factory = colour -> factory.get();
  }

  /** A format that can add colour. */
  ReportFormat(String cliName, ColourWriterFactory factory) {
    this.cliName = cliName;
    this.factory = factory;
  }

  /** The name on the command line, e.g. {@code json}. */
  public String cliName() {
    return cliName;
  }

  /** A writer of this format, without colour. */
  public ReportWriter writer() {
    return writer(false);
  }

  /**
   * A writer of this format, with ANSI colour if {@code colour} is true and the format has any
   * (only {@link #TABLE} does; the others ignore it, so that their bytes never depend on the
   * terminal).
   */
  public ReportWriter writer(boolean colour) {
    return factory.create(colour);
  }

  /** The command-line names, in declaration order, e.g. {@code table, json, yaml, csv, md, html}. */
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
