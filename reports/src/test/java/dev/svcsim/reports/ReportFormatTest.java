package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

  @Test
  void namesMapToWriters() {
    assertEquals(List.of("table", "json", "html"), ReportFormat.names());
    assertEquals(ReportFormat.JSON, ReportFormat.fromName("json"));
    assertEquals(ReportFormat.TABLE, ReportFormat.fromName("TABLE"), "case does not matter");
    assertInstanceOf(JsonReportWriter.class, ReportFormat.JSON.writer());
    assertInstanceOf(TableReportWriter.class, ReportFormat.TABLE.writer());
    assertEquals("json", ReportFormat.JSON.toString(), "shown as its command-line name");
  }

  @Test
  void anUnknownNameListsTheFormats() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportFormat.fromName("yaml"));
    assertEquals("unknown report format \"yaml\"; the formats are table, json, html", e.getMessage());
  }
}
