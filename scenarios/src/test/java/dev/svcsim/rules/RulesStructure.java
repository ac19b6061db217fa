package dev.svcsim.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structural checks of printed rules, as the real tools would insist on them: each returns the
 * problems found (empty when the listing is well formed).
 */
public final class RulesStructure {

  private RulesStructure() {}

  private static final Set<String> BUILT_IN_TARGETS =
      Set.of("ACCEPT", "DROP", "REJECT", "RETURN", "MARK", "MASQUERADE", "DNAT", "REDIRECT");
  private static final Pattern TARGET = Pattern.compile(" -[jg] (\\S+)");
  private static final Pattern SERVICE_CHAIN = Pattern.compile("^KUBE-(SVC|SVL|EXT|FW|SEP)-[A-Z2-7]{16}$");

  /**
   * {@code iptables-save}: every table opens with {@code *name} and closes with {@code COMMIT};
   * every chain is declared once, before any rule; every rule's chain and every {@code -j}/{@code
   * -g} target is declared in its table (or is a built-in target); every per-service chain is
   * jumped to and has rules.
   */
  public static List<String> iptablesSave(String text) {
    List<String> problems = new ArrayList<>();
    String table = null;
    boolean rulesStarted = false;
    Set<String> declared = new HashSet<>();
    Set<String> builtIns = new HashSet<>();
    Map<String, Integer> ruleCount = new HashMap<>();
    Set<String> targets = new HashSet<>();
    Set<String> tables = new LinkedHashSet<>();
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String at = "line " + n + ": ";
      if (table == null) {
        if (!line.startsWith("*")) {
          problems.add(at + "outside a table (a table starts with *name): " + line);
          continue;
        }
        table = line.substring(1);
        if (!tables.add(table)) {
          problems.add(at + "table " + table + " appears twice");
        }
        rulesStarted = false;
        declared.clear();
        builtIns.clear();
        ruleCount.clear();
        targets.clear();
        continue;
      }
      if (line.equals("COMMIT")) {
        for (String c : declared) {
          if (SERVICE_CHAIN.matcher(c).matches()) {
            if (!targets.contains(c)) {
              problems.add(table + ": chain " + c + " is declared but nothing jumps to it");
            }
            if (ruleCount.getOrDefault(c, 0) == 0) {
              problems.add(table + ": chain " + c + " has no rules");
            }
          }
        }
        table = null;
        continue;
      }
      if (line.startsWith(":")) {
        String[] w = line.substring(1).split(" ");
        if (rulesStarted) {
          problems.add(at + "chain " + w[0] + " declared after the first rule");
        }
        if (!declared.add(w[0])) {
          problems.add(at + "chain " + w[0] + " declared twice");
        }
        if (w.length != 3 || !w[2].equals("[0:0]")) {
          problems.add(at + "not a chain declaration: " + line);
        } else if (!w[1].equals("-")) {
          builtIns.add(w[0]);
        }
        continue;
      }
      if (!line.startsWith("-A ")) {
        problems.add(at + "not an iptables-save line: " + line);
        continue;
      }
      rulesStarted = true;
      String chain = line.split(" ")[1];
      if (!declared.contains(chain)) {
        problems.add(at + "rule for a chain not declared: " + line);
      }
      ruleCount.merge(chain, 1, Integer::sum);
      Matcher m = TARGET.matcher(line);
      while (m.find()) {
        String t = m.group(1);
        if (BUILT_IN_TARGETS.contains(t)) {
          continue;
        }
        if (!declared.contains(t) || builtIns.contains(t)) {
          problems.add(at + "target " + t + " is neither a built-in target nor a declared chain: " + line);
        }
        targets.add(t);
      }
    }
    if (table != null) {
      problems.add("table " + table + " has no COMMIT");
    }
    if (tables.isEmpty()) {
      problems.add("no table at all");
    }
    return problems;
  }

  private static final Pattern JUMP = Pattern.compile("\\b(?:goto|jump) ([^\\s,}]+)");
  private static final Pattern REF = Pattern.compile("@([A-Za-z0-9_./-]+)");

  /**
   * {@code nft list ruleset}: braces balance; every {@code goto}/{@code jump} (in rules and in map
   * elements) names a defined chain, every {@code @name} a defined set or map; every per-service
   * chain and every affinity set is used.
   */
  public static List<String> nft(String text) {
    List<String> problems = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    for (char c : text.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '{') {
        depth++;
      } else if (!quoted && c == '}') {
        depth--;
        if (depth < 0) {
          problems.add("a } closes nothing");
          depth = 0;
        }
      }
    }
    if (depth != 0 || quoted) {
      problems.add("unbalanced braces or quotes at the end");
    }
    Set<String> chains = new HashSet<>();
    Set<String> containers = new HashSet<>();
    Set<String> jumped = new HashSet<>();
    Set<String> referenced = new HashSet<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("chain ")) {
        if (!chains.add(line.split(" ")[1])) {
          problems.add("chain " + line.split(" ")[1] + " defined twice");
        }
        continue;
      }
      if (line.startsWith("set ") || line.startsWith("map ")) {
        if (!containers.add(line.split(" ")[1])) {
          problems.add(line.split(" ")[0] + " " + line.split(" ")[1] + " defined twice");
        }
        continue;
      }
      String code = line.replaceAll("\"[^\"]*\"", "\"\"");
      Matcher j = JUMP.matcher(code);
      while (j.find()) {
        jumped.add(j.group(1));
      }
      Matcher r = REF.matcher(code);
      while (r.find()) {
        referenced.add(r.group(1));
      }
    }
    for (String c : jumped) {
      if (!chains.contains(c)) {
        problems.add("goto/jump to a chain that is not defined: " + c);
      }
    }
    for (String s : referenced) {
      if (!containers.contains(s)) {
        problems.add("@" + s + " is not a defined set or map");
      }
    }
    for (String c : chains) {
      if (c.matches("^(service|local|external|firewall|endpoint)-.*") && !jumped.contains(c)) {
        problems.add("chain " + c + " is defined but nothing goes to it");
      }
    }
    for (String s : containers) {
      if (s.startsWith("affinity-") && !referenced.contains(s)) {
        problems.add("set " + s + " is defined but never used");
      }
    }
    return problems;
  }

  /** {@code ipvsadm -Ln}: the three header lines first, then virtual servers each with its real servers. */
  public static List<String> ipvsadm(String text) {
    List<String> problems = new ArrayList<>();
    List<String> lines = text.lines().filter(l -> !l.startsWith("#")).toList();
    List<String> header = List.of("IP Virtual Server version 1.2.1 (size=4096)", "Prot LocalAddress:Port Scheduler Flags",
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn");
    if (lines.size() < 3 || !lines.subList(0, 3).equals(header)) {
      problems.add("the ipvsadm header is missing or different");
      return problems;
    }
    try {
      new IpvsInterpreter(text);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (lines.size() > 3 && lines.get(3).startsWith("  ->")) {
      problems.add("a real server before any virtual server");
    }
    return problems;
  }
}
