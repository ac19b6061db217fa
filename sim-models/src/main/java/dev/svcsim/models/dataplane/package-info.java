/**
 * The running data plane: pods that serve requests, the endpoints the control plane publishes,
 * each node's kube-proxy (one implementation per mode), load balancers with health checks,
 * traffic sources, and the timeline of changes, all as discrete events on one
 * {@link dev.svcsim.engine.Simulation}.
 */
package dev.svcsim.models.dataplane;
