package dev.svcsim.reports;

import java.util.ArrayList;
import java.util.List;

/** A plain text table: a header row, columns two spaces apart, numbers right-aligned. */
final class TextTable {

  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  /**
   * @param columns header names; a name starting with {@code >} is right-aligned (the {@code >}
   *     is not printed)
   */
  TextTable(String... columns) {
    headers = new String[columns.length];
    right = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      right[i] = columns[i].startsWith(">");
      headers[i] = right[i] ? columns[i].substring(1) : columns[i];
    }
  }

  TextTable row(String... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
    return this;
  }

  /** The table, each line starting with {@code indent} and ending with a newline. */
  String render(String indent) {
    int[] width = new int[headers.length];
    for (int c = 0; c < headers.length; c++) {
      width[c] = headers[c].length();
      for (String[] r : rows) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, indent, headers, width);
    for (String[] r : rows) {
      line(sb, indent, r, width);
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, String indent, String[] cells, int[] width) {
    StringBuilder line = new StringBuilder(indent);
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(width[c] - cells[c].length());
      line.append(right[c] ? pad + cells[c] : cells[c] + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }
}
