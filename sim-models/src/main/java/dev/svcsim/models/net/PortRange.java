package dev.svcsim.models.net;

/** An inclusive range of port numbers, such as the NodePort range {@code 30000-32767}. */
public record PortRange(int first, int last) {

  public PortRange {
    if (first < 1 || last > 65535 || first > last) {
      throw new IllegalArgumentException(
          "must be a port range FIRST-LAST with 1 <= FIRST <= LAST <= 65535, not " + first + "-" + last);
    }
  }

  /** Parses {@code FIRST-LAST}, or a single port. */
  public static PortRange parse(String text) {
    String t = text.trim();
    int dash = t.indexOf('-');
    try {
      if (dash < 0) {
        int p = Integer.parseInt(t);
        return new PortRange(p, p);
      }
      return new PortRange(
          Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a port range such as 30000-32767, not \"" + text + "\"");
    }
  }

  public int size() {
    return last - first + 1;
  }

  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  @Override
  public String toString() {
    return first + "-" + last;
  }
}
