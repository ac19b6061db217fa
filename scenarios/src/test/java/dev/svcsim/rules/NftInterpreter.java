package dev.svcsim.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a packet through an {@code nft list ruleset} listing of one table: the base chains of
 * the packet's hook in priority order (prerouting or output), then input or forward, then
 * postrouting for the masquerade decision.
 *
 * <p>Expressions understood: {@code ip saddr/daddr}, {@code meta l4proto}, {@code th dport},
 * {@code tcp/udp/sctp dport}, {@code fib saddr/daddr type}, {@code ct state}, {@code mark and M},
 * concatenations with {@code .}, compared with {@code ==} (or nothing), {@code !=}, a value, a
 * CIDR, an anonymous set {@code { a, b }} or a named set {@code @name}; verdict maps {@code vmap
 * @name} and {@code vmap { k : verdict, ... }}; {@code numgen random mod N} (every value
 * followed); {@code ip saddr @affinity-...} (both outcomes followed). Statements: {@code jump},
 * {@code goto}, {@code return}, {@code accept}, {@code drop}, {@code reject}, {@code dnat to},
 * {@code masquerade}, {@code mark set mark or/xor V}, {@code update @set { ... }},
 * {@code comment}.
 */
public final class NftInterpreter implements RulesInterpreter {

  private static final int MAX_DEPTH = 64;

  /** A named set or map. */
  private static final class Container {
    final boolean map;
    final List<String> elements = new ArrayList<>();
    final Map<String, String> entries = new LinkedHashMap<>();
    boolean dynamic;

    Container(boolean map) {
      this.map = map;
    }
  }

  /** A chain: for a base chain its type, hook and priority. */
  private static final class Chain {
    final String name;
    String type;
    String hook;
    int priority;
    final List<List<String>> rules = new ArrayList<>();
    final List<String> texts = new ArrayList<>();

    Chain(String name) {
      this.name = name;
    }
  }

  private record View(String src, String dst, int dport, String proto, boolean srcLocal, boolean dstLocal) {}

  private record State(long mark, boolean marked, List<String> trace) {
    State with(String step) {
      List<String> t = new ArrayList<>(trace);
      t.add(step);
      return new State(mark, marked, t);
    }
  }

  /** What a rule (one branch of it) does. */
  private record Step(State state, String action, String argument) {}

  private record End(State state, String terminal, String argument) {}

  private final Map<String, Container> containers = new LinkedHashMap<>();
  private final Map<String, Chain> chains = new LinkedHashMap<>();
  private final Set<String> localAddresses;

  /** Parses {@code text}; {@code localAddresses} are the node's own addresses. */
  public NftInterpreter(String text, Set<String> localAddresses) {
    this.localAddresses = Set.copyOf(localAddresses);
    String[] lines = text.split("\n");
    int depth = 0;
    Container container = null;
    Chain chain = null;
    boolean tableSeen = false;
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      // gather a statement whose braces span lines
      boolean opensBlock = line.matches("^(table|set|map|chain) .*\\{$");
      while (!opensBlock && braces(line) > 0 && n + 1 < lines.length) {
        line = line + " " + lines[++n].strip();
      }
      if (depth == 0) {
        if (!line.startsWith("table ") || !line.endsWith("{")) {
          throw error(n, "expected a table: " + line);
        }
        if (tableSeen) {
          throw error(n, "a second table: this interpreter reads one");
        }
        tableSeen = true;
        depth = 1;
      } else if (depth == 1) {
        if (line.equals("}")) {
          depth = 0;
        } else if (line.startsWith("comment ")) {
          continue;
        } else if (line.startsWith("set ") || line.startsWith("map ")) {
          String name = line.split(" ")[1];
          if (containers.containsKey(name) || !line.endsWith("{")) {
            throw error(n, "set or map declared twice, or badly: " + line);
          }
          container = new Container(line.startsWith("map "));
          containers.put(name, container);
          depth = 2;
        } else if (line.startsWith("chain ")) {
          String name = line.split(" ")[1];
          if (chains.containsKey(name) || !line.endsWith("{")) {
            throw error(n, "chain declared twice, or badly: " + line);
          }
          chain = new Chain(name);
          chains.put(name, chain);
          depth = 3;
        } else {
          throw error(n, "not a set, map or chain: " + line);
        }
      } else if (depth == 2) {
        if (line.equals("}")) {
          container = null;
          depth = 1;
        } else if (line.startsWith("flags ")) {
          container.dynamic = line.contains("dynamic");
        } else if (line.startsWith("elements = {")) {
          readElements(container, line.substring(line.indexOf('{') + 1, line.lastIndexOf('}')), n);
        } else if (!line.startsWith("type ") && !line.startsWith("timeout ") && !line.startsWith("comment ")) {
          throw error(n, "not understood in a set or map: " + line);
        }
      } else {
        if (line.equals("}")) {
          chain = null;
          depth = 1;
        } else if (line.startsWith("type ") && line.contains(" hook ")) {
          List<String> t = tokenize(line);
          chain.type = t.get(1);
          chain.hook = t.get(3);
          chain.priority = Integer.parseInt(t.get(5));
        } else if (line.startsWith("comment ") && chain.rules.isEmpty()) {
          continue;
        } else {
          chain.rules.add(tokenize(line));
          chain.texts.add(line);
        }
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced braces: the listing ends inside a block");
    }
  }

  private static int braces(String line) {
    int d = 0;
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '{') {
        d++;
      } else if (!quoted && c == '}') {
        d--;
      }
    }
    return d;
  }

  private static IllegalArgumentException error(int line, String message) {
    return new IllegalArgumentException("line " + (line + 1) + ": " + message);
  }

  private static void readElements(Container c, String body, int line) {
    for (String e : splitTopLevel(body)) {
      String element = e.strip();
      if (element.isEmpty()) {
        continue;
      }
      if (!c.map) {
        c.elements.add(element);
        continue;
      }
      int colon = element.lastIndexOf(" : ");
      if (colon < 0) {
        throw error(line, "a map element without a verdict: " + element);
      }
      c.entries.put(key(element.substring(0, colon)), element.substring(colon + 3).strip());
    }
  }

  /** {@code "10.0.0.1 . tcp . 80 comment \"x\""} as {@code "10.0.0.1 . tcp . 80"}. */
  private static String key(String text) {
    List<String> t = tokenize(text);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).equals("comment")) {
        i++;
      } else if (!t.get(i).equals(".")) {
        parts.add(t.get(i));
      }
    }
    return String.join(" . ", parts);
  }

  private static List<String> splitTopLevel(String body) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    for (char c : body.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        out.add(w.toString());
        w.setLength(0);
      } else {
        w.append(c);
      }
    }
    out.add(w.toString());
    return out;
  }

  /** Words, with {@code { } , ;} as words of their own and a quoted string (quotes kept) as one. */
  static List<String> tokenize(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        w.append(c);
      } else if (!quoted && (c == ' ' || c == '\t')) {
        flush(w, out);
      } else if (!quoted && (c == '{' || c == '}' || c == ',' || c == ';')) {
        flush(w, out);
        out.add(String.valueOf(c));
      } else {
        w.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unbalanced quote: " + line);
    }
    flush(w, out);
    return out;
  }

  private static void flush(StringBuilder w, List<String> out) {
    if (w.length() > 0) {
      out.add(w.toString());
      w.setLength(0);
    }
  }

  /** Chain names and their rule texts, for structural checks. */
  public Map<String, List<String>> chains() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    chains.forEach((k, c) -> out.put(k, List.copyOf(c.texts)));
    return out;
  }

  /** The names of the sets and maps. */
  public Set<String> containers() {
    return Set.copyOf(containers.keySet());
  }

  /** The verdicts of the named map's elements (map element key -> verdict). */
  public Map<String, String> mapEntries(String map) {
    return Map.copyOf(containers.get(map).entries);
  }

  @Override
  public Outcomes evaluate(Packet p) {
    View v = new View(p.src(), p.dst(), p.dport(), p.protocol(), p.srcLocal(), p.dstLocal());
    String hook = p.hook() == Packet.Hook.PREROUTING ? "prerouting" : "output";
    List<Outcome> out = new ArrayList<>();
    for (HookEnd h : runHook(hook, v, new State(0, false, List.of()), null)) {
      if (h.verdict() != null) {
        out.add(new Outcome(null, false, h.state().marked(), h.verdict(), h.state().trace()));
        continue;
      }
      View after = h.view();
      String destination = h.dnat();
      if (p.hook() == Packet.Hook.PREROUTING) {
        String next = after.dstLocal() ? "input" : "forward";
        for (HookEnd f : runHook(next, after, h.state(), destination)) {
          if (f.verdict() != null) {
            out.add(new Outcome(null, false, f.state().marked(), f.verdict(), f.state().trace()));
          } else if (next.equals("input")) {
            out.add(new Outcome(destination, false, f.state().marked(), Outcome.Verdict.ACCEPT, f.state().trace()));
          } else {
            postrouting(f, destination, out);
          }
        }
      } else {
        postrouting(h, destination, out);
      }
    }
    return new Outcomes(out);
  }

  private void postrouting(HookEnd h, String destination, List<Outcome> out) {
    for (HookEnd post : runHook("postrouting", h.view(), h.state(), destination)) {
      out.add(new Outcome(destination, post.masquerade(), post.state().marked(),
          post.verdict() == null ? Outcome.Verdict.ACCEPT : post.verdict(), post.state().trace()));
    }
  }

  /** One branch through a hook: verdict null means accepted (maybe DNATed to {@code dnat}). */
  private record HookEnd(View view, State state, Outcome.Verdict verdict, String dnat, boolean masquerade) {}

  private List<HookEnd> runHook(String hook, View v, State s, String dnat) {
    List<Chain> base = chains.values().stream().filter(c -> hook.equals(c.hook))
        .sorted(Comparator.comparingInt(c -> c.priority)).toList();
    List<HookEnd> current = List.of(new HookEnd(v, s, null, dnat, false));
    for (Chain c : base) {
      List<HookEnd> next = new ArrayList<>();
      for (HookEnd h : current) {
        if (h.verdict() != null) {
          next.add(h);
          continue;
        }
        for (End e : walk(c.name, 0, h.view(), h.state().with(c.name), 0)) {
          String term = e.terminal();
          if ("drop".equals(term) || "reject".equals(term)) {
            next.add(new HookEnd(h.view(), e.state(), Outcome.Verdict.valueOf(term.toUpperCase(java.util.Locale.ROOT)),
                h.dnat(), false));
          } else if ("dnat".equals(term)) {
            int colon = e.argument().lastIndexOf(':');
            String ip = e.argument().substring(0, colon);
            int port = Integer.parseInt(e.argument().substring(colon + 1));
            View after = new View(h.view().src(), ip, port, h.view().proto(), h.view().srcLocal(),
                localAddresses.contains(ip) || ip.equals(h.view().dst()) && h.view().dstLocal());
            next.add(new HookEnd(after, e.state(), null, ip + ":" + port, false));
          } else {
            next.add(new HookEnd(h.view(), e.state(), null, h.dnat(), h.masquerade() || "masquerade".equals(term)));
          }
        }
      }
      current = next;
    }
    return current;
  }

  private List<End> walk(String chainName, int from, View v, State s, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("chains nest deeper than " + MAX_DEPTH + " (a loop?) at " + chainName);
    }
    Chain chain = chains.get(chainName);
    if (chain == null) {
      throw new IllegalStateException("jump or goto to a chain that is not defined: " + chainName);
    }
    for (int i = from; i < chain.rules.size(); i++) {
      List<Step> steps = rule(chain.rules.get(i), 0, v, s);
      if (steps.size() == 1 && steps.get(0).action().equals("next")) {
        s = steps.get(0).state();
        continue;
      }
      List<End> out = new ArrayList<>();
      for (Step step : steps) {
        switch (step.action()) {
          case "next" -> out.addAll(walk(chainName, i + 1, v, step.state(), depth));
          case "jump" -> {
            for (End e : walk(step.argument(), 0, v, step.state().with(step.argument()), depth + 1)) {
              if (e.terminal() == null) {
                out.addAll(walk(chainName, i + 1, v, e.state(), depth));
              } else {
                out.add(e);
              }
            }
          }
          case "goto" -> out.addAll(walk(step.argument(), 0, v, step.state().with(step.argument()), depth + 1));
          case "return" -> out.add(new End(step.state(), null, null));
          default -> out.add(new End(step.state(), step.action(), step.argument()));
        }
      }
      return out;
    }
    return List.of(new End(s, null, null));
  }

  /** Runs one rule's words from {@code i}: every branch's state and what it does next. */
  private List<Step> rule(List<String> t, int i, View v, State s) {
    if (i >= t.size()) {
      return List.of(new Step(s, "next", null));
    }
    String w = t.get(i);
    switch (w) {
      case "comment" -> {
        return rule(t, i + 2, v, s);
      }
      case "counter" -> {
        return rule(t, i + 1, v, s);
      }
      case "jump", "goto" -> {
        return List.of(new Step(s, w, t.get(i + 1)));
      }
      case "return", "accept", "drop", "reject" -> {
        return List.of(new Step(s, w, null));
      }
      case "masquerade" -> {
        return List.of(new Step(s, "masquerade", null));
      }
      case "dnat" -> {
        expect(t, i + 1, "to");
        return List.of(new Step(s, "dnat", t.get(i + 2)));
      }
      case "update" -> {
        int close = t.indexOf("}");
        if (!t.get(i + 1).startsWith("@") || !containers.containsKey(t.get(i + 1).substring(1)) || close < i) {
          throw new IllegalArgumentException("update of an unknown set: " + String.join(" ", t));
        }
        return rule(t, close + 1, v, s);
      }
      case "ct" -> {
        expect(t, i + 1, "state");
        // a new connection's packet: state new (a list such as "new, established" holds it too)
        int j = i + 2;
        boolean isNew = t.get(j).equals("new");
        j++;
        while (j + 1 < t.size() && t.get(j).equals(",")) {
          isNew |= t.get(j + 1).equals("new");
          j += 2;
        }
        return isNew ? rule(t, j, v, s) : List.of(new Step(s, "next", null));
      }
      case "mark" -> {
        if (t.get(i + 1).equals("set")) {
          expect(t, i + 2, "mark");
          long value = Long.decode(t.get(i + 4));
          long mark = switch (t.get(i + 3)) {
            case "or" -> s.mark() | value;
            case "xor" -> s.mark() ^ value;
            default -> throw new IllegalArgumentException("mark set " + t.get(i + 3) + " is not understood");
          };
          boolean marked = s.marked() || t.get(i + 3).equals("or") && (value & 0x4000) != 0;
          return rule(t, i + 5, v, new State(mark, marked, s.trace()));
        }
        expect(t, i + 1, "and");
        long masked = s.mark() & Long.decode(t.get(i + 2));
        boolean eq = t.get(i + 3).equals("==");
        if (!eq && !t.get(i + 3).equals("!=")) {
          throw new IllegalArgumentException("mark and M needs == or !=: " + String.join(" ", t));
        }
        boolean match = (masked == Long.decode(t.get(i + 4))) == eq;
        return match ? rule(t, i + 5, v, s) : List.of(new Step(s, "next", null));
      }
      default -> {
        return expression(t, i, v, s);
      }
    }
  }

  private static void expect(List<String> t, int i, String word) {
    if (i >= t.size() || !t.get(i).equals(word)) {
      throw new IllegalArgumentException("expected " + word + " at word " + i + " of: " + String.join(" ", t));
    }
  }

  /** A (concatenated) expression, then a comparison or a verdict map. */
  private List<Step> expression(List<String> t, int i, View v, State s) {
    List<List<String>> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int j = i;
    while (true) {
      String w = t.get(j);
      List<String> vals;
      switch (w) {
        case "ip" -> {
          String f = t.get(j + 1);
          vals = List.of(switch (f) {
            case "saddr" -> v.src();
            case "daddr" -> v.dst();
            default -> throw new IllegalArgumentException("ip " + f + " is not understood");
          });
          names.add("ip " + f);
          j += 2;
        }
        case "meta" -> {
          expect(t, j + 1, "l4proto");
          vals = List.of(v.proto());
          names.add("meta l4proto");
          j += 2;
        }
        case "th", "tcp", "udp", "sctp" -> {
          expect(t, j + 1, "dport");
          boolean protoOk = w.equals("th") || w.equals(v.proto());
          vals = protoOk ? List.of(Integer.toString(v.dport())) : List.of();
          names.add(w + " dport");
          j += 2;
        }
        case "fib" -> {
          String f = t.get(j + 1);
          expect(t, j + 2, "type");
          boolean local = switch (f) {
            case "saddr" -> v.srcLocal();
            case "daddr" -> v.dstLocal();
            default -> throw new IllegalArgumentException("fib " + f + " is not understood");
          };
          vals = List.of(local ? "local" : "unicast");
          names.add("fib " + f + " type");
          j += 3;
        }
        case "numgen" -> {
          expect(t, j + 1, "random");
          expect(t, j + 2, "mod");
          int n = Integer.parseInt(t.get(j + 3));
          List<String> all = new ArrayList<>();
          for (int k = 0; k < n; k++) {
            all.add(Integer.toString(k));
          }
          vals = all;
          names.add("numgen");
          j += 4;
        }
        default -> throw new IllegalArgumentException("expression not understood at \"" + w + "\" in: "
            + String.join(" ", t));
      }
      values.add(vals);
      if (j < t.size() && t.get(j).equals(".")) {
        j++;
        continue;
      }
      break;
    }
    // every combination of the (usually single) values: numgen gives several branches
    List<List<String>> keys = new ArrayList<>();
    keys.add(new ArrayList<>());
    for (List<String> vals : values) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> k : keys) {
        for (String x : vals) {
          List<String> k2 = new ArrayList<>(k);
          k2.add(x);
          next.add(k2);
        }
      }
      keys = next;
    }
    if (j < t.size() && t.get(j).equals("vmap")) {
      return verdictMap(t, j + 1, keys, names, s, v);
    }
    if (keys.isEmpty()) {
      return List.of(new Step(s, "next", null));
    }
    boolean negate = false;
    if (j < t.size() && (t.get(j).equals("!=") || t.get(j).equals("=="))) {
      negate = t.get(j).equals("!=");
      j++;
    }
    if (values.size() != 1 || keys.size() != 1) {
      throw new IllegalArgumentException("only single values are compared: " + String.join(" ", t));
    }
    String actual = keys.get(0).get(0);
    boolean in;
    String what = t.get(j);
    int after;
    if (what.startsWith("@")) {
      Container c = container(what.substring(1));
      if (c.dynamic) {
        // an affinity set: the source may or may not be in it; follow both
        List<Step> out = new ArrayList<>();
        out.addAll(rule(t, j + 1, v, s.with(names.get(0) + " in " + what)));
        out.add(new Step(s.with(names.get(0) + " not in " + what), "next", null));
        return out;
      }
      in = c.elements.stream().anyMatch(e -> equal(e, actual));
      after = j + 1;
    } else if (what.equals("{")) {
      int close = t.indexOf("}");
      List<String> set = new ArrayList<>();
      for (int k = j + 1; k < close; k++) {
        if (!t.get(k).equals(",")) {
          set.add(t.get(k));
        }
      }
      in = set.stream().anyMatch(e -> equal(e, actual));
      after = close + 1;
    } else {
      in = equal(what, actual);
      after = j + 1;
    }
    return in != negate ? rule(t, after, v, s) : List.of(new Step(s, "next", null));
  }

  private Container container(String name) {
    Container c = containers.get(name);
    if (c == null) {
      throw new IllegalStateException("a set or map that is not defined: @" + name);
    }
    return c;
  }

  /** Whether a set element or rule value ({@code 10.0.0.0/8}, {@code tcp}, {@code 80}) holds a value. */
  private static boolean equal(String element, String actual) {
    if (actual.indexOf('.') > 0 && Character.isDigit(actual.charAt(0)) && Character.isDigit(element.charAt(0))
        && element.indexOf('.') > 0) {
      return RulesInterpreter.contains(element, actual);
    }
    return element.equals(actual);
  }

  private List<Step> verdictMap(List<String> t, int j, List<List<String>> keys, List<String> names, State s,
      View v) {
    Map<String, String> map;
    if (t.get(j).startsWith("@")) {
      Container c = container(t.get(j).substring(1));
      if (!c.map) {
        throw new IllegalArgumentException("vmap on a set: " + t.get(j));
      }
      map = c.entries;
    } else {
      expect(t, j, "{");
      map = new LinkedHashMap<>();
      int close = t.lastIndexOf("}");
      List<String> words = t.subList(j + 1, close);
      List<String> entry = new ArrayList<>();
      for (int k = 0; k <= words.size(); k++) {
        if (k == words.size() || words.get(k).equals(",")) {
          int colon = entry.indexOf(":");
          map.put(String.join(" . ", entry.subList(0, colon).stream().filter(x -> !x.equals(".")).toList()),
              String.join(" ", entry.subList(colon + 1, entry.size())));
          entry.clear();
        } else {
          entry.add(words.get(k));
        }
      }
    }
    List<Step> out = new ArrayList<>();
    for (List<String> key : keys) {
      String found = null;
      for (Map.Entry<String, String> e : map.entrySet()) {
        String[] parts = e.getKey().split(" \\. ");
        if (parts.length != key.size()) {
          continue;
        }
        boolean all = true;
        for (int k = 0; k < parts.length; k++) {
          all &= equal(parts[k], key.get(k));
        }
        if (all) {
          found = e.getValue();
          break;
        }
      }
      State branch = keys.size() > 1 ? s.with(String.join(" . ", names) + " = " + String.join(" . ", key)) : s;
      if (found == null) {
        out.add(new Step(branch, "next", null));
      } else {
        List<String> verdict = tokenize(found);
        out.addAll(rule(verdict, 0, v, branch));
      }
    }
    return out;
  }
}
