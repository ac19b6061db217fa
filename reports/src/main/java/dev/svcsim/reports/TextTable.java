package dev.svcsim.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table: a header row, columns two spaces apart, numbers right-aligned. A cell's
 * width is its number of code points, not counting ANSI escape sequences ({@code ESC [ ... m}
 * and the like), so coloured cells and cells of block characters line up.
 */
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
      width[c] = width(headers[c]);
      for (String[] r : rows) {
        width[c] = Math.max(width[c], width(r[c]));
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
      String pad = " ".repeat(width[c] - width(cells[c]));
      line.append(right[c] ? pad + cells[c] : cells[c] + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  /**
   * The columns {@code s} takes in a terminal: its code points, less ANSI control sequences
   * ({@code ESC [}, parameters, a final character from {@code @} to {@code ~}).
   */
  static int width(String s) {
    int width = 0;
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '\u001b' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
        i += 2;
        while (i < s.length() && !(s.charAt(i) >= '@' && s.charAt(i) <= '~')) {
          i++;
        }
        i++;
        continue;
      }
      width++;
      i += Character.charCount(s.codePointAt(i));
    }
    return width;
  }
}
