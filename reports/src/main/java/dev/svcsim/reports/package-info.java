/**
 * Turns a run's results into a report and writes it. {@link dev.svcsim.reports.Report#of}
 * derives every figure of the report contract (docs/report.md) from a
 * {@link dev.svcsim.models.result.RunResult}: shares, source IP preservation, node hops, skew
 * ({@link dev.svcsim.reports.Skew}), latency percentiles ({@link dev.svcsim.reports.Latency}),
 * and evaluates the scenario's expectations on the report's JSON tree
 * ({@link dev.svcsim.reports.ReportTree}, {@link dev.svcsim.reports.ExpectationEvaluator}). A
 * {@link dev.svcsim.reports.ReportFormat} names a {@link dev.svcsim.reports.ReportWriter}: the
 * text table, the JSON, YAML, CSV, Markdown or the HTML page
 * ({@link dev.svcsim.reports.HtmlReportWriter}, with charts and a topology picture). A sweep's
 * {@link dev.svcsim.reports.SweepResults} become its {@code report.html} by
 * {@link dev.svcsim.reports.SweepHtmlWriter} (line charts, heat maps, a table of points). Number
 * formatting ({@link dev.svcsim.reports.Numbers}) is exact, so the same report gives the same
 * bytes on every JDK. Depends on sim-models' result types, HdrHistogram, Commons Math and JGraphT
 * (the topology picture) only.
 */
package dev.svcsim.reports;
