/**
 * The Kubernetes data plane model: cluster (nodes, pods, zones, IPs), Services and endpoints,
 * kube-proxy modes, load balancers, traffic sources and timeline actions, built on the engine.
 * It depends on sim-engine, JGraphT and Commons Math; never on files, YAML or the command line.
 *
 * <p>Subpackages: {@code net} (addresses), {@code cluster} (nodes, pods, workloads),
 * {@code service} (Services and endpoints), {@code scenario} (a whole validated scenario).
 */
package dev.svcsim.models;
