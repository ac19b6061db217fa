package dev.svcsim.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a packet through an {@code iptables-save} listing: the nat table from PREROUTING or
 * OUTPUT, then the filter table's INPUT, FORWARD or OUTPUT (after DNAT, as netfilter orders
 * them), then nat POSTROUTING for the masquerade decision.
 *
 * <p>Matches understood: {@code -s}, {@code -d}, {@code -p} (each with {@code !}),
 * {@code --dport}, {@code -m addrtype --src-type/--dst-type LOCAL}, {@code -m conntrack
 * --ctstate} and {@code -m state --state} (a new connection is NEW, plus DNAT once translated),
 * {@code -m mark --mark}, {@code -m statistic --probability} and {@code -m recent --rcheck} (both
 * outcomes followed), {@code -m recent --set}, {@code -m comment}, {@code -m nfacct},
 * {@code -m physdev --physdev-is-in} (never true: packets are taken not to come from a bridge
 * port). Targets: ACCEPT, DROP, REJECT, RETURN, MARK, MASQUERADE, DNAT, REDIRECT, user chains
 * ({@code -j} and {@code -g}). A userspace listing's {@code # userspace proxy PORT proto NAME ->
 * ENDPOINTS} lines say where the proxy behind a redirected port sends connections.
 */
public final class IptablesInterpreter implements RulesInterpreter {

  private static final int MAX_DEPTH = 64;
  private static final String PROXY_LINE = "# userspace proxy ";
  private static final Set<String> NEGATABLE = Set.of("-p", "-s", "-d", "--src-type", "--dst-type", "--ctstate",
      "--state", "--mark", "--physdev-is-in");

  /** One table: policies of its built-in chains and the rules of every chain. */
  private static final class Table {
    final Map<String, String> policies = new LinkedHashMap<>();
    final Map<String, List<Rule>> chains = new LinkedHashMap<>();
  }

  /** One parsed rule. */
  private static final class Rule {
    final String text;
    String proto;
    boolean protoNeg;
    String src;
    boolean srcNeg;
    String dst;
    boolean dstNeg;
    Integer dport;
    Boolean srcLocal;
    Boolean dstLocal;
    List<String> ctstates;
    boolean ctNeg;
    long[] mark;
    boolean markNeg;
    String probability;
    String recentName;
    boolean rcheck;
    Boolean physdevIsIn;
    String target;
    boolean isGoto;
    String toDestination;
    Integer toPorts;
    Long orMark;
    Long xorMark;

    Rule(String text) {
      this.text = text;
    }
  }

  /** The packet as a table sees it. */
  private record View(String src, String dst, int dport, String proto, boolean srcLocal, boolean dstLocal,
      boolean dnatted) {}

  /** Where a walk got to. */
  private record State(long mark, boolean marked, List<String> trace) {
    State with(String step) {
      List<String> t = new ArrayList<>(trace);
      t.add(step);
      return new State(mark, marked, t);
    }
  }

  /** The end of one branch of a walk: terminal null means it fell through (end of chain or RETURN). */
  private record End(State state, String terminal, Rule rule) {}

  private final Map<String, Table> tables = new HashMap<>();
  private final Map<Integer, List<String>> proxyPorts = new HashMap<>();
  private final Set<String> localAddresses;

  /** Parses {@code text}; {@code localAddresses} are the node's own addresses. */
  public IptablesInterpreter(String text, Set<String> localAddresses) {
    this.localAddresses = Set.copyOf(localAddresses);
    Table current = null;
    String currentName = null;
    int n = 0;
    for (String raw : text.split("\n")) {
      n++;
      String line = raw.strip();
      if (line.startsWith(PROXY_LINE)) {
        parseProxyLine(line.substring(PROXY_LINE.length()));
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("*")) {
        if (current != null) {
          throw error(n, "table " + line + " starts before " + currentName + " was committed");
        }
        currentName = line.substring(1);
        if (tables.containsKey(currentName)) {
          throw error(n, "table " + currentName + " appears twice");
        }
        current = new Table();
        tables.put(currentName, current);
      } else if (current == null) {
        throw error(n, "outside a table: " + line);
      } else if (line.equals("COMMIT")) {
        current = null;
      } else if (line.startsWith(":")) {
        String[] w = line.substring(1).split(" ");
        if (current.chains.containsKey(w[0])) {
          throw error(n, "chain " + w[0] + " declared twice");
        }
        current.chains.put(w[0], new ArrayList<>());
        if (!w[1].equals("-")) {
          current.policies.put(w[0], w[1]);
        }
      } else if (line.startsWith("-A ")) {
        List<String> tokens = tokenize(line);
        List<Rule> chain = current.chains.get(tokens.get(1));
        if (chain == null) {
          throw error(n, "rule for a chain not declared: " + line);
        }
        chain.add(parse(tokens, line, n));
      } else {
        throw error(n, "not an iptables-save line: " + line);
      }
    }
    if (current != null) {
      throw new IllegalArgumentException("table " + currentName + " has no COMMIT");
    }
  }

  private void parseProxyLine(String rest) {
    // "36000 tcp ns/svc:port -> 10.0.0.1:80 10.0.0.2:80" or "... -> (no endpoints: ...)"
    String[] halves = rest.split(" -> ", 2);
    int port = Integer.parseInt(halves[0].split(" ")[0]);
    List<String> eps = new ArrayList<>();
    if (!halves[1].startsWith("(")) {
      for (String e : halves[1].strip().split(" ")) {
        eps.add(e);
      }
    }
    proxyPorts.put(port, eps);
  }

  private static IllegalArgumentException error(int line, String message) {
    return new IllegalArgumentException("line " + line + ": " + message);
  }

  /** Splits on spaces, keeping a double-quoted string (quotes removed) as one word. */
  static List<String> tokenize(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          out.add(w.toString());
          w.setLength(0);
          any = false;
        }
      } else {
        w.append(c);
        any = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unbalanced quote: " + line);
    }
    if (any) {
      out.add(w.toString());
    }
    return out;
  }

  private static Rule parse(List<String> t, String text, int line) {
    Rule r = new Rule(text);
    boolean neg = false;
    for (int i = 2; i < t.size(); i++) {
      String w = t.get(i);
      boolean negHere = neg;
      neg = false;
      switch (w) {
        case "!" -> neg = true;
        case "-m" -> i++;
        case "--comment", "--seconds", "--nfacct-name", "--mode" -> i++;
        case "--reap", "--random-fully", "--set" -> { }
        case "-p" -> {
          r.proto = t.get(++i);
          r.protoNeg = negHere;
        }
        case "-s" -> {
          r.src = t.get(++i);
          r.srcNeg = negHere;
        }
        case "-d" -> {
          r.dst = t.get(++i);
          r.dstNeg = negHere;
        }
        case "--dport" -> r.dport = Integer.parseInt(t.get(++i));
        case "--probability" -> r.probability = t.get(++i);
        case "--name" -> r.recentName = t.get(++i);
        case "--rcheck" -> r.rcheck = true;
        case "--src-type" -> r.srcLocal = local(t.get(++i), negHere, line);
        case "--dst-type" -> r.dstLocal = local(t.get(++i), negHere, line);
        case "--ctstate", "--state" -> {
          r.ctstates = List.of(t.get(++i).split(","));
          r.ctNeg = negHere;
        }
        case "--mark" -> {
          String[] vm = t.get(++i).split("/");
          long v = Long.decode(vm[0]);
          r.mark = new long[] {v, vm.length > 1 ? Long.decode(vm[1]) : 0xffffffffL};
          r.markNeg = negHere;
        }
        case "--physdev-is-in" -> r.physdevIsIn = !negHere;
        case "-j", "-g" -> {
          r.target = t.get(++i);
          r.isGoto = w.equals("-g");
        }
        case "--to-destination" -> r.toDestination = t.get(++i);
        case "--to-ports" -> r.toPorts = Integer.parseInt(t.get(++i));
        case "--or-mark" -> r.orMark = Long.decode(t.get(++i));
        case "--xor-mark" -> r.xorMark = Long.decode(t.get(++i));
        default -> throw error(line, "unknown option " + w + " in: " + text);
      }
      if (negHere && !NEGATABLE.contains(w)) {
        throw error(line, "! before " + w + " is not understood in: " + text);
      }
    }
    return r;
  }

  private static Boolean local(String type, boolean neg, int line) {
    if (!type.equals("LOCAL")) {
      throw error(line, "only addrtype LOCAL is understood, not " + type);
    }
    return !neg;
  }

  /** The tables read, for structural checks: table -> chain -> rule texts. */
  public Map<String, Map<String, List<String>>> chains() {
    Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
    tables.forEach((name, t) -> {
      Map<String, List<String>> m = new LinkedHashMap<>();
      t.chains.forEach((c, rules) -> m.put(c, rules.stream().map(r -> r.text).toList()));
      out.put(name, m);
    });
    return out;
  }

  @Override
  public Outcomes evaluate(Packet p) {
    Table nat = table("nat");
    Table filter = table("filter");
    String start = p.hook() == Packet.Hook.PREROUTING ? "PREROUTING" : "OUTPUT";
    View before = new View(p.src(), p.dst(), p.dport(), p.protocol(), p.srcLocal(), p.dstLocal(), false);
    List<Outcome> out = new ArrayList<>();
    for (End natEnd : walk(nat, start, 0, before, new State(0, false, List.of("nat " + start)), 0)) {
      String term = natEnd.terminal();
      State s = natEnd.state();
      if ("DROP".equals(term) || "REJECT".equals(term)) {
        out.add(new Outcome(null, false, s.marked(), Outcome.Verdict.valueOf(term), s.trace()));
        continue;
      }
      View after = before;
      String destination = null;
      List<String> proxied = null;
      if ("DNAT".equals(term) || "REDIRECT".equals(term)) {
        Rule r = natEnd.rule();
        String ip;
        int port;
        if (r.toPorts != null) {
          ip = p.dst();
          port = r.toPorts;
        } else {
          int colon = r.toDestination.lastIndexOf(':');
          ip = r.toDestination.substring(0, colon);
          port = Integer.parseInt(r.toDestination.substring(colon + 1));
        }
        proxied = proxyPorts.get(port);
        boolean dstLocal = "REDIRECT".equals(term) || proxied != null || localAddresses.contains(ip)
            || ip.equals(p.dst()) && p.dstLocal();
        after = new View(p.src(), ip, port, p.protocol(), p.srcLocal(), dstLocal, true);
        destination = ip + ":" + port;
      }
      String filterChain = p.hook() == Packet.Hook.OUTPUT ? "OUTPUT" : after.dstLocal() ? "INPUT" : "FORWARD";
      for (End f : walk(filter, filterChain, 0, after, s.with("filter " + filterChain), 0)) {
        String verdict = f.terminal() == null ? filter.policies.get(filterChain) : f.terminal();
        if (!verdict.equals("ACCEPT")) {
          out.add(new Outcome(null, false, f.state().marked(), Outcome.Verdict.valueOf(verdict), f.state().trace()));
          continue;
        }
        if (proxied != null) {
          // the userspace proxy takes the connection and dials an endpoint from the node
          if (proxied.isEmpty()) {
            out.add(new Outcome(null, true, f.state().marked(), Outcome.Verdict.REJECT,
                f.state().with("userspace proxy " + after.dport() + ": no endpoints").trace()));
          }
          for (String e : proxied) {
            out.add(new Outcome(e, true, f.state().marked(), Outcome.Verdict.ACCEPT,
                f.state().with("userspace proxy " + after.dport()).trace()));
          }
          continue;
        }
        if (filterChain.equals("INPUT")) {
          out.add(new Outcome(destination, false, f.state().marked(), Outcome.Verdict.ACCEPT, f.state().trace()));
          continue;
        }
        for (End post : walk(nat, "POSTROUTING", 0, after, f.state().with("nat POSTROUTING"), 0)) {
          boolean masq = "MASQUERADE".equals(post.terminal());
          out.add(new Outcome(destination, masq, post.state().marked(), Outcome.Verdict.ACCEPT, post.state().trace()));
        }
      }
    }
    return new Outcomes(out);
  }

  private Table table(String name) {
    Table t = tables.get(name);
    if (t == null) {
      throw new IllegalStateException("no *" + name + " table in the listing");
    }
    return t;
  }

  private List<End> walk(Table t, String chain, int from, View v, State s, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("chains nest deeper than " + MAX_DEPTH + " (a loop?) at " + chain);
    }
    List<Rule> rules = t.chains.get(chain);
    if (rules == null) {
      throw new IllegalStateException("jump to a chain that is not declared: " + chain);
    }
    for (int i = from; i < rules.size(); i++) {
      Rule r = rules.get(i);
      if (!matches(r, v, s)) {
        continue;
      }
      if (r.probability != null || r.rcheck) {
        String what = r.probability != null ? "probability " + r.probability : "recent " + r.recentName;
        List<End> out = new ArrayList<>(walk(t, chain, i + 1, v, s.with("not " + what), depth));
        out.addAll(apply(t, chain, i, r, v, s.with(what), depth));
        return out;
      }
      return apply(t, chain, i, r, v, s, depth);
    }
    return List.of(new End(s, null, null));
  }

  private List<End> apply(Table t, String chain, int i, Rule r, View v, State s, int depth) {
    String target = r.target;
    if (target == null) {
      return walk(t, chain, i + 1, v, s, depth);
    }
    switch (target) {
      case "ACCEPT", "DROP", "REJECT", "MASQUERADE", "DNAT", "REDIRECT" -> {
        return List.of(new End(s, target, r));
      }
      case "RETURN" -> {
        return List.of(new End(s, null, r));
      }
      case "MARK" -> {
        long mark = s.mark();
        if (r.orMark != null) {
          mark |= r.orMark;
        }
        if (r.xorMark != null) {
          mark ^= r.xorMark;
        }
        boolean marked = s.marked() || r.orMark != null && (r.orMark & 0x4000) != 0;
        return walk(t, chain, i + 1, v, new State(mark, marked, s.trace()), depth);
      }
      default -> {
        if (t.policies.containsKey(target)) {
          throw new IllegalStateException("jump to a built-in chain: " + r.text);
        }
        List<End> sub = walk(t, target, 0, v, s.with(target), depth + 1);
        if (r.isGoto) {
          return sub;
        }
        List<End> out = new ArrayList<>();
        for (End e : sub) {
          if (e.terminal() != null) {
            out.add(e);
          } else {
            out.addAll(walk(t, chain, i + 1, v, e.state(), depth));
          }
        }
        return out;
      }
    }
  }

  private static boolean matches(Rule r, View v, State s) {
    if (r.proto != null && r.proto.equals(v.proto()) == r.protoNeg) {
      return false;
    }
    if (r.src != null && RulesInterpreter.contains(r.src, v.src()) == r.srcNeg) {
      return false;
    }
    if (r.dst != null && RulesInterpreter.contains(r.dst, v.dst()) == r.dstNeg) {
      return false;
    }
    if (r.dport != null && r.dport != v.dport()) {
      return false;
    }
    if (r.srcLocal != null && r.srcLocal != v.srcLocal()) {
      return false;
    }
    if (r.dstLocal != null && r.dstLocal != v.dstLocal()) {
      return false;
    }
    if (r.ctstates != null) {
      boolean any = r.ctstates.contains("NEW") || v.dnatted() && r.ctstates.contains("DNAT");
      if (any == r.ctNeg) {
        return false;
      }
    }
    if (r.mark != null && ((s.mark() & r.mark[1]) == r.mark[0]) == r.markNeg) {
      return false;
    }
    if (r.physdevIsIn != null && r.physdevIsIn) {
      return false;
    }
    return true;
  }
}
