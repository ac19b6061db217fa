package dev.svcsim.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.explain.ExplainRequest;
import dev.svcsim.models.explain.Explanation;
import dev.svcsim.models.explain.Step;
import dev.svcsim.models.rules.Rules;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.models.scenario.TrafficSource;
import dev.svcsim.reports.ExplainWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule {@code explain} quotes is a rule {@code rules} prints, word for word. The kube-proxy
 * step quotes a rule as {@code CHAIN: <rule>} ending its line (iptables: what follows
 * {@code -A CHAIN }; nftables: a line of {@code chain CHAIN}) and a map element as
 * {@code @MAP: <element>}. For every bundled example in the iptables and nftables modes, for each
 * traffic source's first connection, first failed connection and (with a timeline) first
 * connection after the middle of the run, each such quote must be in the rules printed for the
 * entry node at that moment. Only the walk through nftables' shared {@code masquerading} chain is
 * prose, not a quote.
 */
public class ExplainQuotesRulesTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Path example : RulesFixtures.examples()) {
      for (String mode : List.of("iptables", "nftables")) {
        out.add(Arguments.of(example.getFileName().toString(), mode));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void everyQuotedRuleIsPrinted(String example, String mode) {
    Scenario s = RulesFixtures.load(Path.of("examples", example), "spec.cluster.kubeProxy.mode=" + mode);
    int quotes = 0;
    boolean proxied = false;
    for (TrafficSource t : s.traffic()) {
      List<ExplainRequest> requests = new ArrayList<>(List.of(new ExplainRequest(t.name(), 1, null, 0, false),
          new ExplainRequest(t.name(), 1, null, 0, true)));
      if (!s.events().isEmpty()) {
        requests.add(new ExplainRequest(t.name(), 1, null, s.endNanos() / 2, false));
      }
      for (ExplainRequest r : requests) {
        Explanation e = DataPlane.explain(s, RunOptions.DEFAULT, r);
        if (e.found() && e.decision() != null) {
          proxied = true;
          quotes += check(s, e);
        }
      }
    }
    assertTrue(!proxied || quotes > 0, example + ": explain quoted no rule");
  }

  /** Checks every quote of the kube-proxy step; returns how many there were. */
  public static int check(Scenario s, Explanation e) {
    Step step = e.steps().stream().filter(st -> st.kind().equals("kubeProxy")).findFirst().orElseThrow();
    String node = e.decision().node();
    List<String> problems = null;
    int quotes = 0;
    // events at exactly the connection's time may come before or after it: try both sides
    for (long at : step.atNanos() > 0 ? new long[] {step.atNanos(), step.atNanos() - 1} : new long[] {step.atNanos()}) {
      String text = Rules.render(RulesFixtures.view(s, node, at));
      Map<String, Set<String>> printed = parse(text);
      List<String> keys = new ArrayList<>(printed.keySet());
      keys.sort(Comparator.comparingInt(String::length).reversed());
      List<String> missing = new ArrayList<>();
      quotes = 0;
      for (String line : step.lines()) {
        String[] q = quote(line, keys);
        if (q == null) {
          continue;
        }
        quotes++;
        if (!printed.get(q[0]).contains(q[1])) {
          missing.add(line + "\n    not in " + q[0] + ": " + printed.get(q[0]));
        }
      }
      if (missing.isEmpty()) {
        return quotes;
      }
      problems = missing;
    }
    throw new AssertionError("explain quotes rules that `rules` does not print on " + node + ":\n"
        + String.join("\n", problems) + "\n--- explain ---\n" + ExplainWriter.text(e, false));
  }

  /** {chain or @map, rule or element} of the quote ending {@code line}, or null. */
  private static String[] quote(String line, List<String> keys) {
    String[] best = null;
    int bestAt = -1;
    for (String k : keys) {
      if (k.equals("masquerading")) {
        continue;
      }
      int at = line.lastIndexOf(k + ": ");
      if (at > bestAt && (at == 0 || line.charAt(at - 1) == ' ')) {
        best = new String[] {k, line.substring(at + k.length() + 2)};
        bestAt = at;
      }
    }
    // iptables rules start with an option; prose after "KUBE-SERVICES: " is not a quote
    if (best != null && best[0].startsWith("KUBE-") && !best[1].startsWith("-")) {
      return null;
    }
    return best;
  }

  /** iptables: chain -> the text after "-A chain "; nftables: chain -> its lines, @map -> its elements. */
  static Map<String, Set<String>> parse(String text) {
    Map<String, Set<String>> out = new HashMap<>();
    String current = null;
    boolean elements = false;
    for (String raw : text.split("\n")) {
      if (raw.startsWith("-A ")) {
        int sp = raw.indexOf(' ', 3);
        out.computeIfAbsent(raw.substring(3, sp), k -> new HashSet<>()).add(raw.substring(sp + 1));
        continue;
      }
      if (raw.startsWith("\tchain ") || raw.startsWith("\tmap ") || raw.startsWith("\tset ")) {
        String[] w = raw.trim().split(" ");
        current = (w[0].equals("chain") ? "" : "@") + w[1];
        out.computeIfAbsent(current, k -> new HashSet<>());
        elements = false;
        continue;
      }
      if (current == null || !raw.startsWith("\t\t")) {
        continue;
      }
      String line = raw.trim();
      if (current.startsWith("@")) {
        if (line.startsWith("elements = { ")) {
          elements = true;
          line = line.substring("elements = { ".length());
        }
        if (!elements) {
          continue;
        }
        if (line.endsWith(" }")) {
          elements = false;
          line = line.substring(0, line.length() - 2);
        } else if (line.endsWith(",")) {
          line = line.substring(0, line.length() - 1);
        }
      }
      out.get(current).add(line);
    }
    return out;
  }
}
