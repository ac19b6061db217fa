package dev.svcsim.scenario.yaml;

import java.util.Objects;

/**
 * Where something is in a scenario's files: a file name as the user gave it, a 1-based line and a
 * 1-based column.
 */
public record Location(String file, int line, int column) implements Comparable<Location> {

  /** A location for a problem that concerns a whole file rather than a place in it. */
  public static Location of(String file) {
    return new Location(file, 1, 1);
  }

  public Location {
    Objects.requireNonNull(file, "file");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column count from 1: " + line + ":" + column);
    }
  }

  /** Order within one file: by line, then column (files compare by name). */
  @Override
  public int compareTo(Location o) {
    int c = file.compareTo(o.file);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(line, o.line);
    return c != 0 ? c : Integer.compare(column, o.column);
  }

  /** {@code file:line:column}, the form editors and compilers use. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
