/**
 * Turns a run's results into figures (distribution, source IP, skew, latency) and writes them
 * (table, JSON, CSV, Markdown, HTML, JUnit XML). Depends on sim-models' result types only.
 *
 * <p>The report writers arrive with the data-plane and reports issues (see
 * docs/architecture.md).
 */
package dev.svcsim.reports;
