package dev.svcsim.reports;

import java.io.IOException;
import java.io.Writer;

/** Writes a report in one format. Implementations are stateless and may be shared. */
@FunctionalInterface
public interface ReportWriter {

  /** Writes the whole report to {@code out} (does not close it; flushes nothing). */
  void write(Report report, Writer out) throws IOException;
}
