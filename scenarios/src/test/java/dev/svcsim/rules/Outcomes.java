package dev.svcsim.rules;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Every way a node's rules can handle one packet, with views for assertions. */
public record Outcomes(List<Outcome> all) {

  public Outcomes {
    all = List.copyOf(all);
  }

  /** The endpoints ({@code ip:port}) some branch delivers the packet to, sorted. */
  public Set<String> destinations() {
    return all.stream().filter(Outcome::delivered).map(Outcome::destination)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every verdict some branch reaches. */
  public Set<Outcome.Verdict> verdicts() {
    return all.stream().map(Outcome::verdict).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The one verdict every branch reaches; an error when branches disagree. */
  public Outcome.Verdict verdict() {
    Set<Outcome.Verdict> v = verdicts();
    if (v.size() != 1) {
      throw new IllegalStateException("branches end differently: " + this);
    }
    return v.iterator().next();
  }

  /** Whether some delivering branch masquerades (true), none does (false), or it is unknown (null). */
  public Boolean masquerade() {
    boolean any = false;
    for (Outcome o : all) {
      if (o.delivered()) {
        if (o.masquerade() == null) {
          return null;
        }
        any |= o.masquerade();
      }
    }
    return any;
  }

  /** Whether every delivering branch masquerades; null when unknown. */
  public Boolean alwaysMasquerade() {
    for (Outcome o : all) {
      if (o.delivered()) {
        if (o.masquerade() == null) {
          return null;
        }
        if (!o.masquerade()) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return all.stream().map(Outcome::toString).collect(Collectors.joining("\n  ", "[\n  ", "\n]"));
  }
}
