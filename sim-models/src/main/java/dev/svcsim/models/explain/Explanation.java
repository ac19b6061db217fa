package dev.svcsim.models.explain;

import java.util.List;
import java.util.Objects;

/**
 * The life of one connection.
 *
 * @param request what was asked for
 * @param found whether a matching connection was made; if not, {@code notFound} says why and
 *     there are no steps
 * @param notFound why no connection matched, or ""
 * @param service the Service the traffic goes to ({@code ns/name})
 * @param port the Service port (its name, or its number)
 * @param steps what happened, in time order
 * @param outcome {@code delivered}, {@code failed}, or {@code open} (still open when the run ended)
 * @param failure the failure reason's key, or ""
 * @param decision what kube-proxy decided, or null when no kube-proxy handled it (DNS names,
 *     or a failure before any node)
 */
public record Explanation(ExplainRequest request, boolean found, String notFound, String service,
    String port, List<Step> steps, String outcome, String failure, Decision decision) {

  public Explanation {
    Objects.requireNonNull(request, "request");
    steps = List.copyOf(steps);
  }
}
