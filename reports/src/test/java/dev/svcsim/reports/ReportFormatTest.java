package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

  @Test
  void namesMapToWriters() {
    assertEquals(List.of("table", "json", "yaml", "csv", "md", "html"), ReportFormat.names());
    assertEquals(ReportFormat.JSON, ReportFormat.fromName("json"));
    assertEquals(ReportFormat.TABLE, ReportFormat.fromName("TABLE"), "case does not matter");
    assertInstanceOf(JsonReportWriter.class, ReportFormat.JSON.writer());
    assertInstanceOf(TableReportWriter.class, ReportFormat.TABLE.writer());
    assertInstanceOf(YamlReportWriter.class, ReportFormat.YAML.writer());
    assertInstanceOf(CsvReportWriter.class, ReportFormat.CSV.writer());
    assertInstanceOf(MarkdownReportWriter.class, ReportFormat.MD.writer());
    assertEquals("json", ReportFormat.JSON.toString(), "shown as its command-line name");
  }

  @Test
  void onlyTheTableHasColour() throws IOException {
    Report report = Report.of(Fixtures.run(), List.of());
    for (ReportFormat f : ReportFormat.values()) {
      StringWriter plain = new StringWriter();
      f.writer().write(report, plain);
      StringWriter asked = new StringWriter();
      f.writer(true).write(report, asked);
      assertFalse(plain.toString().contains("\u001b"), f + " without colour has no escape characters");
      if (f == ReportFormat.TABLE) {
        assertTrue(asked.toString().contains("\u001b["), "the table colours when asked");
      } else {
        assertEquals(plain.toString(), asked.toString(), f + " ignores colour");
      }
    }
  }

  @Test
  void anUnknownNameListsTheFormats() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportFormat.fromName("pdf"));
    assertEquals("unknown report format \"pdf\"; the formats are table, json, yaml, csv, md, html", e.getMessage());
  }
}
