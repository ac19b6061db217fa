package dev.svcsim.models.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One table of an {@code iptables-save} listing being built: its built-in chains (with policy
 * ACCEPT), the user chains declared, and the rules of every chain in the order they were added.
 * Printed as {@code iptables-save} prints a table: {@code *name}, every chain declaration
 * (built-in chains first, in the kernel's order, then user chains sorted by name), every rule
 * grouped by chain in that same order, then {@code COMMIT}.
 */
final class IptablesTable {

  private final String name;
  private final List<String> builtins;
  private final Map<String, List<String>> rules = new LinkedHashMap<>();
  private final TreeMap<String, Boolean> userChains = new TreeMap<>();

  IptablesTable(String name, String... builtins) {
    this.name = name;
    this.builtins = List.of(builtins);
    for (String b : builtins) {
      rules.put(b, new ArrayList<>());
    }
  }

  /** Declares a user chain (again is harmless: a chain is declared once). */
  IptablesTable chain(String chain) {
    if (!builtins.contains(chain)) {
      userChains.put(chain, Boolean.TRUE);
    }
    rules.computeIfAbsent(chain, k -> new ArrayList<>());
    return this;
  }

  /**
   * Appends {@code -A chain words...} to a declared chain. Words are joined with single spaces,
   * exactly as given (a comment with spaces must already be quoted, see {@link #comment}).
   */
  IptablesTable rule(String chain, String... words) {
    List<String> list = rules.get(chain);
    if (list == null) {
      throw new IllegalStateException("rule for undeclared chain " + chain + " in " + name);
    }
    list.add("-A " + chain + " " + String.join(" ", words));
    return this;
  }

  /**
   * {@code -m comment --comment TEXT}, quoted as kube-proxy quotes it: in double quotes when the
   * text has a space, bare otherwise.
   */
  static String comment(String text) {
    return "-m comment --comment " + (text.contains(" ") ? "\"" + text + "\"" : text);
  }

  /** The table in {@code iptables-save} form, ending with {@code COMMIT}. */
  String render(String header) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(header).append('\n');
    b.append('*').append(name).append('\n');
    for (String c : builtins) {
      b.append(':').append(c).append(" ACCEPT [0:0]\n");
    }
    for (String c : userChains.keySet()) {
      b.append(':').append(c).append(" - [0:0]\n");
    }
    for (String c : builtins) {
      rules.get(c).forEach(r -> b.append(r).append('\n'));
    }
    for (String c : userChains.keySet()) {
      rules.get(c).forEach(r -> b.append(r).append('\n'));
    }
    b.append("COMMIT\n");
    b.append("# Completed\n");
    return b.toString();
  }
}
